"""Integrity of the hand-gathered seed files (seeds/figures/*.yaml, awards, bridges, extra
documents), read as YAML without touching the database: every figure traces to a dated public page,
keys resolve, shares are sane and nothing is recorded twice."""

import csv
import datetime
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from ntmportal.vietnamese import slugify_vi
from programs.models import Award, Document

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FIGURE_FILES = sorted((SEEDS / "figures").glob("*.yaml"))
MERGER_DAY = datetime.date(2025, 7, 1)

# The team's agreed IndicatorValue.ValueStatus and .Qualifier values (helpers' rules).
VALUE_STATUSES = {"reported", "estimate", "projection", "provisional", "revised"}
QUALIFIERS = {"about", "nearly", "more_than", "at_least", "at_most"}
NOT_PUBLIC_HOSTS = ("example.", "localhost", "127.0.0.1")


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def province_slug(name):
    for prefix in ("Thành phố ", "Tỉnh "):
        name = name.removeprefix(prefix)
    return slugify_vi(name)


def _provinces():
    with open(SEEDS / "province-merger-2025.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return (
        {province_slug(r["old_name"]) for r in rows},
        {province_slug(r["new_name"]) for r in rows},
    )


FORMER_PROVINCES, CURRENT_PROVINCES = _provinces()


def provinces_on(day):
    """The provincial units in force on a day: the 63 former ones before 1 July 2025."""
    return FORMER_PROVINCES if day < MERGER_DAY else CURRENT_PROVINCES


def reference_day(figure):
    return figure["date"] if "date" in figure else figure["period"][1]


def url_problem(url):
    """Why an address cannot stand as a figure's public source, or None."""
    parts = urlsplit(url or "")
    if parts.scheme != "https":
        return "not https"
    if any(parts.hostname.startswith(h) or h in parts.hostname for h in NOT_PUBLIC_HOSTS):
        return "not a public host"
    if parts.path in ("", "/") and not parts.query:
        return "a site's front page, not the page that prints the figure"
    return None


def all_figures():
    """(file name, figure, the file's sources) for every figure of every figure file."""
    for path in FIGURE_FILES:
        data = load(path)
        for figure in data.get("figures", []):
            yield path.name, figure, data.get("sources", {})


def seeded_indicators():
    return {i["code"]: i for i in load(SEEDS / "indicators.yaml")["indicators"]}


def test_figure_files_exist_and_parse():
    assert FIGURE_FILES, "seeds/figures/ holds no figure file"
    for path in FIGURE_FILES:
        assert isinstance(load(path), dict), path.name


@pytest.mark.parametrize("path", FIGURE_FILES, ids=lambda p: p.name)
def test_every_source_names_a_dated_public_page(path):
    for key, source in load(path).get("sources", {}).items():
        assert source.get("publisher"), f"{path.name}: source {key} has no publisher"
        assert isinstance(source.get("date"), datetime.date), f"{path.name}: {key} has no date"
        assert source.get("date_precision", "day") in {"day", "month"}, key
        assert url_problem(source.get("url")) is None, f"{key}: {url_problem(source.get('url'))}"


def test_every_figure_is_well_formed():
    known = set(seeded_indicators())
    for path in FIGURE_FILES:
        known |= {i["code"] for i in load(path).get("indicators", [])}
    for name, figure, sources in all_figures():
        where = f"{name}: {figure.get('indicator')} {figure.get('date') or figure.get('period')}"
        assert figure["indicator"] in known, f"{where}: unknown indicator"
        assert ("date" in figure) != ("period" in figure), f"{where}: needs a date or a period"
        assert figure["source"] in sources, f"{where}: unknown source"
        assert set(figure.get("also", [])) <= set(sources), f"{where}: unknown further source"
        assert figure["value_status"] in VALUE_STATUSES, where
        assert figure.get("qualifier", "about") in QUALIFIERS, where
        assert isinstance(figure["value"], int | float), where
        if "note" in figure:
            assert figure["note"].keys() == {"vi", "en"}, f"{where}: note needs vi and en"
        if "denominator" in figure:
            assert 0 <= figure["numerator"] <= figure["denominator"], where
        if "value_high" in figure:
            assert figure["value"] <= figure["value_high"], where


def test_figures_refer_to_provinces_in_force_on_their_day():
    for name, figure, _ in all_figures():
        if "province" in figure:
            day = reference_day(figure)
            assert figure["province"] in provinces_on(day), f"{name}: {figure['province']} {day}"


def test_no_figure_is_recorded_twice():
    """Across all figure files and the national values of seeds/indicators.yaml."""
    keys = Counter()
    for code, indicator in seeded_indicators().items():
        for value in indicator.get("values", []):
            keys[code, None, str(value.get("date") or value.get("period"))] += 1
    for _, figure, _ in all_figures():
        when = str(figure.get("date") or figure.get("period"))
        keys[figure["indicator"], figure.get("province"), when] += 1
    assert [key for key, count in keys.items() if count > 1] == []


def test_national_series_reach_five_points_for_the_main_indicators():
    """The national charts of the main NTM and poverty indicators, seed values included."""
    points = Counter()
    for code, indicator in seeded_indicators().items():
        points[code] += len(indicator.get("values", []))
    for _, figure, _ in all_figures():
        if "province" not in figure:
            points[figure["indicator"]] += 1
    main = [
        "ntm-communes",
        "ntm-communes-share",
        "ntm-advanced-communes",
        "ntm-model-communes",
        "ntm-provinces-all-communes",
        "poverty-rate",
    ]
    assert {code: points[code] for code in main if points[code] < 5} == {}


def test_awards_resolve_to_movements_conferences_and_provinces():
    programs = load(SEEDS / "programs.yaml")
    movements = {m["slug"] for m in programs["movements"]}
    conferences = {c["slug"] for c in load(SEEDS / "conferences.yaml")["conferences"]}
    data = load(SEEDS / "awards.yaml")
    for award in data["awards"]:
        where = award["recipient"]
        assert award["award_type"] in Award.Type.values, where
        assert award["recipient_kind"] in Award.RecipientKind.values, where
        assert award["movement"] in movements | {None}, where
        assert award["conference"] in conferences | {None}, where
        assert award["province"] in provinces_on(award["province_as_of"]), where
        assert award["source"] in data["sources"], where
        assert set(award.get("also", [])) <= set(data["sources"]), where
    for key, source in data["sources"].items():
        assert source.get("publisher") and url_problem(source["url"]) is None, key


def test_bridges_are_former_provinces_with_sources():
    data = load(SEEDS / "bridges.yaml")
    conferences = {c["slug"]: c for c in load(SEEDS / "conferences.yaml")["conferences"]}
    conference = conferences[data["conference"]]
    assert data["conference_date"] == conference["date"]
    provinces = [bridge["province"] for bridge in data["bridges"]]
    assert set(provinces) <= provinces_on(data["conference_date"])
    assert len(provinces) == len(set(provinces)), "a province has two bridges"
    for bridge in data["bridges"]:
        people = bridge["presided_by"] + bridge.get("attended", [])
        assert people and all(p["name"] and p["position"] for p in people), bridge["province"]
        source = bridge["source"]
        assert source["publisher"] and url_problem(source["url"]) is None, bridge["province"]


def test_extra_documents_are_new_and_complete():
    seeded = {d["number"] for d in load(SEEDS / "programs.yaml")["documents"]}
    numbers = []
    for document in load(SEEDS / "documents-extra.yaml")["documents"]:
        number = document["number"]
        numbers.append(number)
        assert document["kind"] in Document.Kind.values, number
        assert document["issuer"] and document["title"]["vi"] and document["title"]["en"], number
        assert isinstance(document["issued_on"], datetime.date), number
        if "effective_on" in document:
            assert document["effective_on"] >= document["issued_on"], number
        assert url_problem(document["url"]) is None, number
    assert seeded.isdisjoint(numbers)
    assert len(numbers) == len(set(numbers))


def test_url_check_refuses_what_cannot_source_a_figure():
    """The guard itself: an example host, plain http and a front page are all refused."""
    assert url_problem("https://example.com/a") is not None
    assert url_problem("http://baonamdinh.vn/a") is not None
    assert url_problem("https://baonamdinh.vn/") is not None
    assert url_problem("https://baonamdinh.vn/channel/5083/a/") is None
