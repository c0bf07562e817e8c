import pytest
from django.core.cache import cache
from django.test import override_settings


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """No test sees pages stored by an earlier one, whose data was rolled back."""
    cache.clear()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests run with DEBUG off but without collectstatic's manifest of hashed names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True, scope="session")
def _session_settings():
    """Tests run with DEBUG off over plain HTTP, as a production-like local run would, and hash
    test passwords with a fast (insecure) hasher.

    For the whole session, so that the browser tests' live server starts with it too.
    """
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(SECURE_SSL_REDIRECT=False, PASSWORD_HASHERS=fast_hasher):
        yield
