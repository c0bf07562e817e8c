from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from news import images
from tests.factories import ArticleFactory

from .images import image_file

pytestmark = pytest.mark.django_db


def with_image(**kwargs):
    return ArticleFactory(hero_image=image_file(**kwargs), hero_alt_vi="Toàn cảnh hội nghị")


def test_renditions_are_made_at_each_width_with_their_heights():
    article = with_image(width=2000, height=1000)
    sizes = article.hero_sizes
    assert [(size["width"], size["height"]) for size in sizes] == [
        (480, 240),
        (960, 480),
        (1600, 800),
    ]
    storage = article.hero_image.storage
    for size in sizes:
        with storage.open(size["name"]) as file, Image.open(file) as image:
            assert image.format == "WEBP"
            assert image.size == (size["width"], size["height"])
    assert (article.hero_width, article.hero_height) == (2000, 1000)


def test_a_small_image_is_never_enlarged():
    article = with_image(width=700, height=400)
    assert [size["width"] for size in article.hero_sizes] == [480, 700]


def test_renditions_are_made_once_and_reused_on_later_saves():
    article = with_image()
    with mock.patch("news.models.make_renditions") as make:
        article.title_vi = "Tiêu đề mới"
        article.save()
        article.refresh_from_db()
        article.save()
    make.assert_not_called()


def test_a_new_image_replaces_the_old_renditions():
    article = with_image()
    storage = article.hero_image.storage
    old_names = [size["name"] for size in article.hero_sizes]
    article.hero_image = image_file(width=1000, height=1000, name="moi.png")
    article.save()
    assert [size["width"] for size in article.hero_sizes] == [480, 960, 1000]
    assert not any(storage.exists(name) for name in old_names)


def test_removing_the_image_removes_its_renditions():
    article = with_image()
    storage = article.hero_image.storage
    names = [size["name"] for size in article.hero_sizes]
    article.hero_image = None
    article.save()
    assert article.hero_renditions == {}
    assert not any(storage.exists(name) for name in names)


def test_srcset_lists_every_rendition():
    article = with_image()
    srcset = article.hero_srcset
    assert srcset.count("w,") == 2
    assert srcset.endswith(" 1600w")


def test_a_file_that_is_not_an_image_is_refused():
    upload = SimpleUploadedFile("anh.png", b"<?php echo 'no image'; ?>", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        images.validate_image(upload)
    assert error.value.code == "not_an_image"


@pytest.mark.parametrize(
    ("width", "height", "code"),
    [(300, 600, "image_too_small"), (900, 200, "image_too_small"), (9000, 600, "image_too_large")],
)
def test_image_dimensions_are_limited(width, height, code):
    with pytest.raises(ValidationError) as error:
        images.validate_image(image_file(width=width, height=height))
    assert error.value.code == code


def test_an_image_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    with pytest.raises(ValidationError) as error:
        images.validate_image(image_file())
    assert error.value.code == "file_too_big"


def test_full_clean_runs_the_image_checks_and_wants_alt_text():
    article = ArticleFactory.build(hero_image=image_file(width=100, height=100))
    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["category"])
    assert {"hero_image", "hero_alt"} <= set(error.value.message_dict)
