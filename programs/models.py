"""The programs domain: programs, legal documents, administrative units, indicators and their
figures, targets, conferences with their bridges, emulation movements and awards."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Case, F, Max, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, Greatest, Rank
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from ntmportal.models import SluggedModel
from ntmportal.vietnamese import vietnamese_order

# The day the two-level local government took over: 34 provinces, no districts.
REORGANISATION_DATE = datetime.date(2025, 7, 1)

# Superusers and national editors edit the figures and content of the nation and every province;
# anyone else only those of the provinces assigned to them (EditorProfile).
NATIONWIDE = "programs.edit_nationwide"


def short_date(day):
    """A date as the active language writes it in lists and labels: 30/6/2025, 30 June 2025."""
    return date_format(day, "SHORT_DATE_FORMAT")


# Document files are checked by their first bytes, not by the name or type the browser sends.
DOCUMENT_SIGNATURES = (
    b"%PDF-",
    b"PK\x03\x04",  # DOCX: a ZIP container, as Office Open XML files are
    b"\xd0\xcf\x11\xe0",  # DOC: an OLE compound file, as Word 97–2003 files are
)
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


def validate_document_file(file):
    if file.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(DOCUMENT_SIGNATURES):
        raise ValidationError(_("Only PDF, DOC and DOCX files can be attached."))


class Document(SluggedModel):
    class Kind(models.TextChoices):
        LAW = "law", _("Law")
        RESOLUTION = "resolution", _("Resolution")
        DECREE = "decree", _("Decree")
        DECISION = "decision", _("Decision")
        CIRCULAR = "circular", _("Circular")
        PLAN = "plan", _("Plan")
        REPORT = "report", _("Report")
        NOTICE = "notice", _("Notice")
        OTHER = "other", _("Other")

    slug_source = "number"

    number = models.CharField(
        _("number"), max_length=60, help_text=_("As printed, e.g. 263/QĐ-TTg")
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    issuer = models.CharField(
        _("issuer"), max_length=200, help_text=_("e.g. Thủ tướng Chính phủ (Prime Minister)")
    )
    issued_on = models.DateField(_("issue date"))
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    file = models.FileField(
        _("file"),
        upload_to="documents/%Y/",
        blank=True,
        validators=[validate_document_file],
        help_text=_("PDF, DOC or DOCX, at most 20 MB."),
    )
    url = models.URLField(_("official URL"), max_length=500, blank=True)
    programs = models.ManyToManyField(
        "Program", related_name="documents", blank=True, verbose_name=_("programs")
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
        help_text=_("The document that replaced this one, if it is no longer in force."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["number", "issuer"], name="unique_document_number"),
        ]

    def __str__(self):
        return f"{self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("programs:document_detail", args=[self.slug])

    @property
    def in_force(self):
        return self.superseded_by_id is None

    def clean(self):
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            raise ValidationError(
                {"effective_on": _("A document cannot take effect before it is issued.")}
            )
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("A document cannot supersede itself.")})


class Program(SluggedModel):
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("e.g. NTM"))
    description = models.TextField(_("description"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    decided_by = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_programs",
        verbose_name=_("deciding document"),
    )
    succeeds = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="succeeded_by",
        blank=True,
        verbose_name=_("succeeds"),
        help_text=_("Programs whose work this one continues; their figures show under it."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["start_year", "code"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="program_years_in_order"
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("programs:program_detail", args=[self.slug])

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The last year cannot come before the first.")})

    @property
    def period(self):
        return f"{self.start_year}–{self.end_year}"

    def lead_agencies_in_order(self, on=None):
        """The program's lead agencies, oldest first, each with `is_current` set for the day `on`
        (today by default); prefetch `lead_agencies` to save the query."""
        on = on or timezone.localdate()
        agencies = sorted(
            self.lead_agencies.all(), key=lambda agency: agency.valid_from or datetime.date.min
        )
        for agency in agencies:
            agency.is_current = agency.is_valid_on(on)
        return agencies

    @property
    def lead_agency(self):
        """The agency leading the program today, or None (prefetch `lead_agencies`)."""
        return next((a for a in self.lead_agencies_in_order() if a.is_current), None)

    @property
    def lead_agency_changed(self):
        """Whether the lead agency changed during the program: pages then say which leads now."""
        return len(self.lead_agencies.all()) > 1

    def lineage(self):
        """This program and every program it succeeds, however far back."""
        programs, frontier = {self}, [self]
        while frontier:
            predecessors = set(Program.objects.filter(succeeded_by__in=frontier)) - programs
            programs |= predecessors
            frontier = list(predecessors)
        return programs


class LeadAgency(models.Model):
    """The ministry or committee leading a program over a stretch of time: organisations are
    dissolved and merged (the Ministry of Labour, Invalids and Social Affairs ended on 28 February
    2025), so the lead agency is dated rather than one name."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="lead_agencies", verbose_name=_("program")
    )
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(
        _("lead from"), null=True, blank=True, help_text=_("Blank: since the program began.")
    )
    valid_until = models.DateField(
        _("lead until"), null=True, blank=True, help_text=_("Blank: still the lead agency.")
    )
    source_url = models.URLField(
        _("source URL"),
        max_length=500,
        blank=True,
        help_text=_("A public page that records the change of lead agency."),
    )

    class Meta:
        ordering = ["program", F("valid_from").asc(nulls_first=True)]
        verbose_name = _("lead agency")
        verbose_name_plural = _("lead agencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="lead_agency_validity_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    @property
    def validity(self):
        """“until 28/2/2025”, “from 1/3/2025”, both, or "" when it led throughout."""
        if self.valid_from and self.valid_until:
            return _("%(start)s to %(end)s") % {
                "start": short_date(self.valid_from),
                "end": short_date(self.valid_until),
            }
        if self.valid_until:
            return _("until %(date)s") % {"date": short_date(self.valid_until)}
        if self.valid_from:
            return _("from %(date)s") % {"date": short_date(self.valid_from)}
        return ""

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("An agency cannot stop leading before it starts.")}
            )
        # The admin checks a program's agencies together, as they will be saved (the
        # LeadAgencyFormSet): one ending and the next starting may be typed in one save.
        if not self.program_id or getattr(self, "checked_together", False):
            return
        for other in self.program.lead_agencies.exclude(pk=self.pk):
            if self.overlaps(other):
                raise ValidationError({"valid_from": self.overlap_message(other)})

    def overlaps(self, other):
        """Whether the two lead on a day in common (a blank end is open)."""
        start, end = self.valid_from or datetime.date.min, self.valid_until or datetime.date.max
        return (other.valid_from or datetime.date.min) <= end and start <= (
            other.valid_until or datetime.date.max
        )

    @staticmethod
    def overlap_message(other):
        return _(
            "%(other)s already leads this program then: a program has one lead agency at a time."
        ) % {"other": other}


class AdministrativeUnitQuerySet(models.QuerySet):
    def in_force_on(self, date):
        """The units of the structure in force on `date`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=date),
            Q(valid_until__isnull=True) | Q(valid_until__gte=date),
        )

    def current(self):
        return self.filter(valid_until__isnull=True)

    def former(self):
        return self.filter(valid_until__isnull=False)

    def provinces(self):
        return self.filter(level=AdministrativeUnit.Level.PROVINCE)

    def communes(self):
        return self.filter(level=AdministrativeUnit.Level.COMMUNE)

    def nation(self):
        return self.get(level=AdministrativeUnit.Level.NATION)

    def province_for_slug(self, slug, former=False):
        """The current (or former) province with this slug: a slug alone may name one of each."""
        return self.provinces().filter(slug=slug, valid_until__isnull=not former).first()

    def editable_by(self, user):
        """The units whose figures, targets, bridges and articles `user` may edit.

        Every unit with the nationwide permission; otherwise the provinces assigned to the user,
        their communes, and the former provinces merged into them with their communes. Never the
        nation: national figures are for national editors.
        """
        if user.has_perm(NATIONWIDE):
            return self
        if not user.is_authenticated:
            return self.none()
        provinces = AdministrativeUnit.objects.filter(editor_profiles__user=user)
        return self.filter(
            Q(pk__in=provinces)
            | Q(parent__in=provinces)
            | Q(successor__in=provinces)
            | Q(parent__successor__in=provinces)
        )


def check_units_editable(user, units):
    """Refuse content about a unit `user` may not edit, and national content (about no unit)
    without the nationwide permission: on create and on every change, in the admin and the API."""
    if user.has_perm(NATIONWIDE):
        return
    if not units:
        raise ValidationError(_("Only national editors may save content about the whole country."))
    editable = set(
        AdministrativeUnit.objects.editable_by(user)
        .filter(pk__in=[unit.pk for unit in units])
        .values_list("pk", flat=True)
    )
    outside = [str(unit) for unit in units if unit.pk not in editable]
    if outside:
        raise ValidationError(
            _("You may edit only the content of your provinces, not %(units)s.")
            % {"units": ", ".join(outside)}
        )


class UnitScopedQuerySet(models.QuerySet):
    """Rows that belong to an administrative unit, reached through `unit_path`."""

    unit_path = "unit"

    def editable_by(self, user):
        """The rows of the units `user` may edit (AdministrativeUnitQuerySet.editable_by)."""
        if user.has_perm(NATIONWIDE):
            return self
        units = AdministrativeUnit.objects.editable_by(user)
        return self.filter(**{f"{self.unit_path}__in": units})


class AdministrativeUnit(SluggedModel):
    """The nation, a province or centrally-run city, or a commune, ward or special zone.

    A code means different units before and after 1 July 2025 (52 was Bình Định, is now Gia Lai),
    so a unit is identified by its code together with its validity, never by the code alone.
    """

    class Kind(models.TextChoices):
        NATION = "nation", _("Nation")
        PROVINCE = "province", _("Province")
        CITY = "city", _("Centrally-run city")
        COMMUNE = "commune", _("Commune")
        WARD = "ward", _("Ward")
        SPECIAL_ZONE = "special_zone", _("Special zone")

    class Succession(models.TextChoices):
        MERGED = "merged", _("merged into")
        UNCHANGED = "unchanged", _("continued unchanged as")

    class Level(models.TextChoices):
        NATION = "nation", _("National")
        PROVINCE = "province", _("Provincial")
        COMMUNE = "commune", _("Commune")

    code = models.CharField(_("official code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    level = models.GeneratedField(
        expression=Case(
            When(kind__in=["province", "city"], then=Value("province")),
            When(kind__in=["commune", "ward", "special_zone"], then=Value("commune")),
            default=Value("nation"),
        ),
        output_field=models.CharField(max_length=10, choices=Level.choices),
        db_persist=True,
        verbose_name=_("level"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("merged into"),
    )
    succession = models.CharField(
        _("succession"),
        max_length=10,
        choices=Succession.choices,
        blank=True,
        help_text=_(
            "How a former unit became its successor: merged into it, or continued unchanged."
        ),
    )
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_until = models.DateField(_("in force until"), null=True, blank=True)

    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        ordering = [vietnamese_order("name")]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            # Current units: code and slug unique (slugs within their parent); former units:
            # unique together with the day their structure ended.
            models.UniqueConstraint(
                fields=["code"], condition=Q(valid_until__isnull=True), name="unique_current_code"
            ),
            models.UniqueConstraint(fields=["code", "valid_until"], name="unique_former_code"),
            models.UniqueConstraint(
                fields=["parent", "slug"],
                condition=Q(valid_until__isnull=True),
                name="unique_current_slug",
            ),
            models.UniqueConstraint(
                fields=["parent", "slug", "valid_until"], name="unique_former_slug"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="unit_validity_in_order",
            ),
        ]
        indexes = [models.Index(fields=["level", "valid_until"])]

    def __str__(self):
        if self.valid_until:
            return _("%(name)s (until %(date)s)") % {
                "name": self.name,
                "date": short_date(self.valid_until),
            }
        return self.name

    def get_absolute_url(self):
        if self.level != self.Level.PROVINCE:
            return ""
        if self.is_former:
            return reverse("programs:former_province_detail", args=[self.slug])
        return reverse("programs:province_detail", args=[self.slug])

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("A unit cannot end before it begins.")})
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A unit cannot merge into itself.")})

    def ids_with_predecessors(self):
        """The unit's id and those of the former units merged into it (prefetch `predecessors`
        to save the query). Literal ids, which PostgreSQL's statistics can estimate, where a
        subquery leaves it to guess how many rows they have."""
        return [self.pk, *(unit.pk for unit in self.predecessors.all())]

    @property
    def is_former(self):
        return self.valid_until is not None

    @staticmethod
    def series_unit_of(pk, valid_until, successor_pk, successor_valid_until):
        """The id of the current unit whose series a unit's figures belong to: the unit itself,
        or the one it merged into; None if neither exists today."""
        if valid_until is None:
            return pk
        return successor_pk if successor_pk is not None and successor_valid_until is None else None

    @property
    def official_name(self):
        """The name with its kind, as the title of its page: "Thành phố Hồ Chí Minh", "Tỉnh
        Sóc Trăng" ("Ho Chi Minh City", "Soc Trang Province"); other units by their name."""
        if self.kind == self.Kind.CITY:
            if self.name.endswith(" City"):  # the English "Ho Chi Minh City"
                return self.name
            return _("%(name)s City") % {"name": self.name}
        if self.kind == self.Kind.PROVINCE:
            return _("%(name)s Province") % {"name": self.name}
        return self.name

    @property
    def history_label(self):
        """How a former unit ended, for lists and search results: a province "former province
        until 30/6/2025, now part of Cần Thơ", a city "former centrally-run city …", one of the 11
        that did not merge "until 30/6/2025, continues unchanged as Hà Nội"; "" for a current
        unit (select `successor` to save the query)."""
        if not self.is_former:
            return ""
        values = {"date": short_date(self.valid_until)}
        successor = self.successor if self.successor_id else None
        if successor:
            values["successor"] = successor.name
            if self.succession == self.Succession.UNCHANGED:
                return _("until %(date)s, continues unchanged as %(successor)s") % values
            if self.kind == self.Kind.CITY:
                return _("former centrally-run city until %(date)s, now part of %(successor)s") % (
                    values
                )
            return _("former province until %(date)s, now part of %(successor)s") % values
        if self.kind == self.Kind.CITY:
            return _("former centrally-run city until %(date)s") % values
        return _("former province until %(date)s") % values

    @property
    def continued_unchanged(self):
        """A current province that is its one former province continued: no merger on 1 July
        2025 (prefetch `predecessors` to save the query)."""
        predecessors = list(self.predecessors.all())
        return len(predecessors) == 1 and predecessors[0].succession == self.Succession.UNCHANGED

    @property
    def level_of_kind(self):
        """The level, known before the row is saved (the database fills `level` on save)."""
        if self.kind in {self.Kind.PROVINCE, self.Kind.CITY}:
            return self.Level.PROVINCE
        if self.kind == self.Kind.NATION:
            return self.Level.NATION
        return self.Level.COMMUNE

    def is_in_force_on(self, date):
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_until is None or date <= self.valid_until
        )

    def communes_on(self, date):
        """How many communes, wards and special zones a province had on `date`, or None when the
        administrative data does not say: it holds the communes of the structure in force from
        1 July 2025 only, so a former province has none. Not the nation's: a national count of
        communes "in the program" is not checked against the units recorded here."""
        if self.level_of_kind != self.Level.PROVINCE:
            return None
        communes = AdministrativeUnit.objects.communes().in_force_on(date).filter(parent=self)
        return communes.count() or None

    def is_editable_by(self, user):
        return (
            user.has_perm(NATIONWIDE)
            or AdministrativeUnit.objects.editable_by(user).filter(pk=self.pk).exists()
        )


class Person(SluggedModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)

    class Meta:
        ordering = [vietnamese_order("name")]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class Indicator(models.Model):
    class Measure(models.TextChoices):
        COMMUNES = "communes", _("communes")
        DISTRICTS = "districts", _("districts")
        PROVINCES = "provinces", _("provinces")
        HOUSEHOLDS = "households", _("households")
        PEOPLE = "people", _("people")
        PERCENT = "percent", _("percent")
        PERCENTAGE_POINTS = "points", _("percentage points")
        VND_MILLION_PER_PERSON = "vnd_m_person", _("million VND per person per year")
        BILLION_VND = "vnd_bn", _("billion VND")
        PRODUCTS = "products", _("products")
        PROJECTS = "projects", _("projects")
        MODELS = "models", _("models")
        TIMES = "times", _("times")
        CRITERIA = "criteria", _("criteria")

    # Measures that count things: never negative, and they may be summed.
    COUNTS = {
        Measure.COMMUNES,
        Measure.DISTRICTS,
        Measure.PROVINCES,
        Measure.HOUSEHOLDS,
        Measure.PEOPLE,
        Measure.PRODUCTS,
        Measure.PROJECTS,
        Measure.MODELS,
    }

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("definition"), blank=True)
    measure = models.CharField(_("unit of measure"), max_length=20, choices=Measure.choices)
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("program")
    )
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    at_national = models.BooleanField(_("national level"), default=True)
    at_province = models.BooleanField(_("provincial level"), default=True)
    at_commune = models.BooleanField(_("commune level"), default=False)
    additive = models.BooleanField(
        _("adds up across units"),
        default=False,
        help_text=_("Provincial figures sum to the national one (counts do; rates do not)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    headline = models.PositiveSmallIntegerField(
        _("place among the headline figures"),
        null=True,
        blank=True,
        help_text=_(
            "Its place at the top of the home page, among the figures a visitor looks for first "
            "(1 first); empty for the others."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["program", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:indicator_detail", args=[self.code])

    @property
    def is_count(self):
        return self.measure in self.COUNTS

    def applies_to(self, level):
        return {
            AdministrativeUnit.Level.NATION: self.at_national,
            AdministrativeUnit.Level.PROVINCE: self.at_province,
            AdministrativeUnit.Level.COMMUNE: self.at_commune,
        }[level]

    @property
    def levels(self):
        return [level for level in AdministrativeUnit.Level if self.applies_to(level)]


class Period(models.Model):
    """A reference date (start = end) or a period, such as a year or 2021–2025."""

    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end / reference date"))

    class Meta:
        abstract = True

    @property
    def period_label(self):
        start, end = self.period_start, self.period_end
        if start == end:
            return short_date(end)
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
            return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        return f"{short_date(start)}–{short_date(end)}"

    def clean_period(self, errors):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period cannot end before it starts.")

    def clean_unit(self, errors):
        """The indicator must apply to the unit's level; the unit exist on the reference date."""
        if not (self.indicator_id and self.unit_id and self.period_end):
            return
        unit, indicator = self.unit, self.indicator
        if not indicator.applies_to(unit.level_of_kind):
            errors["unit"] = _("“%(indicator)s” is not reported at the %(level)s level.") % {
                "indicator": indicator,
                "level": AdministrativeUnit.Level(unit.level_of_kind).label.lower(),
            }
        elif not unit.is_in_force_on(self.period_end):
            errors["unit"] = _(
                "%(unit)s did not exist on %(date)s: "
                "record the figure under the unit in force then."
            ) % {"unit": unit, "date": short_date(self.period_end)}

    def clean_number(self, number, field, errors):
        if number is None or not self.indicator_id:
            return
        if self.indicator.is_count and number < 0:
            errors[field] = _("A count cannot be negative.")
        elif self.indicator.is_count and number != number.to_integral_value():
            errors[field] = _("A count of %(measure)s is a whole number.") % {
                "measure": self.indicator.get_measure_display()
            }
        elif self.indicator.measure == Indicator.Measure.PERCENT and not 0 <= number <= 100:
            errors[field] = _("A percentage must lie between 0 and 100.")

    def clean_range(self, errors):
        """The upper end of a range (`value_high`): a number like `value`, and not below it."""
        if self.value_high is None:
            return
        self.clean_number(self.value_high, "value_high", errors)
        if self.value is not None and self.value_high < self.value:
            errors.setdefault(
                "value_high", _("The upper end of a range cannot be below its lower end.")
            )


# A note says in a sentence or two what the figure is; longer explanations belong on a page.
NOTE_MAX_LENGTH = 1000


class Source(models.Model):
    source_publisher = models.CharField(_("source publisher"), max_length=200)
    source_title = models.CharField(_("source title"), max_length=500, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500)
    source_date = models.DateField(_("source date"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        abstract = True


class Progress(models.TextChoices):
    BEHIND = "behind", _("behind target")
    MET = "met", _("target met")
    EXCEEDED = "exceeded", _("target exceeded")


class Target(Period):
    class Comparator(models.TextChoices):
        AT_LEAST = "at_least", _("at least")
        ABOUT = "about", _("about")
        AT_MOST = "at_most", _("at most")
        EXACTLY = "exactly", _("exactly")
        MORE_THAN = "more_than", _("more than")
        LESS_THAN = "less_than", _("less than")

    RANGE_COMPARATORS = {Comparator.ABOUT, Comparator.EXACTLY}
    # "About 40%" met between 38% and 42%: the tolerance when the document states none, as a
    # share of the target (docs/architecture.md, "Targets").
    ABOUT_TOLERANCE = Decimal("0.05")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("administrative unit"),
    )
    comparator = models.CharField(
        _("comparator"), max_length=10, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)
    value_high = models.DecimalField(
        _("upper end"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_(
            "For a range such as 17–19 provinces: the value is the low end, this the high."
        ),
    )
    # The deciding document is the target's source: its page links to the official text.
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="targets", verbose_name=_("set by")
    )
    note = models.TextField(_("note"), blank=True)

    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "unit", "-period_end"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period_start", "period_end"],
                name="unique_target_per_period",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.unit.name} · {self.period_label}: {self.value}"

    @classmethod
    def assess(cls, value, comparator, low, high=None, higher_is_better=True):
        """Behind, met or exceeded: `value` against a target of `comparator` `low` (to `high`).

        A range, or "about" (± ABOUT_TOLERANCE), is met inside, exceeded beyond its better end,
        behind beyond its worse end. "At least" is met at the target and exceeded above it, "at
        most" the other way round; "more than" and "less than" are exceeded once passed.
        """
        Comparator = cls.Comparator
        if comparator == Comparator.ABOUT and high is None:
            margin = abs(low) * cls.ABOUT_TOLERANCE
            low, high = low - margin, low + margin
        if high is not None or comparator in cls.RANGE_COMPARATORS:
            high = low if high is None else high
            if low <= value <= high:
                return Progress.MET
            above = value > high
            return Progress.EXCEEDED if above == higher_is_better else Progress.BEHIND
        strict = comparator in (Comparator.MORE_THAN, Comparator.LESS_THAN)
        if comparator in (Comparator.AT_MOST, Comparator.LESS_THAN):
            value, low = -value, -low
        if value < low or (strict and value == low):
            return Progress.BEHIND
        return Progress.MET if value == low else Progress.EXCEEDED

    def clean(self):
        errors = {}
        self.clean_period(errors)
        self.clean_unit(errors)
        self.clean_number(self.value, "value", errors)
        self.clean_range(errors)
        if self.value_high is not None and self.comparator not in self.RANGE_COMPARATORS:
            errors.setdefault(
                "comparator", _("A range is about or exactly its ends: choose one of those.")
            )
        if errors:
            raise ValidationError(errors)


class IndicatorValueQuerySet(UnitScopedQuerySet):
    def published(self):
        return self.filter(status=IndicatorValue.Status.PUBLISHED)

    def for_unit_and_predecessors(self, unit):
        """Figures of the unit and of the former units that merged into it."""
        # The units' ids, not an OR across the join: the unit index then finds the rows.
        return self.filter(unit__in=unit.ids_with_predecessors())

    def at_level(self, level):
        return self.filter(unit__level=level)

    def chronological(self, *first):
        """Ordered by `first`, then oldest first, the figures of one date by their unit's name."""
        return self.order_by(*first, "period_end", "period_start", vietnamese_order("unit__name"))

    def shown(self, *related):
        """With what a page shows of each figure: its unit, `related`, and its further sources."""
        return self.select_related("unit", *related).prefetch_related("further_sources")

    def national_series(self, indicator):
        """The indicator's published national figures, oldest first."""
        return (
            self.published()
            .at_level(AdministrativeUnit.Level.NATION)
            .filter(indicator=indicator)
            .shown()
            .chronological()
        )

    def unit_series(self, unit):
        """The published figures of a province and of those that merged into it, by indicator,
        oldest first."""
        return (
            self.published()
            .for_unit_and_predecessors(unit)
            .shown("indicator")
            .chronological("indicator")
        )

    def compared(self, indicator, units):
        """The indicator's published figures in each of `units`, unit by unit, oldest first."""
        return (
            self.published()
            .filter(indicator=indicator, unit__in=units)
            .select_related("unit")
            .chronological("unit")
        )

    def latest_per_indicator(self):
        """Of these values, those of each indicator's latest period: one value, or one per unit
        when several units (a province and its predecessors) reported that same period. A
        projection comes only where nothing was counted yet: it is never the headline over a
        counted figure, and where it is one, it says so (expected by its date)."""
        projection = Case(
            When(value_status=IndicatorValue.ValueStatus.PROJECTION, then=Value(1)),
            default=Value(0),
        )
        latest = Window(
            Rank(),
            partition_by=F("indicator"),
            order_by=[projection.asc(), F("period_end").desc(), F("period_start").desc()],
        )
        # Ranked in a subquery, so that the annotations of the outer query (with_target) are
        # computed for the latest values only.
        ranked = self.annotate(rank=latest).filter(rank=1).values("pk")
        return self.filter(pk__in=ranked)

    def for_program(self, program):
        """Figures of the program's indicators and of the programs it succeeds."""
        return self.filter(indicator__program__in=program.lineage())

    def with_target(self):
        """Annotate the target (value and deciding document) whose period holds each value's
        reference date."""
        targets = Target.objects.filter(
            indicator=OuterRef("indicator"),
            unit=OuterRef("unit"),
            period_start__lte=OuterRef("period_end"),
            period_end__gte=OuterRef("period_end"),
        ).order_by("period_end")
        return self.annotate(
            target_value=Subquery(targets.values("value")[:1]),
            target_value_high=Subquery(targets.values("value_high")[:1]),
            target_comparator=Subquery(targets.values("comparator")[:1]),
            target_document_slug=Subquery(targets.values("document__slug")[:1]),
        )


class IndicatorValue(Period, Source):
    """A figure. Provincial editors submit it; a national editor (programs.approve_indicatorvalue)
    approves, which publishes it, or returns it with a comment. Only published figures are
    public; the history keeps who submitted and who approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        RETURNED = "returned", _("Returned for correction")
        PUBLISHED = "published", _("Approved and published")

    # What an editor without the approval permission may set.
    SUBMITTER_STATUSES = (Status.DRAFT, Status.SUBMITTED)
    APPROVE = "programs.approve_indicatorvalue"
    # A figure's columns, in the order every table of figures has them: the API, the
    # spreadsheet import, the admin and the site's CSV downloads (each through columns()).
    COLUMNS = (
        "indicator",
        "unit",
        "period_start",
        "period_end",
        "qualifier",
        "value",
        "value_high",
        "numerator",
        "denominator",
        "value_status",
        "status",
        "source_publisher",
        "source_title",
        "source_url",
        "source_date",
        "note",
    )

    class ValueStatus(models.TextChoices):
        """What the number is, besides its publication status."""

        REPORTED = "reported", _("reported")
        ESTIMATE = "estimate", _("estimate")
        PROJECTION = "projection", _("expected")
        PROVISIONAL = "provisional", _("provisional")
        REVISED = "revised", _("revised")

    class Qualifier(models.TextChoices):
        ABOUT = "about", _("about")
        NEARLY = "nearly", _("nearly")
        MORE_THAN = "more_than", _("more than")
        AT_LEAST = "at_least", _("at least")
        AT_MOST = "at_most", _("at most")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="indicator_values",
        verbose_name=_("administrative unit"),
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    numerator = models.DecimalField(
        _("numerator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("e.g. 6,084 of 7,669 communes: numerator 6084, denominator 7669"),
    )
    value_high = models.DecimalField(
        _("upper end"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("When the source gives a range such as 5–10%: the value is the low end."),
    )
    qualifier = models.CharField(
        _("qualifier"),
        max_length=10,
        choices=Qualifier.choices,
        blank=True,
        help_text=_("The word the source puts before the number, if any."),
    )
    value_status = models.CharField(
        _("kind of figure"),
        max_length=12,
        choices=ValueStatus.choices,
        default=ValueStatus.REPORTED,
        help_text=_("A projection is expected by its reference date, not yet counted."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(
        _("reviewer's comment"),
        blank=True,
        help_text=_("Why the figure was returned: what to correct before submitting it again."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "unit", "-period_end"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period_start", "period_end"],
                name="unique_value_per_period",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "indicator", "-period_end"]),
            # Counts the published figures (the API's pages) from the index alone.
            models.Index(fields=["status"]),
        ]
        permissions = [
            ("approve_indicatorvalue", _("Can approve (publish) and return submitted figures")),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.unit.name} · {self.period_label}: {self.value}"

    @classmethod
    def columns(cls, *, drop=(), **becomes):
        """COLUMNS as one table has them: without those in `drop`, and each column named in
        `becomes` replaced by the columns it becomes there (`unit=["unit_code", "unit_name"]`)."""
        unknown = (set(drop) | becomes.keys()) - set(cls.COLUMNS)
        if unknown:
            raise ValueError(f"Not a column of a figure: {', '.join(sorted(unknown))}")
        return [
            name
            for column in cls.COLUMNS
            if column not in drop
            for name in becomes.get(column, [column])
        ]

    def clean(self):
        errors = {}
        self.clean_period(errors)
        self.clean_unit(errors)
        self.clean_number(self.value, "value", errors)
        self.clean_range(errors)
        self.clean_counts(errors)
        if not errors:
            self.clean_share(errors)
            self.clean_communes(errors)
        self.clean_dates(errors)
        for language in ("vi", "en"):
            if len(getattr(self, f"note_{language}", None) or "") > NOTE_MAX_LENGTH:
                errors[f"note_{language}"] = _(
                    "A note is at most %(limit)d characters: say the rest on a page of its own."
                ) % {"limit": NOTE_MAX_LENGTH}
        if errors:
            raise ValidationError(errors)

    def clean_counts(self, errors):
        # Numerator and denominator count things even when the value is a percentage.
        for field in ("numerator", "denominator"):
            number = getattr(self, field)
            if number is None:
                continue
            if number < 0:
                errors[field] = _("A count cannot be negative.")
            elif number != number.to_integral_value():
                errors[field] = _("A numerator or denominator counts things: a whole number.")
        if self.numerator is not None and self.denominator is None:
            errors["denominator"] = _("A numerator needs its denominator.")
        elif self.denominator is not None:
            if self.denominator <= 0:
                errors["denominator"] = _("The denominator must be greater than zero.")
            elif self.numerator is not None and self.numerator > self.denominator:
                errors["numerator"] = _("The numerator cannot exceed the denominator.")

    def clean_share(self, errors):
        """A count with its numerator is the numerator; a percentage is their share, within the
        rounding of the decimals it is given with (79.3 for 6,084 of 7,669 = 79.33…%)."""
        if self.numerator is None or self.denominator is None or self.value is None:
            return
        if self.indicator.is_count and self.value != self.numerator:
            errors["value"] = _("A count given with its numerator is the numerator.")
        elif self.indicator.measure == Indicator.Measure.PERCENT:
            exact = self.numerator * 100 / self.denominator
            decimals = max(0, -self.value.normalize().as_tuple().exponent)
            if abs(self.value - exact) > Decimal(5) / 10 ** (decimals + 1):
                errors["value"] = _(
                    "%(numerator)s of %(denominator)s is %(share)s%%, not %(value)s%%."
                ) % {
                    "numerator": number_format(self.numerator, 0, force_grouping=True),
                    "denominator": number_format(self.denominator, 0, force_grouping=True),
                    "share": number_format(exact, decimals + 1),
                    "value": number_format(self.value, decimals),
                }

    def clean_communes(self, errors):
        """A count of communes cannot exceed the communes the unit had. Skipped where the
        administrative data does not know that number (former provinces: see communes_on)."""
        if self.indicator.measure != Indicator.Measure.COMMUNES or not self.unit_id:
            return
        numbers = [self.value, self.value_high, self.numerator, self.denominator]
        numbers = [number for number in numbers if number is not None]
        if not numbers or not self.period_end:
            return
        communes = self.unit.communes_on(self.period_end)
        if communes is not None and max(numbers) > communes:
            errors["value"] = _(
                "%(unit)s had %(communes)s communes, wards and special zones on %(date)s."
            ) % {
                "unit": self.unit.name,
                "communes": number_format(communes, force_grouping=True),
                "date": short_date(self.period_end),
            }

    def clean_dates(self, errors):
        """A count is of the past, and published once its period is over; only a projection
        (expected by its date) may end later than today or than its source."""
        if self.value_status == self.ValueStatus.PROJECTION or not self.period_end:
            return
        if self.period_end > timezone.localdate():
            errors.setdefault(
                "period_end",
                _("The period has not ended yet: record the figure as a projection."),
            )
        if self.source_date and self.source_date < self.period_end:
            errors.setdefault(
                "source_date",
                _(
                    "The source is dated before the end of the period it reports: record the "
                    "figure as a projection, or give the date the figure was counted."
                ),
            )

    @classmethod
    def statuses_for(cls, user):
        return list(cls.Status) if user.has_perm(cls.APPROVE) else list(cls.SUBMITTER_STATUSES)

    def check_status_allowed(self, user):
        """Refuse a status the user may not set: only approvers publish and return figures, so
        a figure changed by anyone else is a draft or submitted again."""
        if self.status not in self.statuses_for(user):
            raise PermissionDenied(
                _("Only national editors approve or return figures: save it as submitted.")
            )

    def review(self, user, status, comment=""):
        """Move the figure to `status` on behalf of `user`, keeping the step in its history."""
        self.status = status
        self.check_status_allowed(user)
        if status == self.Status.RETURNED:
            self.review_comment = comment
        elif status == self.Status.PUBLISHED:
            self.review_comment = ""
        # The history names who took each step; the comment is in the version's fields.
        self._history_user = user
        self._change_reason = str(self.Status(status).label)
        self.save()

    def delete(self, *args, reason="", **kwargs):
        """Delete the figure; a published one only with a reason, which its history keeps."""
        if self.status == self.Status.PUBLISHED and not reason.strip():
            raise ValidationError(_("Give the reason for deleting a published figure."))
        self._change_reason = reason.strip()
        return super().delete(*args, **kwargs)

    @property
    def share(self):
        return self.share_of(self.numerator, self.denominator)

    @staticmethod
    def share_of(numerator, denominator):
        """The numerator as a percentage of the denominator, when both are known."""
        if numerator is None or not denominator:
            return None
        return (numerator * 100 / denominator).quantize(Decimal("0.1"))

    @property
    def is_projection(self):
        return self.value_status == self.ValueStatus.PROJECTION

    @property
    def progress(self):
        """Behind, met or exceeded against the target annotated by `with_target()`."""
        target = getattr(self, "target_value", None)
        if target is None:
            return None
        return Target.assess(
            self.value,
            getattr(self, "target_comparator", None) or Target.Comparator.AT_LEAST,
            target,
            getattr(self, "target_value_high", None),
            self.indicator.higher_is_better,
        )

    @property
    def progress_label(self):
        """What the progress says: a projection is only on course, never a result."""
        progress = self.progress
        if progress is None or not self.is_projection:
            return progress and progress.label
        return {
            Progress.BEHIND: _("not on course to meet the target"),
            Progress.MET: _("on course to meet the target"),
            Progress.EXCEEDED: _("on course to exceed the target"),
        }[progress]


class FurtherSource(models.Model):
    """A source besides the primary one: who published what, where and when."""

    publisher = models.CharField(_("publisher"), max_length=200)
    title = models.CharField(_("title"), max_length=500, blank=True)
    url = models.URLField(_("URL"), max_length=500)
    date = models.DateField(_("date"))

    class Meta:
        abstract = True
        verbose_name = _("further source")
        verbose_name_plural = _("further sources")

    def __str__(self):
        return f"{self.publisher}, {short_date(self.date)}"


class FigureSource(FurtherSource):
    """A further source of a figure (a Government notice, a ministry report, a newspaper) besides
    the primary one the figure itself names."""

    figure = models.ForeignKey(
        IndicatorValue,
        on_delete=models.CASCADE,
        related_name="further_sources",
        verbose_name=_("figure"),
    )

    class Meta(FurtherSource.Meta):
        ordering = ["figure", "date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["figure", "url"], name="unique_figure_source"),
        ]


class Conference(SluggedModel):
    slug_source = "title"

    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(
        _("short title"),
        max_length=120,
        blank=True,
        help_text=_("Shown as the heading, the full title below it, e.g. “Tổng kết 15 năm”."),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    date = models.DateField(_("date"))
    chair = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_conferences",
        verbose_name=_("chair"),
    )
    co_chairs = models.ManyToManyField(
        Person, related_name="co_chaired_conferences", blank=True, verbose_name=_("co-chairs")
    )
    host = models.CharField(_("host"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    reported = models.TextField(_("what was reported"), blank=True)
    decided = models.TextField(_("what was decided"), blank=True)
    programs = models.ManyToManyField(
        Program, related_name="conferences", blank=True, verbose_name=_("programs")
    )
    movements = models.ManyToManyField(
        "EmulationMovement", related_name="conferences", blank=True, verbose_name=_("movements")
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    source_document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conferences_reported",
        verbose_name=_("primary source"),
        help_text=_(
            "The official record of the conference, e.g. the Government Office's notice of the "
            "Prime Minister's conclusions; newspapers go under further sources."
        ),
    )
    bridges_held = models.PositiveSmallIntegerField(
        _("bridges held"),
        null=True,
        blank=True,
        help_text=_("How many bridges the source says the conference had, recorded here or not."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:conference_detail", args=[self.slug])

    def clean(self):
        document = self.source_document if self.source_document_id else None
        if document and self.date and document.issued_on < self.date:
            raise ValidationError(
                {
                    "source_document": _(
                        "%(document)s was issued before the conference: it cannot record it."
                    )
                    % {"document": document.number}
                }
            )

    def co_chairs_in_order(self):
        """The co-chairs in protocol order: their order among those present at the main bridge
        (prefetch `co_chairs` and `bridges__attendances` to save the queries)."""
        order = {
            attendance.person_id: attendance.order
            for bridge in self.bridges.all()
            if bridge.is_main
            for attendance in bridge.attendances.all()
        }
        return sorted(self.co_chairs.all(), key=lambda person: order.get(person.pk, len(order)))


class ConferenceSource(FurtherSource):
    """A further source of a conference (a newspaper's report) besides its primary source."""

    conference = models.ForeignKey(
        Conference,
        on_delete=models.CASCADE,
        related_name="further_sources",
        verbose_name=_("conference"),
    )

    class Meta(FurtherSource.Meta):
        ordering = ["conference", "date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "url"], name="unique_conference_source"),
        ]

    def clean(self):
        if self.conference_id and self.date and self.date < self.conference.date:
            raise ValidationError(
                {"date": _("A report of the conference cannot be dated before the conference.")}
            )


class Bridge(models.Model):
    """A connection point ("điểm cầu") of an online conference; one without a province (the
    Government Headquarters) is national."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="bridges", verbose_name=_("conference")
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bridges",
        limit_choices_to={"level": "province"},
        verbose_name=_("province or city"),
    )
    is_main = models.BooleanField(_("main bridge"), default=False)
    location = models.CharField(_("location"), max_length=200, blank=True)
    # The page reporting the bridge; blank where the conference's own sources report it.
    source_publisher = models.CharField(_("source publisher"), max_length=200, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["conference", "-is_main", "name"]
        verbose_name = _("bridge")
        verbose_name_plural = _("bridges")
        constraints = [
            models.UniqueConstraint(
                fields=["conference"], condition=Q(is_main=True), name="one_main_bridge"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({short_date(self.conference.date)})"

    def clean(self):
        conference = self.conference if self.conference_id else None
        if self.unit_id and conference and not self.unit.is_in_force_on(conference.date):
            raise ValidationError(
                {
                    "unit": _("%(unit)s did not exist on %(date)s, the day of the conference.")
                    % {"unit": self.unit, "date": short_date(conference.date)}
                }
            )


class AttendanceQuerySet(UnitScopedQuerySet):
    unit_path = "bridge__unit"


class Attendance(models.Model):
    class Role(models.TextChoices):
        PRESIDED = "presided", _("Presided")
        ATTENDED = "attended", _("Attended")

    bridge = models.ForeignKey(
        Bridge, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("bridge")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.ATTENDED)
    position = models.CharField(
        _("position held then"), max_length=500, blank=True, help_text=_("At the time of the event")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["bridge", "order", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["bridge", "person"], name="unique_attendance"),
        ]

    def __str__(self):
        return f"{self.person} @ {self.bridge.name}"


class MovementQuerySet(models.QuerySet):
    def with_last_change(self):
        """`last_change`: when the movement or one of its awards was last saved."""
        return self.annotate(
            last_change=Greatest("updated_at", Coalesce(Max("awards__updated_at"), "updated_at"))
        )


class EmulationMovement(SluggedModel):
    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        related_name="movements",
        null=True,
        blank=True,
        verbose_name=_("program"),
    )
    start_year = models.PositiveSmallIntegerField(_("period from"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("period to"), null=True, blank=True)
    launched_on = models.DateField(_("launched"), null=True, blank=True)
    launched_by = models.CharField(_("launched by"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        ordering = ["launched_on"]
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:movement_detail", args=[self.slug])


class Award(models.Model):
    class RecipientKind(models.TextChoices):
        COLLECTIVE = "collective", _("Collective")
        INDIVIDUAL = "individual", _("Individual")

    class Type(models.TextChoices):
        LABOUR_ORDER_1 = "labour_order_1", _("Labour Order, first class")
        LABOUR_ORDER_2 = "labour_order_2", _("Labour Order, second class")
        LABOUR_ORDER_3 = "labour_order_3", _("Labour Order, third class")
        PM_CERTIFICATE = "pm_certificate", _("Prime Minister's Certificate of Merit")
        EMULATION_FLAG = "emulation_flag", _("Government Emulation Flag")
        OTHER = "other", _("Other")

    decision = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="awards", verbose_name=_("decision")
    )
    movement = models.ForeignKey(
        EmulationMovement,
        on_delete=models.PROTECT,
        related_name="awards",
        null=True,
        blank=True,
        verbose_name=_("movement"),
    )
    award_type = models.CharField(_("award"), max_length=20, choices=Type.choices)
    recipient = models.CharField(_("recipient"), max_length=300)
    recipient_kind = models.CharField(
        _("recipient is"), max_length=12, choices=RecipientKind.choices
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        limit_choices_to={"level": "province"},
        verbose_name=_("province"),
    )
    conference = models.ForeignKey(
        Conference,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("announced at"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-decision__issued_on", "recipient"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self):
        return f"{self.get_award_type_display()}: {self.recipient}"

    def clean(self):
        if self.province_id and self.province.level_of_kind != AdministrativeUnit.Level.PROVINCE:
            raise ValidationError({"province": _("Choose a province or centrally-run city.")})


class EditorProfile(models.Model):
    """The provinces a provincial editor works for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="editor_profile",
        verbose_name=_("user"),
    )
    provinces = models.ManyToManyField(
        AdministrativeUnit,
        related_name="editor_profiles",
        blank=True,
        limit_choices_to={"level": AdministrativeUnit.Level.PROVINCE, "valid_until": None},
        verbose_name=_("provinces"),
        help_text=_(
            "Without the nationwide permission the user edits only the figures, targets, "
            "bridges and articles of these provinces, their communes and the former provinces "
            "merged into them."
        ),
    )

    class Meta:
        verbose_name = _("editing scope")
        verbose_name_plural = _("editing scopes")
        permissions = [
            (
                "edit_nationwide",
                _("Can edit national figures and the content of every province"),
            ),
        ]

    def __str__(self):
        return str(self.user)


class ImportBatch(models.Model):
    """One spreadsheet imported: who, when, which file, what it did; undone as a whole.

    It keeps the figures it created and the history records of those it updated as they were
    before, so that an undo deletes the first and puts the second back, with history of both.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_batches",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    created_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    created_ids = models.JSONField(default=list, editable=False)
    replaced_history_ids = models.JSONField(default=list, editable=False)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        imported = timezone.localtime(self.created_at)
        return f"{self.file_name or _('import')} · {date_format(imported, 'SHORT_DATETIME_FORMAT')}"

    def figure_ids(self):
        replaced = IndicatorValue.history.filter(history_id__in=self.replaced_history_ids)
        return [*self.created_ids, *replaced.values_list("id", flat=True)]

    def undo(self, user):
        """Delete the figures the import created and restore those it updated; refused when
        one of them has changed since. Returns the number of figures put back."""
        if self.undone_at:
            raise ValidationError(_("This import has already been undone."))
        history = IndicatorValue.history
        changed = history.filter(id__in=self.figure_ids(), history_date__gt=self.created_at)
        if changed.exists():
            raise ValidationError(
                _("Figures of this import have changed since: undo them one by one.")
            )
        reason = _("Undo of the import of %(file)s") % {"file": self.file_name}
        now = timezone.now()
        with transaction.atomic():
            created = list(IndicatorValue.objects.filter(pk__in=self.created_ids))
            for value in created:  # one by one, for each deletion's history record
                value._history_user = user
                value.delete(reason=reason)
            restored = [
                record.instance
                for record in history.filter(history_id__in=self.replaced_history_ids)
            ]
            for value in restored:
                value.updated_at = now
            fields = [
                f.attname
                for f in IndicatorValue._meta.concrete_fields
                if not f.primary_key and f.attname not in {"indicator_id", "unit_id"}
            ]
            bulk_update_with_history(
                restored,
                IndicatorValue,
                fields=fields,
                batch_size=1000,
                default_user=user,
                default_change_reason=reason,
            )
            self.undone_at, self.undone_by = now, user
            self.save(update_fields=["undone_at", "undone_by"])
        return len(created) + len(restored)


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An editor's own imports; a national editor's, everyone's."""
        return self if user.has_perm(NATIONWIDE) else self.filter(user=user)

    def expired(self):
        """Files checked and never confirmed (or left by a stopped worker) after EXPIRY."""
        return self.filter(upload__isnull=False, updated_at__lt=timezone.now() - ImportJob.EXPIRY)


class ImportJob(models.Model):
    """A spreadsheet on its way in, in the background (programs/tasks.py): the worker checks
    every row, the editor reads the summary and confirms, and the worker writes the file as an
    ImportBatch. No request waits for a large file, so none outlives gunicorn's timeout.

    The file waits in the database, which every host and the worker read, and is deleted once
    written, refused or expired.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be checked")
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("checked")
        IMPORTING = "importing", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("not imported")

    RUNNING = {Status.QUEUED, Status.CHECKING, Status.IMPORTING}
    EXPIRY = datetime.timedelta(days=1)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8)
    upload = models.BinaryField(null=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    # What importing.summary() says of the file, kept for the editor to read and page through.
    summary = models.JSONField(default=dict, editable=False)
    error = models.TextField(_("error"), blank=True)
    batch = models.OneToOneField(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="job"
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self):
        return self.file_name

    @property
    def running(self):
        return self.status in self.RUNNING

    @property
    def percent(self):
        """How far the check is, in whole percent, or None before the file is read."""
        if not self.rows_total:
            return None
        return min(100, 100 * self.rows_done // self.rows_total)

    @property
    def can_confirm(self):
        return (
            self.status == self.Status.CHECKED
            and self.upload is not None
            and not self.summary.get("totals", {}).get("invalid")
            and not self.summary.get("file_errors")
        )

    def set(self, **fields):
        """Save these fields at once, so that the editor's page sees them (the job runs outside
        any transaction until it writes)."""
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=[*fields, "updated_at"])

    def fail(self, message, **fields):
        self.set(status=self.Status.FAILED, error=message, upload=None, **fields)

    def report(self, rows_done):
        self.set(rows_done=rows_done)
