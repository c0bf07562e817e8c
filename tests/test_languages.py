"""English pages of a site whose content exists only in Vietnamese: every piece of Vietnamese
text shown (names, titles, sources, notes not yet translated) lies inside an element marked
lang="vi", and the page itself says it is English. Vietnamese pages carry no such marks.

Vietnamese text is recognised by its letters (ă, ơ, đ, tone marks…), which English never uses.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from news.models import Article
from programs.models import Attendance, LeadAgency
from tests.factories import (
    ArticleFactory,
    AttendanceFactory,
    AuthorFactory,
    AwardFactory,
    BridgeFactory,
    ConferenceFactory,
    DocumentFactory,
    FigureSourceFactory,
    FormerProvinceFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MovementFactory,
    NationFactory,
    PersonFactory,
    ProgramFactory,
    ProvinceFactory,
    TagFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Text no lang attribute can reach inside: the window's title, and a select's options (a form
# widget's choices; the select names its language as a whole).
UNMARKABLE = {"title", "option", "script", "style"}
D = datetime.date


class Unmarked(HTMLParser):
    """Collects the text with Vietnamese letters that no element marks as lang="vi"."""

    def __init__(self):
        super().__init__()
        self.open = []  # (tag, lang)
        self.html_lang = None
        self.found = []

    def handle_starttag(self, tag, attrs):
        lang = dict(attrs).get("lang")
        if tag == "html":
            self.html_lang = lang
        elif tag not in VOID:
            self.open.append((tag, lang))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if any(tag in UNMARKABLE for tag, _lang in self.open) or not VIETNAMESE.search(data):
            return
        lang = next((lang for _tag, lang in reversed(self.open) if lang), self.html_lang)
        if lang != "vi":
            self.found.append(data.strip())


def scan(content):
    parser = Unmarked()
    parser.feed(content)
    return parser


@pytest.fixture
def urls():
    """A site whose content has no English yet, one of each kind of page."""
    nation = NationFactory()
    decision = DocumentFactory(
        number="263/QĐ-TTg",
        title_vi="Phê duyệt Chương trình xây dựng nông thôn mới",
        summary_vi="Mục tiêu đến năm 2025.",
        issuer_vi="Thủ tướng Chính phủ",
    )
    program = ProgramFactory(
        name_vi="Chương trình xây dựng nông thôn mới",
        short_name_vi="Nông thôn mới",
        description_vi="Chương trình về nông thôn.",
        goals_vi="Ít nhất 80% số xã đạt chuẩn.",
        decided_by=decision,
    )
    LeadAgency.objects.create(program=program, name_vi="Bộ Nông nghiệp và Môi trường")
    decision.programs.add(program)
    indicator = IndicatorFactory(
        code="xa-dat-chuan",
        name_vi="Số xã đạt chuẩn nông thôn mới",
        description_vi="Xã được công nhận đạt chuẩn.",
        program=program,
    )
    TargetFactory(
        indicator=indicator, unit=nation, value=6000, document=decision, note_vi="Đến năm 2025."
    )
    can_tho = ProvinceFactory(code="92", name_vi="Cần Thơ", parent=nation)
    soc_trang = FormerProvinceFactory(code="94", name_vi="Sóc Trăng", successor=can_tho)
    for unit, day, value in [
        (nation, D(2023, 12, 31), 5800),
        (nation, D(2025, 6, 30), 6084),
        (soc_trang, D(2023, 12, 31), 70),
        (soc_trang, D(2025, 6, 30), 80),
        (can_tho, D(2025, 12, 31), 150),
    ]:
        figure = IndicatorValueFactory(
            indicator=indicator,
            unit=unit,
            value=value,
            period_start=day,
            period_end=day,
            source_publisher="Báo Sóc Trăng",
            note_vi="Theo báo cáo của tỉnh.",
        )
    FigureSourceFactory(figure=figure, publisher="Thông tấn xã Việt Nam")
    conference = ConferenceFactory(
        title_vi="Hội nghị toàn quốc tổng kết",
        short_title_vi="Hội nghị tổng kết",
        host_vi="Văn phòng Chính phủ",
        summary_vi="Thủ tướng chủ trì hội nghị.",
        chair=PersonFactory(name="Phạm Minh Chính"),
    )
    conference.co_chairs.add(PersonFactory(name="Trần Hồng Hà"))
    conference.programs.add(program)
    bridge = BridgeFactory(
        conference=conference,
        name_vi="Điểm cầu Sóc Trăng",
        location_vi="Hội trường tỉnh",
        unit=soc_trang,
        source_publisher="Báo Sóc Trăng",
    )
    AttendanceFactory(
        bridge=bridge,
        person=PersonFactory(name="Lâm Văn Mẫn"),
        role=Attendance.Role.PRESIDED,
        position_vi="Bí thư Tỉnh ủy",
    )
    movement = MovementFactory(
        name_vi="Cả nước chung sức xây dựng nông thôn mới",
        description_vi="Phong trào thi đua.",
        launched_by_vi="Thủ tướng Chính phủ",
        program=program,
    )
    movement.conferences.add(conference)
    AwardFactory(
        movement=movement,
        decision=decision,
        province=soc_trang,
        conference=conference,
        recipient_vi="Nhân dân và cán bộ xã Long Phú",
    )
    article = ArticleFactory(
        title_vi="Sóc Trăng tổng kết nông thôn mới",
        lead_vi="Tỉnh tổng kết chương trình.",
        body_vi="<p>Nội dung bài viết.</p>",
        original_publisher="Báo Sóc Trăng",
        status=Article.Status.PUBLISHED,
    )
    article.units.add(soc_trang)
    article.programs.add(program)
    article.conferences.add(conference)
    article.authors.add(AuthorFactory(name="Kim Ngọc"))
    article.tags.add(TagFactory(name="Tổng kết"))
    indicator_url = indicator.get_absolute_url()
    return [
        reverse("programs:home"),
        reverse("programs:program_list"),
        program.get_absolute_url(),
        reverse("programs:province_list"),
        can_tho.get_absolute_url(),
        soc_trang.get_absolute_url(),
        reverse("programs:province_indicator", args=[can_tho.slug, indicator.code]),
        f"{indicator_url}?view=chart",
        f"{indicator_url}?view=map",
        f"{indicator_url}?view=table",
        f"{indicator_url}?compare={can_tho.pk}&compare={soc_trang.pk}",
        reverse("programs:conference_list"),
        conference.get_absolute_url(),
        reverse("programs:movement_list"),
        movement.get_absolute_url(),
        reverse("programs:award_list"),
        reverse("programs:document_list"),
        decision.get_absolute_url(),
        f"{reverse('search')}?q=soc+trang",
        reverse("news:article_list"),
        article.get_absolute_url(),
    ]


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def test_vietnamese_text_on_english_pages_is_marked_lang_vi(client, urls):
    unmarked = {}
    for url in urls:
        response = client.get(f"/en{url}")
        assert response.status_code == 200, url
        page = scan(response.content.decode())
        assert page.html_lang == "en", url
        if page.found:
            unmarked[url] = page.found
    assert unmarked == {}


def test_vietnamese_pages_carry_no_marks_of_their_own_language(client, urls):
    marked = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert '<html lang="vi">' in content, url
        # Besides the page's own, the language switcher naming Vietnamese in Vietnamese.
        marks = re.findall(r'<[^<>]*\slang="vi"[^<>]*>', content)
        if marks != [
            '<html lang="vi">',
            '<span class="current-language" lang="vi" aria-current="true">',
        ]:
            marked[url] = marks
    assert marked == {}
