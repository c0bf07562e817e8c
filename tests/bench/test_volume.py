"""generate_volume: a tiny national volume on top of the seeded database."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from bench.management.commands.generate_volume import Command, delete, earlier_run
from bench.volume.news import VOLUME_USER
from bench.volume.programs import VOLUME_NOTE, VOLUME_URL
from news.models import Article, Comment, sanitize_html, search_text_of, search_title_of
from programs.models import (
    REORGANISATION_DATE,
    AdministrativeUnit,
    Attendance,
    Award,
    Bridge,
    Conference,
    Document,
    IndicatorValue,
    Target,
)

SCALE = 0.01
END_OF_2025 = datetime.date(2025, 12, 31)


def generate(seed=42, scale=SCALE, **options):
    stderr = io.StringIO()
    call_command(
        Command(),
        seed=seed,
        scale=scale,
        interactive=False,
        stdout=io.StringIO(),
        stderr=stderr,
        **options,
    )
    return stderr.getvalue()


def inserts_in(queries):
    return [query for query in queries if query["sql"].startswith("INSERT")]


def generated_values():
    return IndicatorValue.objects.filter(source_url=VOLUME_URL)


def generated_articles():
    return Article.objects.filter(created_by__username=VOLUME_USER)


def snapshot():
    """What a run wrote, in an order that does not depend on primary keys."""
    return {
        "articles": list(
            generated_articles()
            .order_by("publish_at", "slug")
            .values_list("title_vi", "slug", "publish_at", "category__slug", "units__code")
        ),
        "values": list(
            generated_values()
            .order_by("indicator__code", "unit__code", "unit__valid_until", "period_end")
            .values_list("indicator__code", "unit__code", "period_end", "value", "denominator")
        ),
        "awards": sorted(
            Award.objects.filter(decision__url=VOLUME_URL).values_list(
                "decision__number", "recipient", "award_type"
            )
        ),
        "comments": sorted(
            Comment.objects.filter(article__in=generated_articles()).values_list(
                "article__slug", "name", "body", "created_at"
            )
        ),
    }


@pytest.fixture(autouse=True, scope="module")
def _media_root(tmp_path_factory):
    """One folder for the module (it replaces conftest's, one per test): the images drawn in
    setUpTestData are still there for the tests."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


class GenerateVolumeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed", stdout=io.StringIO())
        cls.progress = generate()
        cls.first_run = snapshot()

    def test_counts_follow_the_scale(self):
        self.assertEqual(generated_articles().count(), 200)
        self.assertEqual(Comment.objects.filter(article__in=generated_articles()).count(), 500)
        self.assertEqual(Award.objects.filter(decision__url=VOLUME_URL).count(), 20)
        self.assertEqual(Conference.objects.filter(source_url=VOLUME_URL).count(), 1)

    def test_every_unit_gets_values(self):
        units = generated_values().values("unit").distinct()
        self.assertEqual(
            AdministrativeUnit.objects.filter(pk__in=units).count(),
            AdministrativeUnit.objects.count(),
        )

    def test_former_provinces_report_six_dates_and_current_ones_the_end_of_2025(self):
        former = generated_values().filter(unit__valid_until__isnull=False)
        current = generated_values().filter(unit__level="province", unit__valid_until=None)
        self.assertEqual(
            sorted({d.isoformat() for d in former.values_list("period_end", flat=True)}),
            ["2020-12-31", "2021-12-31", "2022-12-31", "2023-12-31", "2024-12-31", "2025-06-30"],
        )
        self.assertEqual(set(current.values_list("period_end", flat=True)), {END_OF_2025})

    def test_no_value_falls_outside_its_units_validity(self):
        self.assertFalse(generated_values().filter(unit__valid_until__lt=F("period_end")).exists())
        self.assertFalse(generated_values().filter(unit__valid_from__gt=F("period_end")).exists())
        self.assertFalse(
            generated_values()
            .filter(unit__level="commune", period_end__lt=REORGANISATION_DATE)
            .exists()
        )

    def test_sampled_rows_pass_full_clean(self):
        models = [IndicatorValue, Target, Conference, Bridge, Attendance, Document, Award]
        samples = [
            generated_values().filter(unit__level=level)[:10]
            for level in ("nation", "province", "commune")
        ]
        samples += [model.objects.order_by("-pk")[:10] for model in models]
        samples += [
            generated_articles()[:10],
            Comment.objects.filter(article__in=generated_articles())[:10],
        ]
        for sample in samples:
            for row in sample:
                with self.subTest(row=repr(row)):
                    row.full_clean()

    def test_targets_and_decisions_are_marked_as_invented(self):
        self.assertTrue(Target.objects.filter(note=VOLUME_NOTE).exists())
        self.assertTrue(
            Document.objects.filter(url=VOLUME_URL, kind=Document.Kind.DECISION).exists()
        )

    def test_articles_are_published_as_save_would_store_them(self):
        published = Article.objects.published().filter(created_by__username=VOLUME_USER)
        self.assertEqual(published.count(), 200)
        for article in published[:20]:
            self.assertEqual(article.body_vi, sanitize_html(article.body_vi))
            self.assertEqual(article.search_text, search_text_of(article))
            self.assertEqual(article.search_title, search_title_of(article))
            self.assertTrue(article.slug)
            self.assertTrue(article.units.exists())
            storage = article.hero_image.storage
            self.assertTrue(storage.exists(article.hero_image.name))
            self.assertTrue(
                all(storage.exists(size["name"]) for size in article.hero_renditions["sizes"])
            )

    def test_comments_are_approved_and_written_after_their_article(self):
        comments = Comment.objects.filter(article__in=generated_articles())
        self.assertFalse(comments.filter(approved=False).exists())
        self.assertFalse(comments.filter(created_at__lt=F("article__publish_at")).exists())

    def test_progress_bar_goes_to_stderr(self):
        self.assertIn("Articles", self.progress)
        self.assertIn("[##############################] 200/200", self.progress)

    def test_same_seed_gives_the_same_rows_without_duplicating_them(self):
        generate()
        self.assertEqual(snapshot(), self.first_run)

    def test_another_seed_gives_other_rows_in_the_same_numbers(self):
        generate(seed=7)
        second = snapshot()
        self.assertNotEqual(second["articles"], self.first_run["articles"])
        self.assertEqual(
            {name: len(rows) for name, rows in second.items()},
            {name: len(rows) for name, rows in self.first_run.items()},
        )

    def test_queries_do_not_grow_with_the_rows(self):
        """Only INSERT batches grow with the rows (SQLite caps a batch at 999 parameters)."""
        delete(earlier_run())
        with CaptureQueriesContext(connection) as small:
            generate(scale=SCALE)
        delete(earlier_run())
        with CaptureQueriesContext(connection) as larger:
            generate(scale=2 * SCALE)
        inserts = inserts_in(larger)
        self.assertEqual(len(larger) - len(inserts), len(small) - len(inserts_in(small)))
        # 400 articles, 1,000 comments and some 4,000 values and 2,000 links in far fewer.
        self.assertLess(len(inserts), 200)

    def test_asks_before_replacing_an_earlier_run(self):
        with mock.patch("builtins.input", return_value="no"), self.assertRaises(CommandError):
            call_command(Command(), scale=SCALE, stdout=io.StringIO(), stderr=io.StringIO())
        self.assertEqual(snapshot(), self.first_run)


def test_scale_must_be_positive(db):
    with pytest.raises(CommandError, match="--scale"):
        generate(scale=0)


def test_runs_the_seed_first_when_the_units_are_missing(db):
    generate(scale=0.001)
    assert AdministrativeUnit.objects.communes().count() == 3321
    assert generated_articles().count() == 20
