"""Bilingual content fields: Vietnamese is the default and the fallback, English optional."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    AdministrativeUnit,
    Attendance,
    Award,
    Bridge,
    Conference,
    Document,
    EmulationMovement,
    Indicator,
    IndicatorValue,
    LeadAgency,
    Program,
    Target,
)


@register(Program)
class ProgramTranslation(TranslationOptions):
    fields = ("name", "short_name", "description", "goals")


@register(LeadAgency)
class LeadAgencyTranslation(TranslationOptions):
    fields = ("name",)


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "summary", "issuer")


@register(AdministrativeUnit)
class AdministrativeUnitTranslation(TranslationOptions):
    fields = ("name",)


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "description")


@register(IndicatorValue)
class IndicatorValueTranslation(TranslationOptions):
    fields = ("note",)


@register(Target)
class TargetTranslation(TranslationOptions):
    fields = ("note",)


@register(Conference)
class ConferenceTranslation(TranslationOptions):
    fields = ("title", "short_title", "host", "summary", "reported", "decided")


@register(Bridge)
class BridgeTranslation(TranslationOptions):
    fields = ("name", "location")


@register(Attendance)
class AttendanceTranslation(TranslationOptions):
    fields = ("position",)


@register(EmulationMovement)
class EmulationMovementTranslation(TranslationOptions):
    fields = ("name", "description", "launched_by")


@register(Award)
class AwardTranslation(TranslationOptions):
    fields = ("recipient",)


# Versions are registered once the translation fields exist, so each keeps both languages.
from . import history  # noqa: E402, F401
