"""Load the administrative units and the facts and figures of seeds/ into the database.

Units come from the vietnam-provinces package (the structure in force from 1 July 2025) and
seeds/province-merger-2025.csv (the 63 provinces before it); the facts from seeds/*.yaml. Rows are
found by their natural keys and saved only when something changed, so a second run is a no-op.
"""

import csv
import datetime
import itertools
from collections import Counter, defaultdict
from decimal import Decimal

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import capfirst
from vietnam_provinces import Province, VietNamDivisionType, Ward

from ntmportal.vietnamese import fold, modern_tone_marks, slugify_vi

from .models import (
    REORGANISATION_DATE,
    AdministrativeUnit,
    Attendance,
    Bridge,
    Conference,
    ConferenceSource,
    Document,
    EmulationMovement,
    FigureSource,
    Indicator,
    IndicatorValue,
    LeadAgency,
    Person,
    Program,
    Target,
)

SEEDS = settings.BASE_DIR / "seeds"
FORMER_UNTIL = REORGANISATION_DATE - datetime.timedelta(days=1)

Kind = AdministrativeUnit.Kind
Succession = AdministrativeUnit.Succession
PROVINCE_KINDS = {
    VietNamDivisionType.TINH: Kind.PROVINCE,
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: Kind.CITY,
}
COMMUNE_KINDS = {
    VietNamDivisionType.XA: Kind.COMMUNE,
    VietNamDivisionType.PHUONG: Kind.WARD,
    VietNamDivisionType.DAC_KHU: Kind.SPECIAL_ZONE,
}
# English names that are more than the Vietnamese name without its diacritics.
ENGLISH_NAMES = {"Hà Nội": "Hanoi", "Hồ Chí Minh": "Ho Chi Minh City"}
UNIT_FIELDS = [
    *["name", "name_vi", "name_en", "slug", "kind"],
    *["parent", "successor", "succession", "valid_from"],
]
SEEDED_MODELS = [
    AdministrativeUnit,
    Document,
    Program,
    LeadAgency,
    EmulationMovement,
    Indicator,
    IndicatorValue,
    FigureSource,
    Target,
    Person,
    Conference,
    ConferenceSource,
    Bridge,
    Attendance,
]


def seed_programs(log):
    """Load everything, then `log` one line per model: how many rows were created and updated."""
    tally = defaultdict(Counter)
    # The untranslated `name`, `title`… columns take the active language's text: keep it Vietnamese.
    with translation.override(settings.LANGUAGE_CODE):
        nation = seed_units(tally)
        seed_facts(tally, nation)
    for model in SEEDED_MODELS:
        counts = tally[model]
        log(
            f"{capfirst(model._meta.verbose_name_plural)}: "
            f"{counts['created']:,} created, {counts['updated']:,} updated"
        )


# Administrative units: 3,419 of them, so in bulk.


def seed_units(tally):
    current = AdministrativeUnit.objects.current()
    nation = AdministrativeUnit(
        code="VN", name_vi="Việt Nam", name_en="Viet Nam", slug="viet-nam", kind=Kind.NATION
    )
    nation = sync_units(tally, current.filter(kind=Kind.NATION), [nation])["VN"]
    provinces = sync_units(
        tally,
        current.provinces(),
        [
            province_unit(
                f"{int(p.code):02d}",
                p.name,
                PROVINCE_KINDS[p.division_type],
                parent=nation,
                valid_from=REORGANISATION_DATE,
            )
            for p in Province.iter_all()
        ],
    )
    sync_units(tally, current.communes(), commune_units(provinces))
    with open(SEEDS / "province-merger-2025.csv", encoding="utf-8") as merger:
        rows = list(csv.DictReader(merger))
    # A successor of one former province is that province continued, not a merger.
    predecessors = Counter(row["new_code"] for row in rows)
    former = [
        province_unit(
            f"{int(row['old_code']):02d}",
            row["old_name"],
            Kind.CITY if row["old_name"].startswith("Thành phố ") else Kind.PROVINCE,
            parent=nation,
            valid_until=FORMER_UNTIL,
            successor=provinces[f"{int(row['new_code']):02d}"],
            succession=Succession.UNCHANGED
            if predecessors[row["new_code"]] == 1
            else Succession.MERGED,
        )
        for row in rows
    ]
    sync_units(
        tally, AdministrativeUnit.objects.provinces().filter(valid_until=FORMER_UNTIL), former
    )
    return nation


def province_unit(code, official_name, kind, **fields):
    """A province or city named without its "Tỉnh "/"Thành phố " prefix: "Hà Nội", "Cao Bằng"."""
    name = modern_tone_marks(official_name).removeprefix("Tỉnh ").removeprefix("Thành phố ")
    return AdministrativeUnit(
        code=code,
        name_vi=name,
        name_en=ENGLISH_NAMES.get(name, fold(name).title()),
        slug=slugify_vi(name),
        kind=kind,
        **fields,
    )


def commune_units(provinces):
    """The communes, wards and special zones, with slugs made unique within their province."""
    communes = [
        AdministrativeUnit(
            code=f"{int(ward.code):05d}",
            name_vi=modern_tone_marks(ward.name),
            slug=slugify_vi(ward.name),
            kind=COMMUNE_KINDS[ward.division_type],
            parent=provinces[f"{int(ward.province_code):02d}"],
            valid_from=REORGANISATION_DATE,
        )
        for ward in Ward.iter_all()
    ]
    # "Xã Văn Lang" and "Xã Văn Lăng" of one province share a slug: both get their code.
    shared = Counter((unit.parent.code, unit.slug) for unit in communes)
    for unit in communes:
        if shared[unit.parent.code, unit.slug] > 1:
            unit.slug = f"{unit.slug}-{unit.code}"
    return communes


def sync_units(tally, queryset, rows):
    """Make the units of `queryset` match `rows` (unsaved, one per code); return them by code."""
    existing = {unit.code: unit for unit in queryset}
    new, changed = [], []
    for row in rows:
        unit = existing.get(row.code)
        if unit is None:
            new.append(row)
        elif any(differs(unit, field, getattr(row, field)) for field in UNIT_FIELDS):
            for field in UNIT_FIELDS:
                setattr(unit, field, getattr(row, field))
            changed.append(unit)
    for unit in new + changed:
        # The database checks keys and constraints of the whole batch; here a query per row.
        validate(
            unit,
            unit.code,
            exclude=["parent", "successor"],
            validate_unique=False,
            validate_constraints=False,
        )
    AdministrativeUnit.objects.bulk_create(new)
    AdministrativeUnit.objects.bulk_update(changed, UNIT_FIELDS)
    tally[AdministrativeUnit].update(created=len(new), updated=len(changed))
    return existing | {unit.code: unit for unit in new}


# Facts and figures: a few hundred rows, one by one through full_clean().


def seed_facts(tally, nation):
    seed = load("programs.yaml")
    documents = {}
    for data in seed["documents"] + load("documents-extra.yaml")["documents"]:
        if data["number"] in documents:  # one entry per document, or the files overwrite each other
            raise ValidationError(f"Document {data['number']} is seeded twice")
        documents[data["number"]] = upsert(
            tally,
            Document,
            {"number": data["number"], "issuer_vi": data["issuer"]["vi"]},
            fields(data, "kind", "title", "summary", "issuer", "issued_on", "effective_on", "url"),
        )
    programs = {}
    for data in seed["programs"]:
        programs[data["code"]] = upsert(
            tally,
            Program,
            {"code": data["code"]},
            fields(
                data,
                *["slug", "name", "short_name", "description", "goals"],
                *["start_year", "end_year"],
            )
            | {"decided_by": documents[data["decided_by"]]},
            documents=[documents[number] for number in data["documents"]],
            succeeds=[programs[code] for code in data.get("succeeds", [])],
        )
        seed_lead_agencies(tally, programs[data["code"]], data.get("lead_agencies", []))
    movements = {
        data["slug"]: upsert(
            tally,
            EmulationMovement,
            {"slug": data["slug"]},
            fields(data, "name", "description", "start_year", "end_year")
            | {"program": programs[data["program"]]},
        )
        for data in seed["movements"]
    }
    seed_indicators(tally, nation, programs, documents)
    seed_conferences(tally, programs, movements, documents)


def seed_lead_agencies(tally, program, agencies):
    """A program's lead agencies, each known by its Vietnamese name; those the file no longer
    lists are removed, so that a corrected seed does not leave two agencies leading at once."""
    kept = []
    for data in agencies:
        agency = upsert(
            tally,
            LeadAgency,
            {"program": program, "name_vi": data["name"]["vi"]},
            fields(data, "name", "source_url")
            | {"valid_from": data.get("from"), "valid_until": data.get("until")},
        )
        kept.append(agency.pk)
    program.lead_agencies.exclude(pk__in=kept).delete()


def seed_indicators(tally, nation, programs, documents):
    """seeds/indicators.yaml, then every seeds/figures/*.yaml."""
    order = itertools.count()
    for path in [SEEDS / "indicators.yaml", *sorted((SEEDS / "figures").glob("*.yaml"))]:
        seed_figures_file(tally, path, nation, programs, documents, order)


def seed_figures_file(tally, path, nation, programs, documents, order):
    """One file of the figures schema (docs/architecture.md, "Seed figures"): its sources, its
    indicators with their values and targets, and its figures of indicators defined anywhere."""
    seed = load(path)
    sources = seed.get("sources", {})
    for data in seed.get("indicators", []):
        indicator = seed_indicator(tally, data, programs, next(order))
        for figure in data.get("values", []):
            seed_figure(tally, path, indicator, figure, sources, nation)
        for target in data.get("targets", []):
            upsert(
                tally,
                Target,
                {"indicator": indicator, "unit": nation, **period(target)},
                fields(target, "comparator", "note")
                | {
                    "value": number(target["value"]),
                    "value_high": number(target.get("value_high")),
                    "document": documents[target["document"]],
                },
            )
    for figure in seed.get("figures", []):
        indicator = Indicator.objects.get(code=figure["indicator"])
        seed_figure(tally, path, indicator, figure, sources, nation)


def seed_indicator(tally, data, programs, order):
    return upsert(
        tally,
        Indicator,
        {"code": data["code"]},
        fields(data, "name", "description", "measure", "higher_is_better", "additive")
        | {
            "program": programs[data["program"]],
            "order": order,
            "headline": data.get("headline"),
            "at_national": AdministrativeUnit.Level.NATION in data["levels"],
            "at_province": AdministrativeUnit.Level.PROVINCE in data["levels"],
            "at_commune": AdministrativeUnit.Level.COMMUNE in data["levels"],
        },
    )


def seed_figure(tally, path, indicator, figure, sources, nation):
    """One figure: of the nation, or of the province named by its slug among the provinces in
    force on the figure's reference date; with its primary and further sources."""
    dates = period(figure)
    unit = nation
    if "province" in figure:
        provinces = AdministrativeUnit.objects.provinces().in_force_on(dates["period_end"])
        unit = provinces.filter(slug=figure["province"]).first()
        if unit is None:
            raise ValidationError(
                f"{path.name}: no province “{figure['province']}” on {dates['period_end']}"
            )
    source = sources[figure["source"]]
    notes = [figure.get("note") or {}, source.get("note") or {}]
    value = upsert(
        tally,
        IndicatorValue,
        {"indicator": indicator, "unit": unit, **dates},
        {
            "value": number(figure["value"]),
            "value_high": number(figure.get("value_high")),
            "numerator": number(figure.get("numerator")),
            "denominator": number(figure.get("denominator")),
            "qualifier": figure.get("qualifier", ""),
            "value_status": figure["value_status"],
            "status": IndicatorValue.Status.PUBLISHED,
            "source_publisher": source["publisher"],
            "source_title": source.get("title", ""),
            "source_url": source["url"],
            "source_date": source["date"],
            **{
                f"note_{language}": " ".join(filter(None, (note.get(language) for note in notes)))
                for language in ("vi", "en")
            },
        },
    )
    for key in figure.get("also", []):
        further = sources[key]
        upsert(
            tally,
            FigureSource,
            {"figure": value, "url": further["url"]},
            {
                "publisher": further["publisher"],
                "title": further.get("title", ""),
                "date": further["date"],
            },
        )


def seed_conferences(tally, programs, movements, documents):
    seed = load("conferences.yaml")
    people = {
        name: upsert(tally, Person, {"slug": slugify_vi(name)}, {"name": name})
        for name in seed["people"]
    }
    for data in seed["conferences"]:
        conference = upsert(
            tally,
            Conference,
            {"slug": data["slug"]},
            fields(data, "title", "date", "host", "summary", "reported", "decided", "source_url")
            | {
                "chair": people[data["chair"]],
                "source_document": documents.get(data.get("source_document")),
            },
            co_chairs=[people[name] for name in data["co_chairs"]],
            programs=[programs[code] for code in data["programs"]],
            movements=[movements[slug] for slug in data["movements"]],
        )
        kept = [
            upsert(
                tally,
                ConferenceSource,
                {"conference": conference, "url": source["url"]},
                fields(source, "publisher", "title", "date"),
            ).pk
            for source in data.get("further_sources", [])
        ]
        conference.further_sources.exclude(pk__in=kept).delete()
        provinces = AdministrativeUnit.objects.provinces().in_force_on(conference.date)
        for bridge_data in data["bridges"]:
            bridge = upsert(
                tally,
                Bridge,
                {"conference": conference, "name_vi": bridge_data["name"]["vi"]},
                fields(bridge_data, "name", "location")
                | {
                    "is_main": bridge_data.get("main", False),
                    "unit": provinces.get(code=bridge_data["province"]),
                },
            )
            for order, attendance in enumerate(bridge_data["attendances"]):
                upsert(
                    tally,
                    Attendance,
                    {"bridge": bridge, "person": people[attendance["person"]]},
                    fields(attendance, "role", "position") | {"order": order},
                )
    seed_provincial_bridges(tally, people)


def seed_provincial_bridges(tally, people):
    """seeds/bridges.yaml: bridges that provincial pages report, each with its page, and the
    people they name as presiding or attending."""
    seed = load("bridges.yaml")
    conference = Conference.objects.get(slug=seed["conference"])
    provinces = AdministrativeUnit.objects.provinces().in_force_on(conference.date)
    for data in seed["bridges"]:
        bridge = upsert(
            tally,
            Bridge,
            {"conference": conference, "name_vi": data["name"]["vi"]},
            fields(data, "name")
            | {
                "unit": provinces.get(slug=data["province"]),
                "source_publisher": data["source"]["publisher"],
                "source_url": data["source"]["url"],
            },
        )
        present = [(Attendance.Role.PRESIDED, person) for person in data["presided_by"]] + [
            (Attendance.Role.ATTENDED, person) for person in data.get("attended", [])
        ]
        for order, (role, person) in enumerate(present):
            name = person["name"]
            if name not in people:
                people[name] = upsert(tally, Person, {"slug": slugify_vi(name)}, {"name": name})
            upsert(
                tally,
                Attendance,
                {"bridge": bridge, "person": people[name]},
                {"role": role, "position_vi": person["position"], "order": order}
                # The page's English wording where the page is in English, else ours.
                | {"position_en": person.get("position_as_printed", person.get("position_en"))},
            )


def load(path):
    with open(SEEDS / path, encoding="utf-8") as file:
        return yaml.safe_load(file)


def fields(data, *names):
    """The named entries of a seed mapping as model fields: {vi: …, en: …} fills `<name>_vi`…"""
    values = {}
    for name in names:
        if name not in data:
            continue
        if isinstance(data[name], dict):
            values |= {f"{name}_{language}": text for language, text in data[name].items()}
        else:
            values[name] = data[name]
    return values


def period(data):
    start, end = data["period"] if "period" in data else (data["date"], data["date"])
    return {"period_start": start, "period_end": end}


def number(value):
    # Through str so that 1.93 is stored as 1.93, not as the nearest binary fraction.
    return None if value is None else Decimal(str(value))


def differs(obj, name, value):
    field = obj._meta.get_field(name)
    if field.many_to_one:  # compare keys, without fetching the related row
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def validate(obj, key, **options):
    """full_clean(), with the row named in the error so that the bad seed entry is easy to find."""
    try:
        obj.full_clean(**options)
    except ValidationError as error:
        raise ValidationError(f"{type(obj).__name__} {key}: {error}") from error


def upsert(tally, model, lookup, values, **related):
    """Create or update the row with natural key `lookup`, saving it only when it changes.

    `related` sets many-to-many fields: `programs=[…]`.
    """
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup)
    changed = {name: value for name, value in values.items() if differs(obj, name, value)}
    for name, value in changed.items():
        setattr(obj, name, value)
    if created or changed:
        validate(obj, lookup)
        obj.save()
    for name, objects in related.items():
        manager = getattr(obj, name)
        if set(manager.all()) != set(objects):
            manager.set(objects)
            changed[name] = objects
    if created or changed:
        tally[model]["created" if created else "updated"] += 1
    return obj
