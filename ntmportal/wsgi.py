import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntmportal.settings")
application = get_wsgi_application()


def warm_up():
    """Do once, before the server forks its workers, what each worker's first request would do
    otherwise: import every view through the URLconf and the cache backend, load the message
    catalogs of each language and compile the site's templates (about half a second).
    Gunicorn preloads this module (gunicorn.conf.py), so its workers inherit all of it, and a
    worker that replaces another after `max_requests` answers its first request as quickly as
    the others."""
    from django.conf import settings
    from django.core.cache import caches
    from django.template.loader import get_template
    from django.urls import get_resolver, reverse
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Search")
            get_resolver().reverse_dict  # noqa: B018 - fills the resolver's tables
            # Each namespace gets a resolver of its own on its first reverse().
            for name in ("admin:index", "programs:home", "news:article_list"):
                reverse(name)
    caches["default"]  # noqa: B018 - imports the backend; it connects on first use, in a worker
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(folder.glob("**/*.html")):
            get_template(str(path.relative_to(folder)))


warm_up()
