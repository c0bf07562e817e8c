"""Test data builders. Tests never read seeds/ (except the seed tests)."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from news import models as news
from programs import models

NATION_CODE = "VN"
REORGANISATION = datetime.date(2025, 7, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct-horse-battery")


class SuperUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Document

    number = factory.Sequence(lambda n: f"{100 + n}/QĐ-TTg")
    kind = models.Document.Kind.DECISION
    title_vi = factory.Sequence(lambda n: f"Quyết định số {n}")
    issuer = "Thủ tướng Chính phủ"
    issued_on = datetime.date(2022, 2, 22)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Program

    code = factory.Sequence(lambda n: f"P{n}")
    name_vi = factory.Sequence(lambda n: f"Chương trình mục tiêu quốc gia số {n}")
    short_name_vi = factory.Sequence(lambda n: f"Chương trình {n}")
    start_year = 2021
    end_year = 2025


class NationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AdministrativeUnit
        django_get_or_create = ("code",)

    code = NATION_CODE
    name_vi = "Việt Nam"
    kind = models.AdministrativeUnit.Kind.NATION


class ProvinceFactory(factory.django.DjangoModelFactory):
    """A province of the structure in force from 1 July 2025."""

    class Meta:
        model = models.AdministrativeUnit

    code = factory.Sequence(lambda n: f"{n % 90 + 1:02d}")
    name_vi = factory.Sequence(lambda n: f"Tỉnh Mẫu {n}")
    kind = models.AdministrativeUnit.Kind.PROVINCE
    parent = factory.SubFactory(NationFactory)
    valid_from = REORGANISATION


class FormerProvinceFactory(ProvinceFactory):
    """A province of the structure in force until 30 June 2025."""

    valid_from = None
    valid_until = REORGANISATION - datetime.timedelta(days=1)
    successor = factory.SubFactory(ProvinceFactory)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AdministrativeUnit

    code = factory.Sequence(lambda n: f"{n:05d}")
    name_vi = factory.Sequence(lambda n: f"Xã Mẫu {n}")
    kind = models.AdministrativeUnit.Kind.COMMUNE
    parent = factory.SubFactory(ProvinceFactory)
    valid_from = REORGANISATION


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator

    code = factory.Sequence(lambda n: f"indicator-{n}")
    name_vi = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    measure = models.Indicator.Measure.COMMUNES
    program = factory.SubFactory(ProgramFactory)
    additive = True


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    unit = factory.SubFactory(NationFactory)
    period_start = datetime.date(2025, 6, 30)
    period_end = datetime.date(2025, 6, 30)
    value = 6084
    status = models.IndicatorValue.Status.PUBLISHED
    source_publisher = "Báo Hải Phòng"
    source_url = "https://example.gov.vn/report"
    # Published the day after the period it reports.
    source_date = factory.LazyAttribute(lambda value: value.period_end + datetime.timedelta(days=1))
    # As the admin saves an empty note.
    note_vi = note_en = ""


class FigureSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FigureSource

    figure = factory.SubFactory(IndicatorValueFactory)
    publisher = "Văn phòng Chính phủ"
    title = factory.Sequence(lambda n: f"Thông báo {n}")
    url = factory.Sequence(lambda n: f"https://example.gov.vn/notice-{n}")
    date = datetime.date(2025, 7, 1)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Target

    indicator = factory.SubFactory(IndicatorFactory)
    unit = factory.SubFactory(NationFactory)
    period_start = datetime.date(2021, 1, 1)
    period_end = datetime.date(2025, 12, 31)
    value = 6000
    document = factory.SubFactory(DocumentFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Conference

    title_vi = factory.Sequence(lambda n: f"Hội nghị tổng kết {n}")
    date = datetime.date(2025, 6, 22)
    chair = factory.SubFactory(PersonFactory)


class BridgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Bridge

    # After 1 July 2025, when the factory's (current) provinces exist.
    conference = factory.SubFactory(ConferenceFactory, date=datetime.date(2025, 12, 22))
    name_vi = factory.Sequence(lambda n: f"Điểm cầu {n}")
    unit = factory.SubFactory(ProvinceFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attendance

    bridge = factory.SubFactory(BridgeFactory)
    person = factory.SubFactory(PersonFactory)
    position_vi = "Bí thư Tỉnh ủy"


class MovementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EmulationMovement

    name_vi = factory.Sequence(lambda n: f"Phong trào thi đua {n}")
    program = factory.SubFactory(ProgramFactory)
    launched_on = datetime.date(2011, 4, 1)


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Award

    decision = factory.SubFactory(DocumentFactory)
    movement = factory.SubFactory(MovementFactory)
    award_type = models.Award.Type.PM_CERTIFICATE
    recipient_vi = factory.Sequence(lambda n: f"Ủy ban nhân dân xã {n}")
    recipient_kind = models.Award.RecipientKind.COLLECTIVE
    province = factory.SubFactory(ProvinceFactory)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = news.Category

    name_vi = factory.Sequence(lambda n: f"Chuyên mục {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = news.Tag

    name = factory.Sequence(lambda n: f"Thẻ {n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = news.Author

    name = factory.Sequence(lambda n: f"Phóng viên {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, visible since yesterday."""

    class Meta:
        model = news.Article
        skip_postgeneration_save = True

    title_vi = factory.Sequence(lambda n: f"Bài viết số {n} về nông thôn mới")
    lead_vi = "Tóm tắt ngắn của bài viết."
    body_vi = "<p>Nội dung bài viết.</p>"
    category = factory.SubFactory(CategoryFactory)
    status = news.Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.set(extracted)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = news.Comment

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Bạn đọc {n}")
    body = "Bài viết rất hữu ích."
    approved = True
