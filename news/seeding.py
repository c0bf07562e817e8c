"""The news categories and two first articles (the newsroom's groups come from a migration).

The articles summarise, in our own words, the two reports of the national review conference of
22 June 2025 that seeds/ draws its figures from; they link to the conference, the programs, the
movements and the former provinces they mention. Everything is found by slug, so a second run
changes nothing.
"""

import datetime

from django.conf import settings
from django.utils import translation

from ntmportal.vietnamese import slugify_vi
from programs.models import AdministrativeUnit, Conference, EmulationMovement, Program

from .models import Article, Author, Category, Tag

CATEGORIES = [
    ("nong-thon-moi", "Xây dựng nông thôn mới", "New rural development"),
    ("giam-ngheo-ben-vung", "Giảm nghèo bền vững", "Sustainable poverty reduction"),
    ("dan-toc-thieu-so-mien-nui", "Vùng dân tộc thiểu số và miền núi", "Ethnic minority areas"),
    ("hoi-nghi", "Hội nghị", "Conferences"),
    ("thi-dua-khen-thuong", "Thi đua, khen thưởng", "Emulation and rewards"),
    ("ocop", "OCOP", "OCOP"),
    ("chinh-sach-van-ban", "Chính sách, văn bản", "Policy and documents"),
]

CONFERENCE_DATE = datetime.date(2025, 6, 22)
MOVEMENTS = [
    "ca-nuoc-chung-suc-xay-dung-nong-thon-moi",
    "vi-nguoi-ngheo-khong-de-ai-bi-bo-lai-phia-sau",
]
PROGRAMS = ["NTM", "GNBV"]
TZ = datetime.timezone(datetime.timedelta(hours=7))

ARTICLES = [
    {
        "slug": "hai-phong-hoi-nghi-tong-ket-hai-chuong-trinh-mtqg-2021-2025",
        "title_vi": (
            "Hải Phòng dự hội nghị toàn quốc tổng kết hai chương trình mục tiêu quốc gia "
            "và hai phong trào thi đua giai đoạn 2021–2025"
        ),
        "title_en": (
            "Hải Phòng at the national review of two target programs and two emulation "
            "movements, 2021–2025"
        ),
        "lead_vi": (
            "Chiều 22/6/2025, Thủ tướng Phạm Minh Chính chủ trì hội nghị trực tuyến nhìn lại "
            "5 năm xây dựng nông thôn mới và giảm nghèo bền vững; ở điểm cầu Hải Phòng, Bí thư "
            "Thành ủy Lê Tiến Châu chủ trì."
        ),
        "lead_en": (
            "On the afternoon of 22 June 2025 Prime Minister Phạm Minh Chính led an online "
            "review of five years of new rural development and poverty reduction; Party "
            "Secretary Lê Tiến Châu presided over the Hải Phòng bridge."
        ),
        "body_vi": """
<p>Từ Trụ sở Chính phủ, hội nghị kết nối trực tuyến tới Ủy ban nhân dân các tỉnh, thành phố.
Đồng chủ trì tại điểm cầu Trụ sở Chính phủ có Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt
Nam Đỗ Văn Chiến, Phó Thủ tướng Trần Hồng Hà, Phó Thủ tướng Mai Văn Chính và Phó Chủ tịch Quốc hội
Lê Minh Hoan, theo Thông báo 339/TB-VPCP ngày 1/7/2025 của Văn phòng Chính phủ.</p>
<h2>Kết quả chính được báo cáo</h2>
<ul>
<li>6.084 xã (79,3%) đạt chuẩn nông thôn mới; trong đó 2.567 xã đạt chuẩn nâng cao và 743 xã
đạt chuẩn kiểu mẫu.</li>
<li>329 trên 646 đơn vị cấp huyện đạt chuẩn hoặc hoàn thành nhiệm vụ, 48 huyện đạt chuẩn nâng
cao; 12 tỉnh, thành phố hoàn thành nhiệm vụ xây dựng nông thôn mới.</li>
<li>Thu nhập bình quân của người dân nông thôn năm 2024 khoảng 54 triệu đồng/người/năm, gấp
chừng 1,3 lần năm 2020.</li>
<li>16.543 sản phẩm OCOP được xếp hạng từ 3 sao trở lên.</li>
<li>Tháng 3/2025, tỷ lệ nghèo đa chiều còn 1,93%; đến cuối năm 2025 số hộ nghèo và cận nghèo
dự kiến giảm 1.256.197 hộ, tức 52,49% của 2.393.332 hộ đầu kỳ, còn lại khoảng 1,14 triệu
hộ.</li>
</ul>
<h2>Định hướng giai đoạn tới</h2>
<p>Thủ tướng yêu cầu khẩn trương xây dựng chương trình mục tiêu quốc gia giai đoạn 2026–2035
theo hướng tích hợp, tinh gọn, phân công rõ việc, đồng thời chuẩn bị cho chính quyền địa phương
hai cấp vận hành từ ngày 1/7/2025. Bộ Nội vụ công bố các quyết định khen thưởng của Chủ tịch
nước và Thủ tướng Chính phủ dành cho các tập thể, cá nhân tiêu biểu.</p>
""",
        "body_en": """
<p>The Government Headquarters was linked online to the People's Committees of every province
and city. Đỗ Văn Chiến, President of the Vietnam Fatherland Front Central Committee, Deputy Prime
Ministers Trần Hồng Hà and Mai Văn Chính, and Vice Chairman of the National Assembly Lê Minh Hoan
co-chaired at the Government Headquarters, as the Government Office's notice 339/TB-VPCP of 1 July
2025 records.</p>
<h2>What was reported</h2>
<ul>
<li>6,084 communes (79.3%) meet the new rural standards, 2,567 of them the advanced and 743 the
model standards.</li>
<li>329 of 646 district-level units met the standards or completed the task, 48 districts the
advanced standards; 12 provinces and cities completed the task of building new rural areas.</li>
<li>Rural income averaged about 54 million VND per person in 2024, some 1.3 times the 2020
level.</li>
<li>16,543 OCOP products are rated three stars or more.</li>
<li>The multidimensional poverty rate stood at 1.93% in March 2025; poor and near-poor
households are expected to fall by 1,256,197 by the end of 2025, 52.49% of the 2,393,332 at the
start of the period, leaving about 1.14 million.</li>
</ul>
<h2>Next steps</h2>
<p>The Prime Minister asked for the 2026–2035 national target program to be drawn up quickly as
one integrated, leaner program with clear responsibilities, and for preparations for two-level
local government from 1 July 2025. The Ministry of Home Affairs announced the awards decided by
the President and the Prime Minister for outstanding collectives and individuals.</p>
""",
        "category": "hoi-nghi",
        "author": "Báo Hải Phòng",
        "original_publisher": "Báo Hải Phòng",
        "original_url": (
            "https://haiphong.gov.vn/tin-tuc-su-kien/hoi-nghi-toan-quoc-tong-ket-cac-chuong-"
            "trinh-muc-tieu-quoc-gia-va-phong-trao-thi-dua-vi-nguoi-ng-759812"
        ),
        "original_date": datetime.date(2025, 6, 23),
        "publish_at": datetime.datetime(2025, 6, 23, 17, 0, tzinfo=TZ),
        "province": "hai-phong",
    },
    {
        "slug": "soc-trang-hoi-nghi-tong-ket-hai-chuong-trinh-mtqg-2021-2025",
        "title_vi": (
            "Sóc Trăng theo dõi hội nghị toàn quốc tổng kết nông thôn mới và giảm nghèo bền "
            "vững 2021–2025"
        ),
        "title_en": (
            "Sóc Trăng follows the national review of new rural development and sustainable "
            "poverty reduction, 2021–2025"
        ),
        "lead_vi": (
            "Lãnh đạo tỉnh Sóc Trăng, trong đó có Bí thư Tỉnh ủy Lâm Văn Mẫn và Chủ tịch UBND "
            "tỉnh Trần Văn Lâu, dự hội nghị trực tuyến ngày 22/6/2025 từ điểm cầu của tỉnh."
        ),
        "lead_en": (
            "Sóc Trăng's leaders, among them Party Secretary Lâm Văn Mẫn and People's Committee "
            "Chairman Trần Văn Lâu, joined the online conference of 22 June 2025 from the "
            "province's bridge."
        ),
        "body_vi": """
<p>Cùng dự tại điểm cầu Sóc Trăng có ông Ngô Hùng, Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam
tỉnh, và lãnh đạo các sở, ngành, các huyện, thị xã, thành phố.</p>
<h2>Nông thôn mới</h2>
<p>Cả nước có 6.084 trên 7.669 xã đạt chuẩn nông thôn mới; 24 tỉnh, thành phố có toàn bộ số xã
đạt chuẩn, và 12 tỉnh đã được Thủ tướng công nhận hoàn thành nhiệm vụ xây dựng nông thôn mới.</p>
<h2>Giảm nghèo bền vững</h2>
<ul>
<li>Tỷ lệ nghèo đa chiều giảm bình quân 1,03 điểm phần trăm mỗi năm; ở các huyện nghèo giảm
6,7 điểm và trong đồng bào dân tộc thiểu số giảm 4,45 điểm mỗi năm.</li>
<li>19 xã đặc biệt khó khăn vùng bãi ngang, ven biển và hải đảo, bằng 35% số xã trong danh
sách, đã thoát khỏi diện đặc biệt khó khăn.</li>
<li>Số hộ nghèo và cận nghèo dự kiến giảm 1.256.197 hộ đến cuối năm 2025, tức 52,49% của
2.393.332 hộ đầu kỳ, còn lại khoảng 1,14 triệu hộ.</li>
</ul>
<h2>Chỉ đạo của Thủ tướng</h2>
<p>Thủ tướng đề nghị hoàn thiện văn bản hướng dẫn cho phù hợp với chính quyền địa phương hai
cấp, xây dựng bộ tiêu chí nông thôn mới 2026–2030, trao thêm quyền chủ động cho địa phương và
thí điểm mô hình “nông thôn mới hạnh phúc”. Trọng tâm chuyển từ số lượng sang chất lượng: giữ
vững và nâng cao các tiêu chí đã đạt, xây dựng nông thôn mới đến tận thôn, ấp, và giảm nghèo
theo hướng đa chiều, phát triển sinh kế, hạn chế tái nghèo.</p>
""",
        "body_en": """
<p>Ngô Hùng, Chairman of the provincial Vietnam Fatherland Front Committee, and the heads of
departments, districts, towns and cities also attended at the Sóc Trăng bridge.</p>
<h2>New rural development</h2>
<p>Nationwide, 6,084 of 7,669 communes meet the new rural standards; in 24 provinces and cities
every commune does, and the Prime Minister has recognised 12 provinces as having completed the
task of building new rural areas.</p>
<h2>Sustainable poverty reduction</h2>
<ul>
<li>The multidimensional poverty rate fell by 1.03 percentage points a year on average, by
6.7 points a year in poor districts and by 4.45 points a year among ethnic minorities.</li>
<li>19 extremely disadvantaged coastal and island communes, 35% of those on the list, left
it.</li>
<li>Poor and near-poor households are expected to fall by 1,256,197 by the end of 2025, 52.49%
of the 2,393,332 at the start of the period, leaving about 1.14 million.</li>
</ul>
<h2>The Prime Minister's instructions</h2>
<p>Guidance is to be completed for two-level local government, new rural criteria drawn up for
2026–2030, more initiative left to localities and "happy new rural" models piloted. The focus
moves from quantity to quality: keeping and raising the criteria already met, building new
rural areas down to villages and hamlets, and reducing poverty in every dimension through
livelihoods, so that people do not fall back into it.</p>
""",
        "category": "nong-thon-moi",
        "author": "Kim Ngọc",
        "original_publisher": "Báo Sóc Trăng",
        "original_url": (
            "https://baosoctrang.org.vn/xay-dung-nong-thon-moi/202506/thuc-hien-hieu-qua-hai-"
            "chuong-trinh-tru-cot-trong-chien-luoc-phat-trien-ben-vung-cba0f2a/"
        ),
        # The source gives the month only (June 2025): no day is invented, and the summary
        # appears on the last day the source is known to have existed by.
        "original_date": None,
        "publish_at": datetime.datetime(2025, 6, 30, 17, 0, tzinfo=TZ),
        "province": "soc-trang",
    },
]
TAG = ("tong-ket-2021-2025", "Tổng kết 2021–2025")


def seed_news(log):
    """Create what is missing, then `log` one line per kind of row."""
    with translation.override(settings.LANGUAGE_CODE):
        categories = seed_categories()
        created = seed_articles(categories, log)
    log(f"News categories: {len(CATEGORIES)} ensured; articles: {created} created")


def seed_categories():
    categories = {}
    for order, (slug, name_vi, name_en) in enumerate(CATEGORIES):
        categories[slug], _created = Category.objects.get_or_create(
            slug=slug, defaults={"name_vi": name_vi, "name_en": name_en, "order": order}
        )
    return categories


def seed_articles(categories, log):
    conference = Conference.objects.filter(date=CONFERENCE_DATE).first()
    if conference is None:
        log("News: no conference of 22 June 2025 yet; the articles are not linked to it.")
    programs = list(Program.objects.filter(code__in=PROGRAMS))
    movements = list(EmulationMovement.objects.filter(slug__in=MOVEMENTS))
    tag, _created = Tag.objects.get_or_create(slug=TAG[0], defaults={"name": TAG[1]})
    created_count = 0
    for data in ARTICLES:
        data = dict(data)
        slug, province = data.pop("slug"), data.pop("province")
        name = data.pop("author")
        author, _created = Author.objects.get_or_create(
            slug=slugify_vi(name), defaults={"name": name}
        )
        data["category"] = categories[data.pop("category")]
        data["body_vi"], data["body_en"] = data["body_vi"].strip(), data["body_en"].strip()
        article, created = Article.objects.get_or_create(
            slug=slug, defaults={**data, "status": Article.Status.PUBLISHED}
        )
        created_count += created
        article.authors.add(author)
        article.tags.add(tag)
        article.programs.add(*programs)
        article.movements.add(*movements)
        article.units.add(*AdministrativeUnit.objects.provinces().former().filter(slug=province))
        if conference:
            article.conferences.add(conference)
    return created_count
