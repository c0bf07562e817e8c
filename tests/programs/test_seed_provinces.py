"""The provincial figure files in seeds/figures/, read as plain YAML (no models, no database)."""

import csv
import datetime
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from vietnam_provinces import Province

from ntmportal.vietnamese import slugify_vi

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FILES = [
    "provinces-2025-before-merger.yaml",
    "provinces-after-merger.yaml",
    "provinces-recognitions.yaml",
]
REORGANISATION = datetime.date(2025, 7, 1)
STATUSES = {"reported", "estimate", "projection", "provisional", "revised"}
QUALIFIERS = {"about", "nearly", "more_than", "at_least", "at_most"}
# The floor is the coverage reached; the issue asks for at least 45 former provinces.
FORMER_PROVINCES_FLOOR = 62


def short_name(official):
    return slugify_vi(official.removeprefix("Tỉnh ").removeprefix("Thành phố "))


with open(SEEDS / "province-merger-2025.csv", encoding="utf-8") as merger:
    FORMER = {short_name(row["old_name"]) for row in csv.DictReader(merger)}
CURRENT = {short_name(province.name) for province in Province.iter_all()}
INDICATORS = {
    indicator["code"]
    for indicator in yaml.safe_load((SEEDS / "indicators.yaml").read_text())["indicators"]
}


def load(name):
    return yaml.safe_load((SEEDS / "figures" / name).read_text(encoding="utf-8"))


DATA = {name: load(name) for name in FILES}
FIGURES = [(name, figure) for name, data in DATA.items() for figure in data.get("figures", [])]


def reference_day(figure):
    """The day a figure refers to: its date, or the end of its period."""
    return figure["date"] if "date" in figure else figure["period"][1]


def figure_id(figure):
    return f"{figure['indicator']}/{figure.get('province', 'nation')}/{reference_day(figure)}"


IDS = [figure_id(figure) for _, figure in FIGURES]


def test_the_slugs_match_the_units_the_seed_creates():
    assert len(FORMER) == 63 and len(CURRENT) == 34
    assert {"soc-trang", "ba-ria-vung-tau", "hue", "ho-chi-minh"} <= FORMER
    assert {"can-tho", "hue", "ho-chi-minh"} <= CURRENT


@pytest.mark.parametrize("name", FILES)
def test_every_source_names_a_public_page(name):
    sources = DATA[name]["sources"]
    assert sources
    for key, source in sources.items():
        url = urlsplit(source["url"])
        assert url.scheme == "https" and url.netloc, key
        assert not url.netloc.startswith(("example.", "localhost")), key
        assert "ntmportal" not in url.netloc, key
        assert source["publisher"].strip(), key
        assert isinstance(source["date"], datetime.date), key


@pytest.mark.parametrize(("name", "figure"), FIGURES, ids=IDS)
def test_every_figure_is_complete(name, figure):
    sources = DATA[name]["sources"]
    assert figure["indicator"] in INDICATORS
    assert figure["source"] in sources
    assert set(figure.get("also", [])) <= set(sources)
    assert figure["value_status"] in STATUSES
    assert figure.get("qualifier", "about") in QUALIFIERS
    assert ("date" in figure) != ("period" in figure)
    if "period" in figure:
        start, end = figure["period"]
        assert start <= end
    day = reference_day(figure)
    assert isinstance(day, datetime.date)
    if figure["value_status"] == "reported":
        # A count cannot refer to a day after the page that reports it.
        assert day <= sources[figure["source"]]["date"]
    if "numerator" in figure or "denominator" in figure:
        assert 0 <= figure["numerator"] <= figure["denominator"]
        assert figure["value"] == figure["numerator"]
    if figure["indicator"].endswith("-share") or figure["indicator"] == "poverty-rate":
        assert 0 <= figure["value"] <= 100
    note = figure.get("note")
    if note is not None:
        assert note["vi"].strip() and note["en"].strip()


@pytest.mark.parametrize(("name", "figure"), FIGURES, ids=IDS)
def test_every_province_exists_on_the_figures_date(name, figure):
    if "province" not in figure:
        return
    units = FORMER if reference_day(figure) < REORGANISATION else CURRENT
    assert figure["province"] in units


def test_the_before_merger_file_holds_only_former_provinces():
    for figure in DATA["provinces-2025-before-merger.yaml"]["figures"]:
        assert reference_day(figure) < REORGANISATION, figure_id(figure)


def test_the_after_merger_file_holds_only_current_provinces():
    for figure in DATA["provinces-after-merger.yaml"]["figures"]:
        assert reference_day(figure) >= REORGANISATION, figure_id(figure)
        assert figure["province"] in CURRENT
        assert figure.get("note"), "the scope of every post-merger figure is stated"


def test_no_figure_is_given_twice():
    counts = Counter(figure_id(figure) for _, figure in FIGURES)
    assert [key for key, count in counts.items() if count > 1] == []


def test_recognitions_cite_their_decisions():
    data = DATA["provinces-recognitions.yaml"]
    assert data["recognitions"]
    for recognition in data["recognitions"]:
        assert recognition["province"] in FORMER
        assert recognition["source"] in data["sources"]
        assert set(recognition.get("also", [])) <= set(data["sources"])
        decision = recognition.get("decision")
        assert decision is None or decision.endswith("/QĐ-TTg")
        assert isinstance(recognition["date"], datetime.date)
        assert recognition["date"] <= data["sources"][recognition["source"]]["date"]
    provinces = [recognition["province"] for recognition in data["recognitions"]]
    assert len(provinces) == len(set(provinces))
    for entry in data["all_communes"]:
        assert entry["province"] in (FORMER if entry["date"] < REORGANISATION else CURRENT)
        assert entry["source"] in data["sources"]


def test_coverage_of_communes_meeting_the_standards_before_the_merger():
    covered = {
        figure["province"]
        for _, figure in FIGURES
        if figure["indicator"] in {"ntm-communes", "ntm-communes-share"}
        and "province" in figure
        and reference_day(figure) < REORGANISATION
    }
    assert covered <= FORMER
    assert len(covered) >= FORMER_PROVINCES_FLOOR >= 45, sorted(FORMER - covered)
