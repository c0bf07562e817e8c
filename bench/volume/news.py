"""The news archive of the national volume: published articles with images, bylines, tags,
province links and approved comments. See bench/volume/programs.py for the rules every part follows.

`bulk_create` skips `Article.save()`, so every article gets here what `save()` would give it: a
sanitized body, a unique slug, a publication time, its image's renditions and its search text.
Only a few image files are drawn and resized; the articles share them.
"""

import bisect
import datetime
import random
from collections import defaultdict
from io import BytesIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.utils.html import escape
from django.utils.text import capfirst
from PIL import Image, ImageDraw

from bench.volume.programs import (
    VOLUME_NOTE,
    insert,
    insert_links,
    of_province,
    person_name,
    scaled,
    unique_slug,
)
from news.images import delete_renditions, make_renditions
from news.models import Article, Author, Category, Comment, Tag, sanitize_html
from ntmportal.vietnamese import slugify_vi
from programs.models import REORGANISATION_DATE, AdministrativeUnit

# The generated articles' creator: how a later run finds them.
VOLUME_USER = "generate-volume"
TZ = datetime.timezone(datetime.timedelta(hours=7))
FIRST_DAY = datetime.datetime(2020, 1, 1, tzinfo=TZ)
LAST_DAY = datetime.datetime(2025, 12, 31, 18, tzinfo=TZ)

CATEGORIES = [
    ("guong-dien-hinh", "Gương điển hình", "Role models"),
    ("chuyen-doi-so", "Chuyển đổi số nông thôn", "Rural digital transformation"),
]
TAGS = (
    "Nông thôn mới nâng cao; Nông thôn mới kiểu mẫu; Giảm nghèo đa chiều; OCOP; Giao thông nông "
    "thôn; Thủy lợi; Nước sạch; Nhà ở; Trường học đạt chuẩn; Y tế cơ sở; Bảo hiểm y tế; Văn hóa "
    "nông thôn; Môi trường; An toàn thực phẩm; Chuyển đổi số; Thương mại điện tử; Du lịch nông "
    "thôn; Hợp tác xã; Sinh kế; Việc làm; Đào tạo nghề; Dân tộc thiểu số; Miền núi; Vùng bãi "
    "ngang ven biển; Hỗ trợ sản xuất; Vốn đầu tư công; Giải ngân; Tín dụng chính sách; Khen "
    "thưởng; Thi đua; Sáp nhập tỉnh; Chính quyền hai cấp; Nông nghiệp hữu cơ; Tái cơ cấu nông "
    "nghiệp; Khu dân cư kiểu mẫu; Vườn mẫu; An ninh trật tự; Người có uy tín; Xóa nhà tạm; "
    "Phụ nữ nông thôn"
).split("; ")
CATEGORY_WEIGHTS = {
    "nong-thon-moi": 25,
    "giam-ngheo-ben-vung": 15,
    "dan-toc-thieu-so-mien-nui": 12,
    "hoi-nghi": 8,
    "thi-dua-khen-thuong": 8,
    "ocop": 12,
    "chinh-sach-van-ban": 7,
    "guong-dien-hinh": 8,
    "chuyen-doi-so": 5,
}
CATEGORY_PROGRAMS = {
    "giam-ngheo-ben-vung": ["GNBV"],
    "dan-toc-thieu-so-mien-nui": ["DTTS"],
    "hoi-nghi": ["NTM", "GNBV"],
    "chinh-sach-van-ban": ["NTM", "GNBV", "DTTS"],
}
# Per category: (title, lead, needs a commune). Communes are those of 1 July 2025 onwards, so
# only articles published since then name one.
TEMPLATES = {
    "nong-thon-moi": [
        ("{name}: thêm {n} xã đạt chuẩn nông thôn mới năm {year}",
         "Năm {year}, {province} có thêm {n} xã được công nhận đạt chuẩn nông thôn mới, nâng tổng "
         "số xã đạt chuẩn lên {m} xã.", False),
        ("{name} đẩy mạnh xây dựng nông thôn mới nâng cao và kiểu mẫu",
         "{Province} đặt mục tiêu có thêm {n} xã đạt chuẩn nâng cao và {k} xã kiểu mẫu trong năm "
         "{year}.", False),
        ("{Commune} ({name}) về đích nông thôn mới nâng cao",
         "Sau {k} năm nỗ lực, {commune} đã hoàn thành đủ 19 tiêu chí và được công nhận đạt chuẩn "
         "nông thôn mới nâng cao.", True),
        ("Cứng hóa {n} km đường giao thông nông thôn ở {name}",
         "Người dân {province} hiến đất, góp công để bê tông hóa {n} km đường thôn, ngõ xóm trong "
         "năm {year}.", False),
    ],
    "giam-ngheo-ben-vung": [
        ("Tỷ lệ hộ nghèo đa chiều của {name} giảm còn {x}%",
         "Đến cuối năm {year}, tỷ lệ hộ nghèo đa chiều của {province} còn {x}%, giảm {y} điểm "
         "phần trăm so với đầu năm.", False),
        ("{name} hỗ trợ sinh kế cho {m} hộ nghèo, hộ cận nghèo",
         "Các dự án hỗ trợ phát triển sản xuất giúp {m} hộ ở {province} có thêm việc làm và thu "
         "nhập ổn định.", False),
        ("{Commune} ({name}) giúp {n} hộ thoát nghèo",
         "Nhờ vốn vay ưu đãi và các mô hình sinh kế, {n} hộ ở {commune} đã vươn lên thoát nghèo.",
         True),
    ],
    "dan-toc-thieu-so-mien-nui": [
        ("{name} đầu tư {n} công trình hạ tầng thiết yếu cho vùng đồng bào dân tộc thiểu số",
         "Năm {year}, {province} hoàn thành {n} công trình đường, trường, trạm y tế và nước sinh "
         "hoạt ở các xã vùng đồng bào dân tộc thiểu số và miền núi.", False),
        ("Hỗ trợ nhà ở cho {m} hộ đồng bào dân tộc thiểu số ở {name}",
         "{Province} đã hỗ trợ {m} hộ đồng bào dân tộc thiểu số xây mới, sửa chữa nhà ở.", False),
        ("Nước sạch về với đồng bào {commune} ({name})",
         "Công trình cấp nước tập trung mới đưa nước sạch đến {n} hộ đồng bào ở {commune}.", True),
    ],
    "hoi-nghi": [
        ("{name} sơ kết 6 tháng đầu năm {year} thực hiện các chương trình mục tiêu quốc gia",
         "Hội nghị đánh giá kết quả giải ngân, chỉ ra khó khăn và bàn giải pháp cho những tháng "
         "cuối năm {year} của {province}.", False),
        ("{name} tổng kết năm {year} Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
         "Năm {year}, {province} có thêm {n} xã đạt chuẩn nông thôn mới; thu nhập bình quân khu "
         "vực nông thôn đạt {income} triệu đồng/người.", False),
    ],
    "thi-dua-khen-thuong": [
        ("{name} khen thưởng {n} tập thể, cá nhân trong phong trào chung sức xây dựng nông thôn "
         "mới",
         "{Province} biểu dương {n} tập thể, cá nhân tiêu biểu trong Phong trào thi đua “Cả nước "
         "chung sức xây dựng nông thôn mới”.", False),
        ("{name} tôn vinh {n} điển hình tiên tiến vì người nghèo",
         "Các tập thể, cá nhân được tôn vinh đã đóng góp {money} tỷ đồng giúp người nghèo ở "
         "{province}.", False),
    ],
    "ocop": [
        ("{name} có thêm {n} sản phẩm OCOP đạt 3 sao trở lên",
         "Năm {year}, {province} công nhận thêm {n} sản phẩm OCOP, nâng tổng số lên {m} sản "
         "phẩm.", False),
        ("{product} của {commune} ({name}) đạt chuẩn OCOP {stars} sao",
         "Sản phẩm {product_lower} của một hợp tác xã ở {commune} vừa được công nhận đạt chuẩn "
         "OCOP {stars} sao.", True),
    ],
    "chinh-sach-van-ban": [
        ("{name} ban hành kế hoạch thực hiện các chương trình mục tiêu quốc gia năm {year}",
         "Kế hoạch phân bổ {money} tỷ đồng cho ba chương trình mục tiêu quốc gia trên địa bàn "
         "{province}.", False),
        ("{name} hướng dẫn lồng ghép nguồn vốn các chương trình mục tiêu quốc gia",
         "Văn bản hướng dẫn giúp các xã của {province} lồng ghép vốn, tránh trùng lặp đầu tư.",
         False),
    ],
    "guong-dien-hinh": [
        ("{person}: người hiến {area} m² đất làm đường ở {name}",
         "{Title} {person} đã hiến {area} m² đất để mở rộng đường thôn, được bà con {province} "
         "quý mến.", False),
        ("Nông dân {person} thu {money} triệu đồng mỗi năm từ {crop}",
         "Từ mô hình {crop} ở {province}, gia đình {person_lower} thu lãi {money} triệu đồng mỗi "
         "năm và tạo việc làm cho {k} lao động.", False),
    ],
    "chuyen-doi-so": [
        ("{Commune} ({name}) đưa {n} sản phẩm nông nghiệp lên sàn thương mại điện tử",
         "Các hộ sản xuất ở {commune} được hướng dẫn bán hàng trực tuyến, mở rộng thị trường.",
         True),
        ("{name} xây dựng {k} mô hình xã nông thôn mới thông minh",
         "{Province} thí điểm chuyển đổi số ở {k} xã: dịch vụ công trực tuyến, camera an ninh, "
         "truy xuất nguồn gốc nông sản.", False),
    ],
}  # fmt: skip
PARAGRAPHS = [
    "Theo Văn phòng Điều phối nông thôn mới {province}, từ đầu giai đoạn đến nay tỉnh đã huy "
    "động hơn {money} tỷ đồng cho các chương trình mục tiêu quốc gia.",
    "Người dân tiếp tục là chủ thể: bà con tự nguyện hiến {area} m² đất và đóng góp hàng nghìn "
    "ngày công làm đường giao thông, kênh mương nội đồng.",
    "Thu nhập bình quân đầu người ở khu vực nông thôn năm {year} ước đạt {income} triệu đồng, "
    "tăng so với năm trước.",
    "Bên cạnh kết quả đạt được, việc thực hiện vẫn còn khó khăn: nguồn lực hạn chế, một số tiêu "
    "chí về môi trường và thu nhập chưa thật bền vững.",
    "Nhiều mô hình sản xuất theo chuỗi giá trị đã hình thành, gắn với sản phẩm OCOP và du lịch "
    "nông thôn.",
]
FIGURES = [
    "{n} km đường giao thông nông thôn được cứng hóa",
    "{k} công trình thủy lợi được nâng cấp",
    "{m} hộ được hỗ trợ nhà ở",
    "{n} sản phẩm OCOP được công nhận",
    "{pct}% hộ dân nông thôn dùng nước sạch đạt quy chuẩn",
    "{k} trường học đạt chuẩn quốc gia",
]
CLOSING = (
    "Thời gian tới, {province} tiếp tục nâng cao chất lượng các tiêu chí đã đạt, gắn xây dựng "
    "nông thôn mới với giảm nghèo bền vững và phát triển kinh tế vùng đồng bào dân tộc thiểu số."
)
PRODUCTS = (
    "Mật ong; Chè xanh; Gạo thơm; Bưởi da xanh; Nước mắm truyền thống; Cà phê rang xay; Miến "
    "dong; Hạt điều rang muối; Nem chua; Bánh tráng; Nấm linh chi; Dầu lạc; Mứt gừng; Trà hoa vàng"
).split("; ")
CROPS = ["trồng bưởi", "trồng sầu riêng", "nuôi ong", "trồng dưa lưới", "trồng nấm", "nuôi bò"]
COMMENTS = [
    "Mong địa phương tiếp tục quan tâm đầu tư đường giao thông nội đồng cho bà con.",
    "Bài viết rất hữu ích, cảm ơn tòa soạn.",
    "Quê tôi cũng vừa đạt chuẩn nông thôn mới, đường làng sạch đẹp hơn nhiều.",
    "Đề nghị công khai danh sách hộ được hỗ trợ để người dân cùng giám sát.",
    "Sản phẩm OCOP của địa phương cần thêm hỗ trợ về bao bì và tiêu thụ.",
    "Thu nhập của bà con ngày càng tăng, rất đáng mừng.",
    "Cần chú ý hơn đến tiêu chí môi trường ở các xã đã đạt chuẩn.",
    "Xin hỏi thủ tục đăng ký sản phẩm OCOP như thế nào?",
    "Mô hình này nên được nhân rộng ra các xã khác trong tỉnh.",
    "Hy vọng giai đoạn 2026–2035 chương trình sẽ chú trọng chất lượng hơn số lượng.",
]
# Drawn pictures: (file name, what they show, sky, ground, what is drawn on the ground).
IMAGES = [
    ("canh-dong-lua", "Hình vẽ minh họa: cánh đồng lúa dưới bầu trời xanh",
     (135, 190, 230), (120, 170, 60), "rows"),
    ("duong-lang", "Hình vẽ minh họa: con đường bê tông dẫn vào làng",
     (160, 200, 235), (95, 150, 70), "road"),
    ("nha-van-hoa", "Hình vẽ minh họa: nhà văn hóa thôn mái ngói đỏ",
     (200, 220, 240), (110, 160, 80), "house"),
    ("doi-che", "Hình vẽ minh họa: đồi chè xanh",
     (170, 205, 225), (60, 130, 60), "hills"),
]  # fmt: skip
IMAGE_SIZE = (1200, 675)
LINKS = ["authors", "tags", "programs", "units", "conferences", "movements", "documents"]


def generated():
    """The rows of earlier runs, in an order that deletes cleanly."""
    return [
        Comment.objects.filter(article__created_by__username=VOLUME_USER),
        Article.objects.filter(created_by__username=VOLUME_USER),
    ]


def delete_images_after_commit():
    """Delete the image files of the generated articles once their deletion is committed."""
    articles = Article.objects.filter(created_by__username=VOLUME_USER)
    storage = Article._meta.get_field("hero_image").storage
    files = [
        (name, articles.filter(hero_image=name).values_list("hero_renditions", flat=True)[0])
        for name in set(articles.values_list("hero_image", flat=True).distinct())
    ]

    def delete():
        for name, renditions in files:
            delete_renditions(renditions, storage)
            storage.delete(name)

    transaction.on_commit(delete)


def draw(sky, ground, feature):
    width, height = IMAGE_SIZE
    horizon = height * 2 // 5
    image = Image.new("RGB", IMAGE_SIZE, sky)
    pen = ImageDraw.Draw(image)
    pen.ellipse((width - 260, 50, width - 160, 150), fill=(250, 215, 90))
    pen.rectangle((0, horizon, width, height), fill=ground)
    if feature == "rows":
        for y in range(horizon + 20, height, 40):
            pen.rectangle((0, y, width, y + 14), fill=(200, 190, 70))
    elif feature == "road":
        middle = width // 2
        road = [(middle - 30, horizon), (middle + 30, horizon), (middle + 260, height)]
        pen.polygon([*road, (middle - 260, height)], fill=(170, 170, 165))
    elif feature == "house":
        pen.rectangle((420, 300, 780, 520), fill=(235, 220, 180))
        pen.polygon([(380, 300), (600, 170), (820, 300)], fill=(180, 60, 40))
        pen.rectangle((565, 410, 635, 520), fill=(120, 80, 50))
    else:
        for x in range(-200, width, 300):
            pen.ellipse((x, horizon - 80, x + 500, horizon + 220), fill=(80, 150, 70))
        for y in range(horizon + 40, height, 35):
            pen.line((0, y, width, y - 20), fill=(40, 110, 50), width=8)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


class NewsVolume:
    def __init__(self, seed, scale, progress):
        self.seed, self.scale, self.progress = seed, scale, progress

    def rng(self, part):
        """One generator per part, so each part's rows depend on the seed alone."""
        return random.Random(f"{self.seed}:news:{part}")  # noqa: S311 — invented data, not secrets

    def generate(self, programs_volume, conferences):
        user = self.user()
        categories = self.categories()
        tags = self.named(Tag, TAGS)
        authors = self.named(Author, self.author_names(60))
        articles, links = self.articles(
            programs_volume, conferences, user, categories, tags, authors
        )
        insert(Article, articles, self.progress)
        for name, pairs in links.items():
            insert_links(Article, name, pairs, self.progress)
        self.comments(articles)

    @staticmethod
    def user():
        user, _created = get_user_model().objects.get_or_create(
            username=VOLUME_USER, defaults={"is_active": False, "password": make_password(None)}
        )
        return user

    @staticmethod
    def categories():
        order = Category.objects.count()
        for number, (slug, name_vi, name_en) in enumerate(CATEGORIES):
            Category.objects.get_or_create(
                slug=slug,
                defaults={"name_vi": name_vi, "name_en": name_en, "order": order + number},
            )
        return Category.objects.in_bulk(CATEGORY_WEIGHTS, field_name="slug")

    @staticmethod
    def named(model, names):
        """Rows of `model` with these names, created when missing, ordered by slug."""
        slugs = {slugify_vi(name): name for name in names}
        existing = model.objects.in_bulk(slugs, field_name="slug")
        model.objects.bulk_create(
            model(name=name, slug=slug) for slug, name in slugs.items() if slug not in existing
        )
        return list(model.objects.filter(slug__in=slugs).order_by("slug"))

    def author_names(self, count):
        rng, names = self.rng("authors"), set()
        while len(names) < count:
            names.add(person_name(rng)[0])
        return sorted(names)

    def images(self):
        """Draw the pictures and resize them once; each article points at one of them."""
        field = Article._meta.get_field("hero_image")
        images = []
        for stem, alt, sky, ground, feature in IMAGES:
            name = field.storage.save(
                f"news/volume/{stem}.jpg", ContentFile(draw(sky, ground, feature))
            )
            stored = Article(hero_image=name, hero_width=IMAGE_SIZE[0], hero_height=IMAGE_SIZE[1])
            images.append((name, alt, make_renditions(stored.hero_image)))
        return images

    def articles(self, programs_volume, conferences, user, categories, tags, authors):
        """The articles, oldest first, and their many-to-many links as (article, related)
        pairs by field name."""
        rng = self.rng("articles")
        count = scaled(20000, self.scale)
        span = int((LAST_DAY - FIRST_DAY).total_seconds())
        moments = sorted(
            FIRST_DAY + datetime.timedelta(seconds=rng.randrange(span)) for _i in range(count)
        )
        programs = programs_volume.programs
        communes = defaultdict(list)  # rural communes: the stories are about rural development
        for commune in programs_volume.communes:
            if commune.kind == AdministrativeUnit.Kind.COMMUNE:
                communes[commune.parent_id].append(commune)
        conferences = sorted(conferences, key=lambda conference: conference.date)
        conference_dates = [conference.date for conference in conferences]
        movement = programs_volume.movements[0]
        images = self.images()
        taken = set(Article.objects.values_list("slug", flat=True))
        slugs, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
        articles, links = [], {name: [] for name in LINKS}
        for moment in moments:
            date = moment.date()
            province = rng.choice(programs_volume.in_force(date))
            nearby = communes.get(province.pk, []) if date >= REORGANISATION_DATE else []
            category = rng.choices(slugs, weights)[0]
            choices = [t for t in TEMPLATES[category] if nearby or not t[2]]
            title, lead, _commune = rng.choice(choices)
            words = self.words(rng, date, province, rng.choice(nearby) if nearby else None)
            title, lead = title.format(**words), lead.format(**words)
            image, alt, renditions = rng.choice(images)
            article = Article(
                title_vi=title,
                slug=unique_slug(slugify_vi(title)[:100], taken),
                lead_vi=lead,
                body_vi=sanitize_html(self.body(rng, lead, words)),
                body_en=sanitize_html(""),
                hero_image=image,
                hero_width=IMAGE_SIZE[0],
                hero_height=IMAGE_SIZE[1],
                hero_renditions=renditions,
                hero_alt_vi=alt,
                hero_caption_vi=f"Ảnh minh họa. {VOLUME_NOTE}",
                hero_credit="generate_volume",
                category=categories[category],
                status=Article.Status.PUBLISHED,
                publish_at=moment,
                created_by=user,
            )
            article.update_search_text()
            articles.append(article)
            links["authors"] += [
                (article, a) for a in rng.sample(authors, rng.choice([1, 1, 1, 2]))
            ]
            links["tags"] += [(article, tag) for tag in rng.sample(tags, rng.randint(1, 3))]
            links["units"].append((article, province))
            for code in CATEGORY_PROGRAMS.get(category, ["NTM"]):
                links["programs"].append((article, programs[code]))
                if category == "chinh-sach-van-ban" and programs[code].decided_by_id:
                    links["documents"].append((article, programs[code].decided_by))
            if category == "hoi-nghi" and conference_dates:
                latest = bisect.bisect_right(conference_dates, date)
                if latest:
                    links["conferences"].append((article, conferences[latest - 1]))
            if category == "thi-dua-khen-thuong":
                links["movements"].append((article, movement))
        return articles, links

    @staticmethod
    def words(rng, date, province, commune):
        """What the templates fill in, Vietnamese number formats included (1.234; 1,9)."""
        person, title = person_name(rng)
        product = rng.choice(PRODUCTS)
        n = rng.randint(3, 60)
        return {
            "name": province.name,
            "province": of_province(province),
            "Province": capfirst(of_province(province)),
            "commune": commune and commune.name[0].lower() + commune.name[1:],
            "Commune": commune and commune.name,
            "year": date.year,
            "n": n,
            "m": f"{n + rng.randint(50, 3000):,}".replace(",", "."),
            "k": rng.randint(2, 15),
            "x": f"{rng.uniform(0.5, 12):.2f}".replace(".", ","),
            "y": f"{rng.uniform(0.5, 3):.1f}".replace(".", ","),
            "pct": f"{rng.uniform(60, 99):.1f}".replace(".", ","),
            "income": rng.randint(35, 80),
            "money": f"{rng.randint(120, 9000):,}".replace(",", "."),
            "area": f"{rng.randint(50, 3000):,}".replace(",", "."),
            "stars": rng.choice([3, 3, 3, 4, 4, 5]),
            "product": product,
            "product_lower": product.lower(),
            "person": person,
            "person_lower": f"{title.lower()} {person}",
            "Title": title,
            "crop": rng.choice(CROPS),
        }

    @staticmethod
    def body(rng, lead, words):
        paragraphs = "".join(
            f"<p>{escape(p.format(**words))}</p>" for p in rng.sample(PARAGRAPHS, 2)
        )
        figures = "".join(f"<li>{escape(f.format(**words))}</li>" for f in rng.sample(FIGURES, 3))
        return (
            f"<p>{escape(lead)}</p>{paragraphs}<h2>Một số kết quả nổi bật</h2><ul>{figures}</ul>"
            f"<h2>Thời gian tới</h2><p>{escape(CLOSING.format(**words))}</p>"
        )

    def comments(self, articles):
        """Approved comments, written within two weeks of their article."""
        rng = self.rng("comments")
        # bulk_create stamps `created_at` with the present (auto_now_add), so the dates are set
        # afterwards: one UPDATE per delay after publication, for the comments given that delay.
        delays = [datetime.timedelta(minutes=rng.randint(10, 20160)) for _delay in range(48)]
        comments, delayed = [], defaultdict(list)
        for _number in range(scaled(50000, self.scale)):
            name, _title = person_name(rng)
            comment = Comment(
                article=rng.choice(articles),
                name=name,
                email=f"{slugify_vi(name).replace('-', '.')}@example.com"
                if rng.random() < 0.3
                else "",
                body=" ".join(rng.sample(COMMENTS, rng.randint(1, 2))),
                approved=True,
            )
            comments.append(comment)
            delayed[rng.choice(delays)].append(comment)
        insert(Comment, comments, self.progress)
        published = Article.objects.filter(pk=OuterRef("article_id")).values("publish_at")
        self.progress.start("Comment dates", len(comments))
        for delay, group in delayed.items():
            Comment.objects.filter(pk__in=[comment.pk for comment in group]).update(
                created_at=Subquery(published) + Value(delay)
            )
            self.progress.advance(len(group))
        self.progress.finish()
