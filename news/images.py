"""Hero images: checked on upload, resized once into the widths the templates use."""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_BYTES = 10 * 1024 * 1024
MIN_SIZE = (480, 270)
MAX_SIZE = (8000, 8000)
RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_FOLDER = "news/renditions"


def validate_image(file):
    """Accept only a real image of reasonable weight and dimensions."""
    if getattr(file, "_committed", False):
        # The stored image of an article saved again: checked when it was uploaded, and its
        # file is closed (or, on S3, not worth downloading to check again).
        return
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s."),
            code="file_too_big",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_BYTES)},
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            width, height = image.size
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("The file is not a valid image."), code="not_an_image") from error
    finally:
        file.seek(0)
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        raise ValidationError(
            _("The image must be at least %(width)s×%(height)s pixels."),
            code="image_too_small",
            params={"width": MIN_SIZE[0], "height": MIN_SIZE[1]},
        )
    if width > MAX_SIZE[0] or height > MAX_SIZE[1]:
        raise ValidationError(
            _("The image must be at most %(width)s×%(height)s pixels."),
            code="image_too_large",
            params={"width": MAX_SIZE[0], "height": MAX_SIZE[1]},
        )


def make_renditions(field_file):
    """Resize a stored image to each rendition width (never enlarging it) as WebP files.

    Returns what the templates need: the source's name and, per width, the file name and height.
    """
    storage = field_file.storage
    stem = PurePosixPath(field_file.name).stem
    with field_file.open("rb"), Image.open(field_file) as original:
        image = ImageOps.exif_transpose(original)
        if image.mode not in {"RGB", "RGBA"}:
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        widths = sorted({min(width, image.width) for width in RENDITION_WIDTHS})
        sizes = []
        for width in widths:
            height = round(image.height * width / image.width)
            resized = image.resize((width, height), Image.Resampling.LANCZOS)
            buffer = BytesIO()
            resized.save(buffer, "WEBP", quality=82)
            name = storage.save(
                f"{RENDITION_FOLDER}/{stem}-{width}.webp", ContentFile(buffer.getvalue())
            )
            sizes.append({"name": name, "width": width, "height": height})
    return {"source": field_file.name, "sizes": sizes}


def delete_renditions(renditions, storage):
    for size in renditions.get("sizes", []):
        storage.delete(size["name"])
