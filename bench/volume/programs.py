"""A national volume of invented data on top of the seed, for performance work.

Everything is drawn from `random.Random` seeded with the run's seed, one generator per part, so
the same seed always gives the same rows. The rows are marked so that a later run can find and
replace them: indicator values, conferences and award decisions carry `VOLUME_URL` as their
source or official address, targets `VOLUME_NOTE` as their note (the articles of news.py
their creator). The indicators and people added here are kept: a later run reuses them.

Figures follow the model's rules on units and dates: the 63 former provinces report on
31 December 2020–2024 and on 30 June 2025, their last day; the 34 current provinces and their
communes on 31 December 2025; the nation on every 31 December. Figures about districts stop on
30 June 2025, when the district level was abolished.
"""

import datetime
import math
import random
from collections import Counter, defaultdict
from decimal import Decimal

from django.utils.text import capfirst, format_lazy

from ntmportal.vietnamese import slugify_vi
from programs.models import (
    AdministrativeUnit,
    Attendance,
    Award,
    Bridge,
    Conference,
    Document,
    EmulationMovement,
    Indicator,
    IndicatorValue,
    Person,
    Program,
    Target,
)
from programs.seeding import FORMER_UNTIL

VOLUME_URL = "https://example.com/ntm-portal/generated-volume"
VOLUME_NOTE = "Dữ liệu sinh tự động bằng lệnh generate_volume để thử tải, không phải số liệu thật."
BATCH_SIZE = 2000

YEAR_ENDS = [datetime.date(year, 12, 31) for year in range(2020, 2026)]
FORMER_DATES = [*YEAR_ENDS[:-1], FORMER_UNTIL]
CURRENT_DATE = YEAR_ENDS[-1]
TARGET_PERIOD = (datetime.date(2021, 1, 1), CURRENT_DATE)

Measure = Indicator.Measure
ALL_LEVELS, NATION_AND_PROVINCES = (True, True, True), (True, True, False)
# Indicators the seed lacks: figures for communes, and the ethnic minority program.
NEW_INDICATORS = [
    # code, program, measure, higher is better, additive, (nation, province, commune), vi, en
    ("vol-ntm-criteria-met", "NTM", Measure.CRITERIA, True, False, ALL_LEVELS,
     "Số tiêu chí nông thôn mới đạt được (bình quân mỗi xã)",
     "New rural criteria met (average per commune)"),
    ("vol-clean-water-share", "NTM", Measure.PERCENT, True, False, ALL_LEVELS,
     "Tỷ lệ hộ dân nông thôn sử dụng nước sạch đạt quy chuẩn",
     "Rural households using clean water that meets the standard"),
    ("vol-poor-households", "GNBV", Measure.HOUSEHOLDS, False, True, ALL_LEVELS,
     "Số hộ nghèo đa chiều", "Multidimensionally poor households"),
    ("vol-ethnic-housing-support", "DTTS", Measure.HOUSEHOLDS, True, True, ALL_LEVELS,
     "Số hộ đồng bào dân tộc thiểu số được hỗ trợ nhà ở",
     "Ethnic minority households given housing support"),
    ("vol-ethnic-infrastructure-projects", "DTTS", Measure.PROJECTS, True, True,
     NATION_AND_PROVINCES,
     "Số công trình hạ tầng thiết yếu được đầu tư ở vùng đồng bào dân tộc thiểu số và miền núi",
     "Essential infrastructure projects in ethnic minority and mountainous areas"),
    ("vol-ethnic-central-budget", "DTTS", Measure.BILLION_VND, True, True, NATION_AND_PROVINCES,
     "Vốn ngân sách trung ương đã giải ngân cho vùng đồng bào dân tộc thiểu số và miền núi",
     "Central budget disbursed to ethnic minority and mountainous areas"),
]  # fmt: skip

# Counted out of a total (numerator and denominator); averaged when units merge; summed otherwise.
SHARES = {Measure.COMMUNES, Measure.DISTRICTS, Measure.PROVINCES}
RATES = {
    Measure.PERCENT,
    Measure.PERCENTAGE_POINTS,
    Measure.VND_MILLION_PER_PERSON,
    Measure.TIMES,
    Measure.CRITERIA,
}
# Where a province's series starts in 2020 (a share for SHARES); lower-is-better percentages
# start low.
STARTS = {
    Measure.PERCENT: (40, 85),
    Measure.PERCENTAGE_POINTS: (0.5, 3),
    Measure.VND_MILLION_PER_PERSON: (30, 48),
    Measure.TIMES: (1, 1),
    Measure.CRITERIA: (11, 17),
    Measure.COMMUNES: (0.3, 0.7),
    Measure.DISTRICTS: (0.05, 0.3),
    Measure.PROVINCES: (0, 0.05),
    Measure.HOUSEHOLDS: (3000, 60000),
    Measure.PEOPLE: (2000, 120000),
    Measure.PRODUCTS: (20, 300),
    Measure.PROJECTS: (20, 400),
    Measure.MODELS: (10, 200),
    Measure.BILLION_VND: (100, 2500),
}
LOW_PERCENT_START = (1, 20)
CEILINGS = {Measure.PERCENT: 100, Measure.CRITERIA: 19}

FAMILY_NAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Trịnh Lương Mai"
).split()
MEN = (
    "Văn Hữu Đức Minh Quốc Thanh Công Xuân".split(),
    "An Bình Cường Dũng Đạt Hải Hiếu Hùng Huy Khánh Long Nam Phong Quang Sơn Tài Thắng Trung "
    "Tuấn Vinh".split(),
)
WOMEN = (
    "Thị Ngọc Thu Hồng Thanh Kim Mỹ".split(),
    "Anh Chi Dung Hà Hạnh Hoa Hương Lan Linh Mai Nga Nhung Phương Tâm Thảo Trang Vân Yến".split(),
)

HOSTS = {
    True: "Ban Chỉ đạo Trung ương các chương trình mục tiêu quốc gia",
    False: "Văn phòng Điều phối nông thôn mới Trung ương",
}
CONFERENCES = [
    # title, national (every province) or regional, months, programs
    ("Hội nghị trực tuyến toàn quốc sơ kết 6 tháng đầu năm {year} các chương trình mục tiêu "
     "quốc gia", True, (7, 8), ["NTM", "GNBV", "DTTS"]),
    ("Hội nghị trực tuyến toàn quốc tổng kết năm {year} Chương trình mục tiêu quốc gia xây dựng "
     "nông thôn mới", True, (12, 12), ["NTM"]),
    ("Hội nghị trực tuyến triển khai Chương trình mục tiêu quốc gia giảm nghèo bền vững năm "
     "{year}", True, (2, 4), ["GNBV"]),
    ("Hội nghị đánh giá kết quả thực hiện Chương trình mục tiêu quốc gia phát triển kinh tế – xã "
     "hội vùng đồng bào dân tộc thiểu số và miền núi năm {year}", True, (9, 11), ["DTTS"]),
    ("Hội nghị giao ban các tỉnh {region} về xây dựng nông thôn mới năm {year}", False, (3, 11),
     ["NTM"]),
    ("Diễn đàn Chương trình Mỗi xã một sản phẩm (OCOP) các tỉnh {region} năm {year}", False,
     (4, 10), ["NTM"]),
    ("Hội nghị chia sẻ kinh nghiệm giảm nghèo bền vững các tỉnh {region} năm {year}", False,
     (5, 11), ["GNBV"]),
]  # fmt: skip
# Province codes run from north to south, before and after the 2025 mergers alike.
REGIONS = [("miền Bắc", 1, 37), ("miền Trung và Tây Nguyên", 38, 69), ("miền Nam", 70, 99)]
AWARD_BODIES = [
    "Ủy ban nhân dân {province}",
    "Văn phòng Điều phối nông thôn mới {province}",
    "Sở Nông nghiệp {province}",
    "Hội Nông dân {province}",
    "Hội Liên hiệp Phụ nữ {province}",
    "Ban Dân tộc {province}",
    "Ủy ban Mặt trận Tổ quốc Việt Nam {province}",
    "Nhân dân và cán bộ {province}",
]
AWARD_INDIVIDUALS = [
    "nông dân sản xuất, kinh doanh giỏi",
    "trưởng thôn",
    "công chức Văn phòng Điều phối nông thôn mới",
    "chủ thể sản phẩm OCOP",
    "doanh nhân",
    "người có uy tín trong đồng bào dân tộc thiểu số",
]
PRESIDENT, PRIME_MINISTER = "Chủ tịch nước", "Thủ tướng Chính phủ"
# Labour Orders by class, with how often each is given.
LABOUR_ORDERS = {
    Award.Type.LABOUR_ORDER_1: 1,
    Award.Type.LABOUR_ORDER_2: 3,
    Award.Type.LABOUR_ORDER_3: 6,
}


def ends_with_districts(indicator):
    """Figures about districts end on 30 June 2025, with the district level."""
    return indicator.measure == Indicator.Measure.DISTRICTS or "district" in indicator.code


def scaled(count, scale):
    return max(1, round(count * scale))


def person_name(rng):
    """A Vietnamese full name, and “Ông” or “Bà” to address the person by."""
    woman = rng.random() < 0.45
    middle, given = WOMEN if woman else MEN
    return (
        f"{rng.choice(FAMILY_NAMES)} {rng.choice(middle)} {rng.choice(given)}",
        "Bà" if woman else "Ông",
    )


def of_province(unit):
    """How a sentence names a province: “tỉnh Sóc Trăng”, “thành phố Hải Phòng”."""
    return f"{'thành phố' if unit.kind == AdministrativeUnit.Kind.CITY else 'tỉnh'} {unit.name}"


def unique_slug(slug, taken):
    """`slug`, or `slug-2`, `slug-3`… if it is taken; the result is added to `taken`."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def insert(model, objs, progress, label=None):
    """bulk_create in batches, drawing the progress bar; the objects come back with their keys."""
    progress.start(label or capfirst(model._meta.verbose_name_plural), len(objs))
    for start in range(0, len(objs), BATCH_SIZE):
        batch = objs[start : start + BATCH_SIZE]
        model.objects.bulk_create(batch)
        progress.advance(len(batch))
    progress.finish()
    return objs


def insert_links(model, name, pairs, progress):
    """Bulk insert the rows of the many-to-many field `name` from (object, related) pairs of
    saved objects."""
    field = model._meta.get_field(name)
    source, target = field.m2m_column_name(), field.m2m_reverse_name()
    rows = [field.remote_field.through(**{source: a.pk, target: b.pk}) for a, b in pairs]
    label = format_lazy("{} {}", capfirst(model._meta.verbose_name), field.verbose_name)
    insert(field.remote_field.through, rows, progress, label)


def generated():
    """The rows of earlier runs, in an order that deletes cleanly."""
    return [
        Award.objects.filter(decision__url=VOLUME_URL),
        Document.objects.filter(url=VOLUME_URL),
        Conference.objects.filter(source_url=VOLUME_URL),
        Target.objects.filter(note=VOLUME_NOTE),
        IndicatorValue.objects.filter(source_url=VOLUME_URL),
    ]


class ProgramsVolume:
    """Indicator values and targets, conferences with bridges and attendances, award decisions."""

    def __init__(self, seed, scale, progress):
        self.seed, self.scale, self.progress = seed, scale, progress
        self.nation = AdministrativeUnit.objects.nation()
        provinces = AdministrativeUnit.objects.provinces().order_by("code")
        self.former, self.current = list(provinces.former()), list(provinces.current())
        self.communes = list(AdministrativeUnit.objects.communes().current().order_by("code"))
        self.communes_in = Counter(commune.parent_id for commune in self.communes)
        # Shares of communes count rural communes ("xã"), not wards or special zones.
        self.rural_communes_in = Counter(
            commune.parent_id
            for commune in self.communes
            if commune.kind == AdministrativeUnit.Kind.COMMUNE
        )
        self.programs = {p.code: p for p in Program.objects.select_related("decided_by")}
        self.movements = list(EmulationMovement.objects.order_by("slug"))
        # The former provinces' communes and districts are not in the database: their numbers
        # are drawn once, to count shares against (10,051 communes, 696 districts in all).
        rng = self.rng("totals")
        self.former_totals = {
            Measure.COMMUNES: {unit.pk: rng.randint(70, 250) for unit in self.former},
            Measure.DISTRICTS: {unit.pk: rng.randint(7, 15) for unit in self.former},
        }

    def rng(self, part):
        """One generator per part, so each part's rows depend on the seed alone."""
        return random.Random(f"{self.seed}:{part}")  # noqa: S311 — invented data, not secrets

    def generate(self):
        """Write everything; return the conferences, which articles link to."""
        indicators = self.indicators()
        self.values_and_targets(indicators)
        people = self.people(150)
        conferences = self.conferences(people)
        self.awards(conferences)
        return conferences

    # Indicators, their values and targets

    def indicators(self):
        """The indicators to fill: all of them at full scale, else a share of each kind."""
        existing = set(Indicator.objects.values_list("code", flat=True))
        Indicator.objects.bulk_create(
            Indicator(
                code=code,
                program=self.programs[program],
                measure=measure,
                higher_is_better=higher,
                additive=additive,
                at_national=levels[0],
                at_province=levels[1],
                at_commune=levels[2],
                name_vi=name_vi,
                name_en=name_en,
                description_vi=VOLUME_NOTE,
                order=100 + order,
            )
            for order, (code, program, measure, higher, additive, levels, name_vi, name_en) in (
                enumerate(NEW_INDICATORS)
            )
            if code not in existing
        )
        kinds = defaultdict(list)
        for indicator in Indicator.objects.select_related("program__decided_by"):
            kinds[indicator.at_province, indicator.at_commune].append(indicator)
        share = min(self.scale, 1)
        return [ind for group in kinds.values() for ind in group[: math.ceil(len(group) * share)]]

    def values_and_targets(self, indicators):
        taken = set(
            IndicatorValue.objects.filter(indicator__in=indicators).values_list(
                "indicator_id", "unit_id", "period_start", "period_end"
            )
        )
        rng = self.rng("values")
        values, targets = [], []
        for indicator in indicators:
            figures = self.figures(indicator, rng)
            values += [
                value
                for value in figures
                if (indicator.pk, value.unit_id, value.period_start, value.period_end) not in taken
            ]
            targets += self.targets(indicator, figures, rng)
        insert(IndicatorValue, values, self.progress)
        insert(Target, targets, self.progress)

    def figures(self, indicator, rng):
        """A value for every unit and date the indicator applies to."""
        if not indicator.at_province:
            return self.national_series(indicator, rng)
        former, levels = self.former_figures(indicator, rng)
        current = (
            {} if ends_with_districts(indicator) else self.current_figures(indicator, levels, rng)
        )
        figures = former + list(current.values())
        if indicator.at_national:
            figures += self.national_figures(indicator, figures)
        if indicator.at_commune:
            figures += self.commune_figures(indicator, current, rng)
        return figures

    def national_series(self, indicator, rng):
        """The figures of an indicator reported for the nation only: provinces count out of the
        provinces in force."""
        figures = []
        for date, level in zip(YEAR_ENDS, self.walk(indicator, rng, len(YEAR_ENDS)), strict=True):
            total = len(self.in_force(date)) if indicator.measure in SHARES else None
            figures.append(self.value(indicator, self.nation, date, level, total))
        return figures

    def former_figures(self, indicator, rng):
        """The former provinces' figures, and their series of levels by province."""
        totals = self.former_totals.get(indicator.measure, {})
        levels = {unit.pk: self.walk(indicator, rng, len(FORMER_DATES)) for unit in self.former}
        figures = [
            self.value(indicator, unit, date, level, totals.get(unit.pk))
            for unit in self.former
            for date, level in zip(FORMER_DATES, levels[unit.pk], strict=True)
        ]
        return figures, levels

    def current_figures(self, indicator, levels, rng):
        """Each current province's end-2025 figure, carrying on from its predecessors'."""
        measure = indicator.measure
        totals = self.former_totals.get(measure, {})
        merged = defaultdict(list)
        for unit in self.former:
            merged[unit.successor_id].append(unit.pk)
        figures = {}
        for unit in self.current:
            before = [levels[pk][-1] for pk in merged[unit.pk]]
            weights = [totals.get(pk, 1) for pk in merged[unit.pk]]
            level = self.step(indicator, rng, self.merge(measure, before, weights))
            total = self.rural_communes_in[unit.pk] if measure in SHARES else None
            figures[unit.pk] = self.value(indicator, unit, CURRENT_DATE, level, total)
        return figures

    def national_figures(self, indicator, figures):
        """The nation's figure on each date: the provinces' sum, or their average for rates."""
        by_date = defaultdict(list)
        for value in figures:
            by_date[value.period_end].append(value)
        last = FORMER_UNTIL if ends_with_districts(indicator) else CURRENT_DATE
        national = []
        for date in [*YEAR_ENDS[:-1], last]:
            provinces, total = by_date[date], None
            if indicator.measure in RATES:
                amount = sum(value.value for value in provinces) / len(provinces)
            elif indicator.measure in SHARES:
                amount = sum(value.numerator for value in provinces)
                total = sum(value.denominator for value in provinces)
            else:
                amount = sum(value.value for value in provinces)
            national.append(self.value(indicator, self.nation, date, amount, total, share=False))
        return national

    def commune_figures(self, indicator, current, rng):
        """End-2025 figures of the communes, around their province's: its rate, or its count
        spread over its communes."""
        measure, figures = indicator.measure, []
        for commune in self.communes:
            amount = float(current[commune.parent_id].value)
            if measure in RATES:
                amount = min(amount * rng.uniform(0.85, 1.15), CEILINGS.get(measure, math.inf))
                if measure == Measure.CRITERIA:
                    amount = round(amount)
            else:
                amount *= rng.uniform(0.3, 1.7) / self.communes_in[commune.parent_id]
            figures.append(self.value(indicator, commune, CURRENT_DATE, amount, None))
        return figures

    def walk(self, indicator, rng, steps):
        """A unit's series: a start drawn for the measure, then a yearly step."""
        measure = indicator.measure
        low_percent = measure == Measure.PERCENT and not indicator.higher_is_better
        level = rng.uniform(*(LOW_PERCENT_START if low_percent else STARTS[measure]))
        series = [level]
        for _step in range(steps - 1):
            level = self.step(indicator, rng, level)
            series.append(level)
        return series

    @staticmethod
    def step(indicator, rng, level):
        measure, higher = indicator.measure, indicator.higher_is_better
        if measure in SHARES:  # recognitions accumulate
            return min(1, level + rng.uniform(0.01, 0.08))
        if measure == Measure.TIMES:
            return level + rng.uniform(0.04, 0.09)
        if measure == Measure.CRITERIA:
            return min(19, level + rng.uniform(0.1, 0.8))
        if measure == Measure.PERCENT:
            return (
                min(99.5, level + rng.uniform(0.5, 4)) if higher else level * rng.uniform(0.7, 0.95)
            )
        if measure == Measure.PERCENTAGE_POINTS:
            return level * rng.uniform(0.85, 1.15)
        return level * (rng.uniform(1.02, 1.12) if higher else rng.uniform(0.82, 0.97))

    @staticmethod
    def merge(measure, levels, weights):
        """The level of a province made of `levels` of its predecessors."""
        if measure in SHARES:
            return sum(level * weight for level, weight in zip(levels, weights, strict=True)) / sum(
                weights
            )
        if measure in RATES:
            return sum(levels) / len(levels)
        return sum(levels)

    @staticmethod
    def value(indicator, unit, date, level, total, share=True):
        """The figure for a level: for shares, of `total` (unless `level` is a count already)."""
        amount = level * total if share and indicator.measure in SHARES else level
        number = Decimal(round(amount)) if indicator.is_count else Decimal(f"{amount:.2f}")
        return IndicatorValue(
            indicator=indicator,
            unit=unit,
            period_start=date,
            period_end=date,
            value=number,
            numerator=number if total is not None else None,
            denominator=Decimal(round(total)) if total is not None else None,
            status=IndicatorValue.Status.PUBLISHED,
            source_publisher="Dữ liệu thử tải (generate_volume)",
            source_url=VOLUME_URL,
            source_date=date,
            note=VOLUME_NOTE,
        )

    def targets(self, indicator, figures, rng):
        """2021–2025 targets of the current provinces, set near their end-2025 figure."""
        document = indicator.program.decided_by
        if not indicator.at_province or document is None or ends_with_districts(indicator):
            return []
        return [
            Target(
                indicator=indicator,
                unit=value.unit,
                period_start=TARGET_PERIOD[0],
                period_end=TARGET_PERIOD[1],
                value=self.target_value(indicator, value, rng),
                document=document,
                note=VOLUME_NOTE,
            )
            for value in figures
            if value.unit.level == AdministrativeUnit.Level.PROVINCE and not value.unit.is_former
        ]

    @staticmethod
    def target_value(indicator, value, rng):
        target = float(value.value) * rng.uniform(0.9, 1.1)
        if value.denominator is not None:
            target = min(target, float(value.denominator))
        if indicator.measure == Measure.PERCENT:
            target = min(target, 100)
        return Decimal(round(target)) if indicator.is_count else Decimal(f"{target:.2f}")

    # People, conferences, awards

    def people(self, count):
        """`count` people with distinct names: those of an earlier run are reused."""
        rng = self.rng("people")
        names = {}
        while len(names) < count:
            name, _title = person_name(rng)
            names.setdefault(slugify_vi(name), name)
        existing = Person.objects.in_bulk(names, field_name="slug")
        Person.objects.bulk_create(
            Person(name=name, slug=slug) for slug, name in names.items() if slug not in existing
        )
        return list(Person.objects.filter(slug__in=names).order_by("slug"))

    def in_force(self, date):
        return self.former if date <= FORMER_UNTIL else self.current

    def conferences(self, people):
        rng = self.rng("conferences")
        taken = set(Conference.objects.values_list("slug", flat=True))
        movement_of = {movement.program_id: movement for movement in self.movements}
        conferences, bridges, attendances = [], [], []
        co_chairs, programs, movements = [], [], []
        for _number in range(scaled(50, self.scale)):
            template, national, months, codes = rng.choice(CONFERENCES)
            year = rng.randint(2020, 2025)
            date = datetime.date(year, rng.randint(*months), rng.randint(1, 28))
            region, first, last = rng.choice(REGIONS)
            provinces = [
                unit for unit in self.in_force(date) if national or first <= int(unit.code) <= last
            ]
            chair, *guests = rng.sample(people, 4)
            title = template.format(year=year, region=region)
            conference = Conference(
                title_vi=title,
                slug=unique_slug(slugify_vi(title)[:90], taken),
                date=date,
                chair=chair,
                host_vi=HOSTS[national],
                summary_vi=VOLUME_NOTE,
                source_url=VOLUME_URL,
            )
            conferences.append(conference)
            co_chairs += [(conference, person) for person in guests]
            for code in codes:
                program = self.programs[code]
                programs.append((conference, program))
                if program.pk in movement_of:
                    movements.append((conference, movement_of[program.pk]))
            these = self.bridges(conference, national, provinces, rng)
            bridges += these
            attendances += self.attendances(these, chair, guests, people, rng)
        insert(Conference, conferences, self.progress)
        insert(Bridge, bridges, self.progress)
        insert(Attendance, attendances, self.progress)
        insert_links(Conference, "co_chairs", co_chairs, self.progress)
        insert_links(Conference, "programs", programs, self.progress)
        insert_links(Conference, "movements", movements, self.progress)
        return conferences

    @staticmethod
    def bridges(conference, national, provinces, rng):
        """The main bridge first: the Government Headquarters, or a province of the region."""
        provinces = rng.sample(provinces, len(provinces))
        bridges = [
            Bridge(
                conference=conference,
                name_vi=f"Điểm cầu {unit.name}",
                unit=unit,
                location_vi=f"Trụ sở Ủy ban nhân dân {of_province(unit)}",
            )
            for unit in provinces
        ]
        if national:
            bridges.insert(
                0,
                Bridge(
                    conference=conference, name_vi="Điểm cầu Trụ sở Chính phủ", location_vi="Hà Nội"
                ),
            )
        bridges[0].is_main = True
        return bridges

    @staticmethod
    def attendances(bridges, chair, guests, people, rng):
        """The chair and co-chairs at the main bridge; a leader presiding at two others."""
        main, *others = bridges
        attendances = [
            Attendance(
                bridge=main,
                person=chair,
                role=Attendance.Role.PRESIDED,
                position_vi="Phó Trưởng Ban Chỉ đạo Trung ương các chương trình mục tiêu quốc gia",
            )
        ]
        attendances += [
            Attendance(
                bridge=main,
                person=guest,
                position_vi="Thành viên Ban Chỉ đạo Trung ương các chương trình mục tiêu quốc gia",
                order=order,
            )
            for order, guest in enumerate(guests, start=1)
        ]
        for bridge in others[:2]:
            role = rng.choice(["Chủ tịch", "Phó Chủ tịch"])
            attendances.append(
                Attendance(
                    bridge=bridge,
                    person=rng.choice(people),
                    role=Attendance.Role.PRESIDED,
                    position_vi=f"{role} Ủy ban nhân dân {of_province(bridge.unit)}",
                )
            )
        return attendances

    def awards(self, conferences):
        """Award decisions of the President (Labour Orders) and of the Prime Minister
        (certificates of merit, emulation flags), about 50 awards each, made before a conference
        that announced them."""
        rng = self.rng("awards")
        count = scaled(2000, self.scale)
        taken = set(Document.objects.values_list("slug", flat=True))
        decisions, awards, programs = [], [], []
        size = max(1, round(count / 50))
        for index in range(size):
            conference = rng.choice(conferences)
            movement = rng.choice(self.movements)
            by_president = index % 2 == 0
            issuer, suffix, prize = (
                (PRESIDENT, "QĐ-CTN", "Huân chương Lao động")
                if by_president
                else (PRIME_MINISTER, "QĐ-TTg", "Bằng khen của Thủ tướng Chính phủ")
            )
            number = f"{rng.randint(200, 2999)}/{suffix}"
            while slugify_vi(number) in taken:
                number = f"{rng.randint(200, 2999)}/{suffix}"
            issued_on = conference.date - datetime.timedelta(days=rng.randint(3, 20))
            decision = Document(
                number=number,
                slug=unique_slug(slugify_vi(number), taken),
                kind=Document.Kind.DECISION,
                title_vi=(
                    f"Quyết định về việc tặng {prize} cho các tập thể, cá nhân có thành tích "
                    f"xuất sắc trong Phong trào thi đua “{movement.name}”"
                ),
                summary_vi=VOLUME_NOTE,
                issuer=issuer,
                issued_on=issued_on,
                effective_on=issued_on,
                url=VOLUME_URL,
            )
            decisions.append(decision)
            if movement.program_id:
                programs.append((decision, movement.program))
            for _award in range(count // size + (index < count % size)):
                awards.append(self.award(decision, movement, conference, by_president, rng))
        insert(Document, decisions, self.progress, "Award decisions")
        insert_links(Document, "programs", programs, self.progress)
        insert(Award, awards, self.progress)

    def award(self, decision, movement, conference, by_president, rng):
        province = rng.choice(self.in_force(decision.issued_on))
        collective = rng.random() < 0.6
        if collective:
            recipient = rng.choice(AWARD_BODIES).format(province=of_province(province))
        else:
            name, title = person_name(rng)
            role = rng.choice(AWARD_INDIVIDUALS)
            recipient = f"{title} {name}, {role}, {of_province(province)}"
        if by_president:
            award_type = rng.choices(list(LABOUR_ORDERS), list(LABOUR_ORDERS.values()))[0]
        elif collective and rng.random() < 0.1:
            award_type = Award.Type.EMULATION_FLAG
        else:
            award_type = Award.Type.PM_CERTIFICATE
        return Award(
            decision=decision,
            movement=movement,
            award_type=award_type,
            recipient_vi=recipient,
            recipient_kind=(
                Award.RecipientKind.COLLECTIVE if collective else Award.RecipientKind.INDIVIDUAL
            ),
            province=province,
            conference=conference,
        )
