from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("National target programs")

    def ready(self):
        from ntmportal.caching import connect_invalidation
        from ntmportal.vietnamese import install_sqlite_functions

        connect_invalidation()
        connection_created.connect(install_sqlite_functions)
