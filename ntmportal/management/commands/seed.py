from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from news.seeding import seed_news
from ntmportal.models import Page, SiteSettings
from ntmportal.pagecache import invalidate
from ntmportal.seeding import seed_portal
from programs.seeding import seed_programs


class Command(BaseCommand):
    help = (
        "Load the administrative units (the nation, the 34 provinces and 3,321 communes in force "
        "from 1 July 2025, and the 63 provinces before them) and the facts and figures in seeds/: "
        "documents, programs, movements, indicators with their values and targets, conferences; "
        "and the portal's name and fixed pages (about, contact…), where they are missing. "
        "Rows are matched by natural keys and only changes are saved, so it is safe to run again."
    )

    @no_translations  # the report is in English, like the rest of the command's output
    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                seed_programs(self.stdout.write)
                seed_news(self.stdout.write)
                seed_portal(SiteSettings, Page)
                invalidate()  # everything: the units are bulk-created, which sends no signals
        except ValidationError as error:
            raise CommandError(f"Nothing was loaded: {'; '.join(error.messages)}") from error
