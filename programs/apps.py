from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def figure_tags(figure):
    """A figure or target shows on its unit's pages and on its indicator's."""
    return {f"figures:unit:{figure.unit_id}", f"figures:indicator:{figure.indicator_id}"}


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("National target programs")

    def ready(self):
        from ntmportal import pagecache, search
        from ntmportal.vietnamese import install_sqlite_functions

        from .search import SEARCH_TYPES

        search.register(*SEARCH_TYPES)
        pagecache.watch(self)
        pagecache.tag_model(self.get_model("IndicatorValue"), tags=figure_tags)
        pagecache.tag_model(self.get_model("Target"), tags=figure_tags)
        connection_created.connect(install_sqlite_functions)
