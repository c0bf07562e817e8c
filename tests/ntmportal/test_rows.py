"""The rows a list reads as values (ntmportal.api.RowsMixin) refuse any field they cannot
derive from a column, so that they never drift from the serializer unseen."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers

from ntmportal.api import RowsMixin
from programs.models import IndicatorValue


class WithMethodField(RowsMixin, serializers.ModelSerializer):
    doubled = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorValue
        fields = ["id", "doubled"]

    def get_doubled(self, figure):
        return figure.value * 2


class WithProperty(RowsMixin, serializers.ModelSerializer):
    share = serializers.DecimalField(max_digits=7, decimal_places=1, read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["id", "share"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("serializer", "message"),
    [(WithMethodField, "doubled: give it in row_fields"), (WithProperty, "share is no column")],
)
def test_a_field_without_a_column_is_refused(serializer, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        serializer.rows(IndicatorValue.objects.all())
