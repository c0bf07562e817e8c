import pytest
from django.test import override_settings


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests run with DEBUG off but without collectstatic's manifest of hashed names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True, scope="session")
def _plain_http():
    """Tests run with DEBUG off over plain HTTP, as a production-like local run would.

    For the whole session, so that the browser tests' live server starts with it too.
    """
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield
