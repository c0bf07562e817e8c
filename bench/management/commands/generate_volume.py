import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation
from django.utils.text import capfirst

from bench.volume import news as news_volume
from bench.volume import programs as programs_volume
from ntmportal.pagecache import invalidate
from programs.models import AdministrativeUnit


def earlier_run():
    """The rows an earlier run generated, in an order that deletes cleanly."""
    return news_volume.generated() + programs_volume.generated()


def delete(querysets):
    news_volume.delete_images_after_commit()
    # bulk_create wrote no history for these rows, so deleting them writes none.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        for queryset in querysets:
            queryset.delete()


class ProgressBar:
    """One line per stage, redrawn in place: `Articles  [#######.......]  10,000/20,000`."""

    width = 30

    def __init__(self, write):
        self.write = write

    def start(self, label, total):
        with translation.override(None):  # model names in English, like the rest of the output
            self.label = str(label)
        self.total, self.done = total, 0
        self.draw()

    def advance(self, count):
        self.done += count
        self.draw()

    def finish(self):
        self.write("\n")

    def draw(self):
        filled = self.width * self.done // self.total if self.total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        self.write(f"\r{self.label:<36} [{bar}] {self.done:,}/{self.total:,}")


class Command(BaseCommand):
    help = (
        "Generate a national volume of invented data on top of the seed, for performance work: "
        "values of about 40 indicators for six years, 2020–2025 (the nation each year end, the 63 "
        "former provinces each year end and on 30 June 2025, the 34 current provinces and the "
        "3,321 communes at the end of 2025), 2021–2025 targets of the current provinces, 50 "
        "conferences with their bridges and attendances, 2,000 awards with their decisions, "
        "20,000 published articles with images, bylines, tags and province links, and 50,000 "
        "approved comments. Runs the seed first if the administrative units are missing. "
        "The same --seed gives the same data. Rows of an earlier run are deleted first (after a "
        "confirmation, unless --no-input), so running it again never duplicates anything; the "
        "indicators, people, authors, tags and categories it adds are kept and reused."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=42, help="Seed of the random generator (default 42)."
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=(
                "Multiply every count by this (default 1): 0.01 gives 200 articles, 500 "
                "comments, 20 awards, 1 conference, and values of one indicator of each kind "
                "(national only, provincial, commune) for every unit and date."
            ),
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Delete the rows of an earlier run without asking.",
        )

    @no_translations  # the report is in English, like the rest of the command's output
    def handle(self, *args, seed, scale, interactive, **options):
        if scale <= 0:
            raise CommandError("--scale must be greater than 0.")
        if not AdministrativeUnit.objects.communes().exists():
            self.stdout.write("No administrative units yet: running the seed command first.")
            call_command("seed", stdout=self.stdout, stderr=self.stderr)
        earlier = earlier_run()
        count = sum(queryset.count() for queryset in earlier)
        if count and interactive:
            answer = input(
                f"{count:,} rows of an earlier run will be deleted and generated again. "
                "Type 'yes' to continue, or 'no' to cancel: "
            )
            if answer != "yes":
                raise CommandError("Cancelled: nothing was changed.")
        started = time.monotonic()
        progress = ProgressBar(lambda text: self.stderr.write(text, style_func=str, ending=""))
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            if count:
                self.stderr.write(f"Deleting {count:,} rows of an earlier run…", style_func=str)
                delete(earlier)
            programs = programs_volume.ProgramsVolume(seed, scale, progress)
            conferences = programs.generate()
            news_volume.NewsVolume(seed, scale, progress).generate(programs, conferences)
            invalidate()  # bulk_create sends no signals: cached pages must not outlive the run
        for queryset in earlier_run():
            name = capfirst(queryset.model._meta.verbose_name_plural)
            self.stdout.write(f"{name}: {queryset.count():,}")
        self.stdout.write(f"Generated in {time.monotonic() - started:.0f} s.")
