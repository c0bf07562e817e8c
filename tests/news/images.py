"""Small images made in memory for the upload tests."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_file(width=2000, height=1000, fmt="PNG", name="anh.png"):
    buffer = BytesIO()
    Image.new("RGB", (width, height), (11, 107, 58)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")
