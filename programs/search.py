"""The programs' searchable types (ntmportal.search), registered by ProgramsConfig.ready()."""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_translation_fields

from ntmportal.search import SearchType, every_word
from ntmportal.vietnamese import vietnamese_order

from .models import (
    AdministrativeUnit,
    Conference,
    Document,
    EmulationMovement,
    Indicator,
    Program,
)

TITLE = get_translation_fields("title")
NAME = get_translation_fields("name")


def successors_of_matches(words):
    """The provinces that former provinces named by `words` merged into."""
    former = AdministrativeUnit.objects.provinces().former().filter(every_word(NAME, words))
    return former.values("successor")


SEARCH_TYPES = [
    SearchType(
        "programs",
        _("Programs"),
        [*NAME, *get_translation_fields("short_name")],
        ("start_year", "code"),
        lambda words: Program.objects.filter(
            every_word(
                [*NAME, *get_translation_fields("short_name", "description", "goals"), "code"],
                words,
            )
        ),
        position=10,
    ),
    SearchType(
        "movements",
        _("Emulation movements"),
        NAME,
        ("launched_on", "pk"),
        lambda words: EmulationMovement.objects.filter(
            every_word([*NAME, *get_translation_fields("description")], words)
        ),
        position=20,
    ),
    SearchType(
        "provinces",
        _("Provinces"),
        NAME,
        # Current provinces before former ones of the same name.
        (F("valid_until").desc(nulls_first=True), vietnamese_order("name")),
        lambda words: (
            AdministrativeUnit.objects.provinces()
            .filter(Q(every_word(NAME, words)) | Q(pk__in=successors_of_matches(words)))
            .select_related("successor")
        ),
        position=30,
    ),
    SearchType(
        "indicators",
        _("Indicators"),
        NAME,
        ("program__start_year", "program__code", "order", "code"),
        lambda words: Indicator.objects.filter(
            every_word([*NAME, *get_translation_fields("description")], words)
        ).select_related("program"),
        position=40,
    ),
    SearchType(
        "conferences",
        _("Conferences"),
        TITLE,
        ("-date", "pk"),
        lambda words: Conference.objects.filter(
            every_word(
                [*TITLE, *get_translation_fields("host", "summary", "reported", "decided")],
                words,
            )
        ),
        position=50,
    ),
    SearchType(
        "documents",
        _("Documents"),
        ["number", *TITLE],
        ("-issued_on", "number"),
        lambda words: Document.objects.filter(
            every_word(["number", "issuer", *TITLE, *get_translation_fields("summary")], words)
        ),
        position=60,
    ),
]
