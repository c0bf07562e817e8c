import pytest
from django.core.cache import cache
from django.template import Context
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test import override_settings
from django.test.signals import template_rendered


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


@pytest.fixture(autouse=True, scope="session")
def _jinja2_pages_report_their_context():
    """The test client reads a page's template and context from the `template_rendered` signal,
    which Django's test environment sends for its own templates only; the public pages' Jinja2
    templates send it here too, so that `response.context` works for every page."""
    original = Jinja2Template.render

    def render(self, context=None, request=None):
        template_rendered.send(sender=type(self), template=self.template, context=Context(context))
        return original(self, context, request)

    Jinja2Template.render = render
    yield
    Jinja2Template.render = original
