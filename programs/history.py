"""Which programs models keep every version (django-simple-history), registered by
translation.py once modeltranslation has added the language fields, so each version keeps both
languages."""

from simple_history import register

from .models import Attendance, Award, Bridge, Conference, Document, IndicatorValue, Target

for model in (Document, IndicatorValue, Target, Conference, Bridge, Attendance, Award):
    register(model)
