"""Shared pieces of the REST API of both apps (docs/api.md): base viewsets, strict query
parameters and filters, pagination, ordering, the CSV format, HTTP caching and request limits.
The schema generator is ntmportal/schema.py."""

import copy
import csv
import datetime
import functools
import hashlib
import io
import itertools
import json
import operator
import time
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.core.cache import cache
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    ImproperlyConfigured,
    RequestDataTooBig,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.forms.utils import ErrorDict, ErrorList
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, parse_etags, quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as django_filters
from django_filters.fields import IsoDateTimeField, ModelMultipleChoiceField
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.widgets import SuffixedMultiWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order
from rest_framework import (
    exceptions,
    filters,
    mixins,
    parsers,
    permissions,
    renderers,
    serializers,
    viewsets,
)
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings

from ntmportal.throttling import AnonRateThrottle
from ntmportal.vietnamese import vietnamese_order

# How long browsers and shared caches may keep a public read, in seconds.
CACHE_MAX_AGE = 300


class Pagination(PageNumberPagination):
    """Pages of `page_size` objects, at most `max_page_size`: a larger, zero or malformed
    `page_size` is a 400, never silently another size. A page that does not exist (0, past the
    end) is a 404 that says why."""

    page_size_query_param = "page_size"
    max_page_size = 500
    # Django's paginator says why: below 1, past the last page, not a number.
    invalid_page_message = gettext_lazy("Invalid page: {message}")

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (value.isascii() and value.isdigit() and 1 <= int(value) <= self.max_page_size):
            raise serializers.ValidationError(
                {
                    self.page_size_query_param: [
                        _("A whole number from 1 to %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(value)

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        for name, description in {
            "count": "Number of objects on all pages.",
            "next": "Address of the next page; null on the last.",
            "previous": "Address of the previous page; null on the first.",
            "results": "The objects on this page.",
        }.items():
            paginated["properties"][name]["description"] = description
        return paginated

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["allowEmptyValue"] = True  # the first page
                parameter["description"] = (
                    "A page number, from 1; 0 or a page past the last is a 404 that says why."
                )
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    minimum=1, maximum=self.max_page_size, default=self.page_size
                )
                parameter["description"] = (
                    f"Objects a page, from 1 to {self.max_page_size} (default {self.page_size}); "
                    "more is a 400. The `download` addresses have no page limit."
                )
        return parameters

    def get_paginated_response(self, data):
        """Also link the neighbouring pages in a `Link` header, which CSV has no room for."""
        response = super().get_paginated_response(data)
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (("next", self.get_next_link()), ("prev", self.get_previous_link()))
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        response["X-Total-Count"] = self.page.paginator.count
        response["X-Max-Page-Size"] = self.max_page_size
        return response


def refuse(name, message):
    raise serializers.ValidationError({name: [message]})


def valid_names(names):
    return _("Valid parameters: %(names)s.") % {"names": ", ".join(sorted(names))}


class OrderingFilter(filters.OrderingFilter):
    """`?ordering=` on the view's `ordering_fields`, with names in Vietnamese alphabetical order.

    Fields listed in the view's `vietnamese_ordering` sort as a Vietnamese dictionary does, and the
    primary key breaks ties so that pages never overlap. An unknown field is a 400, not ignored.
    """

    def filter_queryset(self, request, queryset, view):
        if not request.query_params.get(self.ordering_param):
            return queryset
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        collated = getattr(view, "vietnamese_ordering", ())
        terms = []
        for term in ordering:
            field = term.removeprefix("-")
            if field in collated:
                expression = vietnamese_order(field)
                term = expression.desc() if term.startswith("-") else expression.asc()
            terms.append(term)
        return queryset.order_by(*terms, "pk")

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = [name for name, _label in self.get_valid_fields(queryset, view, {})]
        for term in fields:
            if term.removeprefix("-") not in valid:
                refuse(
                    self.ordering_param,
                    _(
                        "Unknown field “%(field)s”. Valid fields: %(fields)s, each also with "
                        "“-” for descending order."
                    )
                    % {"field": term, "fields": ", ".join(valid)},
                )
        return fields

    def get_schema_operation_parameters(self, view):
        fields = ", ".join(f"`{field}`" for field in view.ordering_fields)
        terms = [term for field in view.ordering_fields for term in (field, f"-{field}")]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Order by {fields}; prefix a field with `-` for descending order, "
                    "separate several with commas. Any other field is a 400."
                ),
                "schema": {"type": "array", "items": {"type": "string", "enum": terms}},
                "style": "form",
                "explode": False,
            }
        ]


class CSVRenderer(renderers.BaseRenderer):
    """One row per object under a header row, UTF-8 with a byte-order mark so that spreadsheet
    programs read Vietnamese correctly. A list renders its current page (see the `Link` header)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        renderer_context = renderer_context or {}
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            rows = data["results"]
        else:
            rows = data if isinstance(data, list) else [data]
        if rows:
            header = list(rows[0])
        else:
            fields = renderer_context["view"].get_serializer().fields
            header = [name for name, field in fields.items() if not field.write_only]
        output = io.StringIO()
        output.write("\ufeff")
        writer = csv.writer(output)
        writer.writerow(header)
        for row in rows:
            writer.writerow([self.cell(row.get(name)) for name in header])
        response, view = renderer_context.get("response"), renderer_context.get("view")
        if response is not None and view is not None:
            response["Content-Disposition"] = f'attachment; filename="{view.basename}.csv"'
        return output.getvalue().encode(self.charset)

    @staticmethod
    def cell(value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False, cls=renderers.encoders.JSONEncoder)
        return value


class CSVMixin:
    """Offers the view's data as CSV too: `?format=csv` or `Accept: text/csv`. Errors are no
    table: they come as JSON whatever the format asked for."""

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(response, "exception", False) and isinstance(
            getattr(request, "accepted_renderer", None), CSVRenderer
        ):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class Echo:
    """A file that hands back what is written to it, for csv.writer to make lines one by one."""

    def write(self, line):
        return line


# Rows fetched from the database at a time by a download: its memory, whatever the total.
DOWNLOAD_CHUNK = 2000


def csv_lines(header, rows):
    """The lines of a CSV file as CSVRenderer writes it, produced one by one."""
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([CSVRenderer.cell(row.get(name)) for name in header])


class HTTPCacheMixin:
    """Successful reads carry Cache-Control, an ETag of their content and a Last-Modified, so a
    client that sends the ETag back in If-None-Match (or the date in If-Modified-Since) gets an
    empty 304 Not Modified. Successful writes carry the ETag of what they answer, which a later
    write may send in If-Match."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if not isinstance(response, Response):  # a streamed download
            return response
        if request.method in {"GET", "HEAD"} and response.status_code == 200:
            response.add_post_render_callback(lambda rendered: conditional(request, rendered))
        elif request.method in {"POST", "PUT", "PATCH"} and response.status_code in {200, 201}:
            response.add_post_render_callback(set_response_etag)
        return response


# How long the first moment a content was served is remembered (its Last-Modified).
SEEN_SECONDS = 30 * 24 * 3600


def last_modified(etag):
    """When content with this ETag was first served: it has not been modified since. Kept in
    the cache, so that every host gives the same date."""
    key = "api:etag-seen:" + etag.strip('"')
    seen = cache.get(key)
    if seen is None:
        seen = int(time.time())
        if not cache.add(key, seen, SEEN_SECONDS):
            seen = cache.get(key, seen)  # another host served it first
    return seen


def conditional(request, response):
    set_response_etag(response)
    seen = last_modified(response["ETag"])
    response["Last-Modified"] = http_date(seen)
    if request.user.is_authenticated:
        # Signed-in editors may see drafts: never from a shared cache.
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
    patch_vary_headers(response, ("Accept", "Authorization"))
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=seen, response=response
    )


def etag_of(data):
    """The ETag that a GET of the same representation in JSON carries."""
    content = renderers.JSONRenderer().render(data, renderers.JSONRenderer.media_type)
    return quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = gettext_lazy(
        "The object has changed since the ETag given in If-Match: read it again."
    )
    default_code = "precondition_failed"


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "payload_too_large"

    def __init__(self, limit):
        self.limit = limit
        super().__init__(
            _("The request body is larger than the limit of %(limit)s bytes.") % {"limit": limit}
        )


# JSON nested deeper than this is refused: no API object comes near it.
MAX_JSON_DEPTH = 32


def is_text(value):
    """Whether a string is Unicode that UTF-8 (and so the database) can hold: JSON may escape
    lone surrogates (`"\\ud800"`), which no encoding can."""
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def check_parsed(data):
    """The depth of parsed JSON, walked without recursion; a string no database can hold is
    refused on the way."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str) and not is_text(value):
            raise exceptions.ParseError(_("The JSON holds text that is not valid Unicode."))
        if isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, depth)
        stack.extend((item, depth + 1) for item in value)
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's parser, with JSON nested too deep a 400: Python's decoder would raise a
    RecursionError (a 500) past its recursion limit, and deep data strains every later step.
    Text that is not valid Unicode is a 400 too, which the database would refuse with a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            too_deep = True
        else:
            too_deep = check_parsed(data) > MAX_JSON_DEPTH
        if too_deep:
            raise exceptions.ParseError(
                _("JSON nested more than %(depth)s levels deep is refused.")
                % {"depth": MAX_JSON_DEPTH}
            )
        return data


class RequestLimitsMixin:
    """What every API view refuses before any work: a NUL character in the address (PostgreSQL
    cannot compare text holding one) is a 404, a body over DATA_UPLOAD_MAX_MEMORY_SIZE a JSON
    413 naming the limit, JSON nested too deep a 400. Anonymous clients learn the rate limit
    from RateLimit-* headers on every answer, with the reset time on a 429."""

    parser_classes = [JSONParser, parsers.FormParser, parsers.MultiPartParser]

    def initial(self, request, *args, **kwargs):
        if any("\x00" in str(value) for value in kwargs.values()):
            raise exceptions.NotFound
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        length = request.META.get("CONTENT_LENGTH") or "0"
        if limit is not None and (not length.isdigit() or int(length) > limit):
            raise PayloadTooLarge(limit)
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc):
        if isinstance(exc, RequestDataTooBig):  # a body longer than its Content-Length said
            exc = PayloadTooLarge(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        response = super().handle_exception(exc)
        if isinstance(exc, PayloadTooLarge):
            response.data["limit"] = exc.limit  # a number, which DRF would make text
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if not request.user.is_authenticated and any(
            isinstance(throttle, AnonRateThrottle) for throttle in self.get_throttles()
        ):
            throttle = AnonRateThrottle()
            if throttle.rate:
                number, seconds = throttle.parse_rate(throttle.rate)
                # The remaining count differs for each client: not in answers that shared
                # caches keep, only in the 429, which they do not.
                response["RateLimit-Policy"] = f"{number};w={seconds}"
                response["RateLimit-Limit"] = number
                if response.status_code == 429:
                    response["RateLimit-Remaining"] = 0
                    response["RateLimit-Reset"] = response.get("Retry-After", seconds)
        return response


# Query parameters every list knows: they choose a page, a format, an order or the fields.
STANDARD_PARAMETERS = {"page", "page_size", "format", "ordering", "fields"}
# A query may name at most this many objects of one filter.
MAX_VALUES = 100


class ManyValuesWidget(forms.SelectMultiple):
    """Every value of a repeated parameter, each split at its commas too: `unit=1&unit=34` and
    `unit=1,34` both name two units."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [part for value in values if value for part in value.split(",") if part]


class ModelsField(ModelMultipleChoiceField):
    """Django's field, refusing before any query what no database holds: too many values, a NUL
    byte, an id that is no integer or beyond any database's integers."""

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            self.check_values(value)
        return super().clean(value)

    def check_values(self, value):
        if len(value) > MAX_VALUES:
            raise DjangoValidationError(
                _("At most %(max)s values."), code="too_many", params={"max": MAX_VALUES}
            )
        for item in value:
            text = str(item)
            by_id = self.to_field_name is None
            if "\x00" in text or (by_id and not (text.isascii() and text.isdigit())):
                raise DjangoValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
            if by_id and int(text) >= 2**63:  # beyond any database's integers
                raise DjangoValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )


class ModelsFilter(django_filters.ModelMultipleChoiceFilter):
    """Any of several objects, by id or by their `to_field_name` (indicators by code), named by
    a repeated parameter or separated by commas. One that does not exist is a 400.

    The rows are filtered by the objects' ids, not by the codes themselves: django-filter
    would compare a foreign key with the code.
    """

    field_class = ModelsField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", ManyValuesWidget)
        kwargs.setdefault("distinct", False)  # only to-many relations need it
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        qs = qs.filter(**{f"{self.field_name}__in": [item.pk for item in value]})
        return qs.distinct() if self.distinct else qs


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """Any of several choices, repeated or separated by commas."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", ManyValuesWidget)
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """`true` or `false` (`1`, `0`); anything else an error, not "no filter"."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return {"true": True, "1": True, "false": False, "0": False}[str(value).lower()]
        except KeyError:
            raise DjangoValidationError(
                _("“%(value)s” is neither true nor false."), code="invalid", params={"value": value}
            ) from None


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


YEAR = {"type": "integer", "minimum": 1, "maximum": 9999}


def described(filter_, schema):
    """The filter, with this schema for its parameter and its help text as the description
    (an annotation replaces both)."""
    return extend_schema_field({**schema, "description": filter_.extra.get("help_text", "")})(
        filter_
    )


class YearFilter(django_filters.NumberFilter):
    """A year, such as 2024: a whole number within the calendar's years."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)
        described(self, YEAR)


class YearsField(forms.Field):
    widget = ManyValuesWidget
    default_error_messages = {
        "invalid": gettext_lazy("“%(value)s” is not a year from 1 to 9999."),
        "too_many": gettext_lazy("At most %(max)s values."),
    }

    def to_python(self, value):
        if len(value or ()) > MAX_VALUES:
            raise DjangoValidationError(
                self.error_messages["too_many"], code="too_many", params={"max": MAX_VALUES}
            )
        years = []
        for item in value or ():
            if not (item.isascii() and item.isdigit() and 1 <= int(item) <= 9999):
                raise DjangoValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": item}
                )
            years.append(int(item))
        return years


class YearsFilter(django_filters.Filter):
    """Any of several years (`period=2023,2024`) of a date field."""

    field_class = YearsField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        described(self, {"type": "array", "items": YEAR})

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__year__in": value})


class MomentField(IsoDateTimeField):
    """An ISO 8601 moment, held in UTC: an offset beyond the world's (±14:00), or a moment
    that UTC cannot write within the years 1 to 9999, is an error, which PostgreSQL would
    refuse with a 500."""

    default_error_messages = {
        "offset": gettext_lazy("The time zone offset must be within ±14:00."),
        "range": gettext_lazy("The moment is outside the years 1 to 9999."),
    }

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        offset = moment.utcoffset()
        if offset is not None and abs(offset) > datetime.timedelta(hours=14):
            raise DjangoValidationError(self.error_messages["offset"], code="offset")
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise DjangoValidationError(self.error_messages["range"], code="range") from None


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


def updated_after():
    """`updated_after`: what was saved after a moment, on every list whose model has
    `updated_at`."""
    return MomentFilter(
        field_name="updated_at",
        lookup_expr="gt",
        help_text="Changed after this moment (ISO 8601, e.g. 2025-07-01T00:00:00+07:00).",
    )


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, strict: a query parameter that is neither one of its filters
    nor a standard one is a 400 naming the valid ones, never silently ignored; so is one given
    twice that takes a single value, of which only the last would count."""

    @classmethod
    def parameters(cls):
        """Every query parameter the list knows, and those of them that take several values:
        each filter's name, or its suffixed names for a range (`issued_on_after`)."""
        names, several = set(STANDARD_PARAMETERS), set()
        for name, filter_ in cls.base_filters.items():
            widget = filter_.field.widget
            if isinstance(widget, SuffixedMultiWidget):
                names.update(widget.suffixed(name, suffix) for suffix in widget.suffixes)
            else:
                names.add(name)
                if isinstance(widget, ManyValuesWidget):
                    several.add(name)
        return names, several

    @functools.cached_property
    def parameter_errors(self):
        known, several = self.parameters()
        errors = ErrorDict()
        unknown = _("Unknown parameter. %(valid)s") % {"valid": valid_names(known)}
        once = _("Give this parameter once: it takes a single value.")
        for name, values in sorted(self.data.lists()):
            if name not in known:
                errors[name] = ErrorList([DjangoValidationError(unknown, code="unknown")])
            elif len(values) > 1 and name not in several:
                errors[name] = ErrorList([DjangoValidationError(once, code="repeated")])
        return errors

    def is_valid(self):
        return not self.parameter_errors and super().is_valid()

    @property
    def errors(self):
        return self.parameter_errors or super().errors


class FieldsMixin:
    """`?fields=code,name`: only these fields of each object (a sparse fieldset), in JSON and
    CSV alike; `fields=` empty, every field. An unknown field is a 400 naming the valid ones."""

    fields_param = "fields"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.chosen_fields = None
        value = request.query_params.get(self.fields_param)
        if request.method not in permissions.SAFE_METHODS or value is None:
            return
        chosen = [name.strip() for name in value.split(",") if name.strip()]
        if not chosen:  # `fields=`, as an empty filter: every field
            return
        available = list(self.get_serializer().fields)
        unknown = [name for name in chosen if name not in available]
        if unknown:
            refuse(
                self.fields_param,
                _("Unknown field “%(field)s”. Valid fields: %(fields)s.")
                % {"field": ",".join(unknown), "fields": ", ".join(available)},
            )
        self.chosen_fields = chosen

    def finalize_response(self, request, response, *args, **kwargs):
        chosen = getattr(self, "chosen_fields", None)
        data = getattr(response, "data", None)
        if chosen and isinstance(response, Response) and not response.exception and data:
            rows = data["results"] if isinstance(data.get("results"), list) else [data]
            for row in rows:
                for name in list(row):
                    if name not in chosen:
                        del row[name]
        return super().finalize_response(request, response, *args, **kwargs)


class ReadOnlyViewSet(
    RequestLimitsMixin, HTTPCacheMixin, FieldsMixin, viewsets.ReadOnlyModelViewSet
):
    """Public data: list and detail for everyone."""

    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    # Any identifier reaches the view, which answers a JSON 404 for those that name nothing.
    lookup_value_regex = "[^/]+"

    def initial(self, request, *args, **kwargs):
        # The site's addresses carry their language; the API's text follows Accept-Language.
        translation.activate(translation.get_language_from_request(request))
        if request.query_params.get(api_settings.URL_FORMAT_OVERRIDE) == "":
            raise exceptions.NotFound  # as DRF answers any other format it does not offer
        super().initial(request, *args, **kwargs)


class WritableViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadOnlyViewSet):
    """Read by everyone; created and updated by users with the model's add or change permission
    (the default DjangoModelPermissionsOrAnonReadOnly). Nothing is deleted through the API.

    A write may send the ETag it read in If-Match: if the object has changed since, the write
    is refused with 412 and changes nothing. A creation answers 201 with the new object's
    address in Location."""

    def update(self, request, *args, **kwargs):
        expected = request.headers.get("If-Match")
        if expected is not None:
            current = etag_of(self.get_serializer(self.get_object()).data)
            etags = parse_etags(expected)
            if "*" not in etags and current not in {etag.removeprefix("W/") for etag in etags}:
                raise PreconditionFailed
        return super().update(request, *args, **kwargs)

    def get_success_headers(self, data):
        headers = super().get_success_headers(data)
        field = "id" if self.lookup_field == "pk" else self.lookup_field
        if "Location" not in headers and data.get(field) is not None:
            kwarg = self.lookup_url_kwarg or self.lookup_field
            headers["Location"] = reverse(
                f"api:{self.basename}-detail", kwargs={kwarg: data[field]}, request=self.request
            )
        return headers


class TokenSerializer(AuthTokenSerializer):
    username = serializers.CharField(write_only=True, help_text="The user's username.")
    password = serializers.CharField(
        write_only=True, style={"input_type": "password"}, help_text="The user's password."
    )
    token = serializers.CharField(
        read_only=True, help_text="Send it as `Authorization: Token <token>`."
    )


class TokenView(RequestLimitsMixin, ObtainAuthToken):
    """Exchange a username and password for the user's API token, then send it with each write
    as `Authorization: Token <token>`."""

    serializer_class = TokenSerializer
    throttle_classes = [AnonRateThrottle]  # DRF leaves the password check unthrottled
    permission_classes = [permissions.AllowAny]


class PublishedOnlyMixin:
    """Visitors see what is published; users who may change the model also see drafts, so they
    can correct them. The model's queryset must have `published()`."""

    def get_queryset(self):
        queryset = super().get_queryset()
        opts = queryset.model._meta
        if self.request.user.has_perm(
            f"{opts.app_label}.{get_permission_codename('change', opts)}"
        ):
            return queryset
        return queryset.published()


NUL_MESSAGE = "Null characters are not allowed."


def holds_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(holds_nul(item) for item in value)
    if isinstance(value, dict):
        return any(holds_nul(item) for item in value.values())
    return False


@extend_schema_field(OpenApiTypes.STR)  # the labels, which the choices' enum is not
class ChoiceLabelField(serializers.ChoiceField):
    """A choice's label in the request's language, as `get_FOO_display()` gives it, read only.
    Django's method builds a dictionary of every choice, translating each label, per call: for
    a list, that was a third of its time (docs/performance.md)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)
        self.labels = {}  # by language

    def to_representation(self, value):
        language = translation.get_language()
        if language not in self.labels:
            self.labels[language] = {key: str(label) for key, label in self.choices.items()}
        return self.labels[language].get(value, value)


class RowsMixin:
    """For a ModelSerializer: the representation of many objects from their `.values()` rows,
    the same as `data` of model instances without building one per row, nor one per related
    object (a list's fast path: docs/performance.md).

    Each readable field is read from the column its source names (`indicator.code`:
    `indicator__code`; a related object by its `_id` or slug column), a translated name of a
    related object in the active language with modeltranslation's fallback, and turned into
    its representation by the field itself. A nested list of a reverse relation is read in one
    query for all rows. A field that needs more than a column (a method field, a property)
    names its columns and a function of the row in `row_fields`; any other field is refused
    when the reader is built, so that the two representations cannot drift apart unseen."""

    # Field name → (columns, function of the row giving the field's value).
    row_fields = {}

    @classmethod
    def rows(cls, queryset):
        """The representation of every object of `queryset` (a slice of it, a page)."""
        columns, readers, nested = cls.row_reader(translation.get_language())
        return represent(queryset.prefetch_related(None).values(*columns), readers, nested)

    @classmethod
    def iter_rows(cls, queryset, chunk_size):
        """The representation of every object of `queryset`, read `chunk_size` rows at a time
        (a download: the same memory for ten rows or a million)."""
        columns, readers, nested = cls.row_reader(translation.get_language())
        rows = queryset.prefetch_related(None).values(*columns).iterator(chunk_size)
        while chunk := list(itertools.islice(rows, chunk_size)):
            yield from represent(chunk, readers, nested)

    @classmethod
    @functools.cache
    def row_reader(cls, language):
        """The columns to read, (field name, function of a row) of each readable field, and
        a function of the rows' primary keys for each nested list: built once per language,
        from fields that need no request."""
        model = cls.Meta.model
        columns, readers, nested = {"pk"}, [], {}
        for name, field in cls().fields.items():
            if field.write_only:
                continue
            if isinstance(field, serializers.ListSerializer):
                nested[name] = nested_reader(model, field)
                readers.append((name, None))
                continue
            if name in cls.row_fields:
                needed, read = cls.row_fields[name]
                # A method field's function gives its representation, another's its value.
                final = isinstance(field, serializers.SerializerMethodField)
            else:
                needed, read = column_reader(model, field, language)
                final = isinstance(field, serializers.RelatedField)  # the column is its id or slug
            columns.update(needed)
            readers.append((name, read if final else represented(field, read)))
        return sorted(columns), readers, nested


def represent(rows, readers, nested):
    rows = list(rows)
    keys = [row["pk"] for row in rows]
    children = {name: read(keys) for name, read in nested.items()}
    return [
        {
            name: children[name][row["pk"]] if name in children else read(row)
            for name, read in readers
        }
        for row in rows
    ]


def represented(field, read):
    """A function of a row giving the field's representation of the value `read` gives, as
    Serializer.to_representation does: None stays None. Text, whole numbers and text choices
    are their own representation, as the database gives them."""
    if type(field).to_representation in IDENTITIES or (
        type(field).to_representation is serializers.ChoiceField.to_representation
        and all(isinstance(key, str) for key in field.choices)
    ):
        return read

    def representation(row):
        value = read(row)
        return None if value is None else field.to_representation(value)

    return representation


# Fields whose representation of a value read from the database is the value itself: str()
# of text, int() of a whole number.
IDENTITIES = {
    serializers.CharField.to_representation,
    serializers.IntegerField.to_representation,
}


def column_reader(model, field, language):
    """The columns of a field's source and a function of a row giving its value."""
    if not field.source_attrs:  # source="*", as a method field: the whole object
        raise ImproperlyConfigured(f"{field.field_name}: give it in row_fields.")
    *path, attribute = field.source_attrs
    related = model
    for step in path:
        related = related._meta.get_field(step).related_model
    prefix = "".join(f"{step}__" for step in path)
    if isinstance(field, serializers.PrimaryKeyRelatedField) and field.pk_field is None:
        column = f"{prefix}{attribute}_id"
    elif isinstance(field, serializers.SlugRelatedField):
        column = f"{prefix}{attribute}__{field.slug_field}"
    elif isinstance(field, serializers.RelatedField):
        raise ImproperlyConfigured(f"{field.field_name}: give it in row_fields.")
    else:
        names = translated_fields(related)
        if attribute in names:
            localized = [
                f"{prefix}{build_localized_fieldname(attribute, code)}"
                for code in resolution_order(language)
            ]
            return localized, lambda row: next(filter(None, map(row.get, localized)), "")
        try:
            related._meta.get_field(attribute)
        except FieldDoesNotExist:
            raise ImproperlyConfigured(
                f"{field.field_name}: {attribute} is no column; give it in row_fields."
            ) from None
        column = f"{prefix}{attribute}"
    return [column], operator.itemgetter(column)


def translated_fields(model):
    try:
        return translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return {}


def nested_reader(model, field):
    """For a nested list of a reverse relation: a function of the parents' primary keys giving
    each one's representations, read in one query in the relation's own order."""
    relation = model._meta.get_field(field.source)
    parent = f"{relation.field.name}_id"
    child, language = field.child, translation.get_language()
    columns, readers = {parent}, []
    for name, child_field in child.fields.items():
        needed, read = column_reader(relation.related_model, child_field, language)
        columns.update(needed)
        readers.append((name, represented(child_field, read)))
    # Each parent's children in the relation's order, without ordering by the parent, which
    # would join it and sort by its own ordering.
    ordering = [
        term
        for term in relation.related_model._meta.ordering
        if term.removeprefix("-") != relation.field.name
    ]
    objects = relation.related_model._default_manager.values(*columns).order_by(*ordering)

    def read(keys):
        found = {key: [] for key in keys}
        for row in objects.filter(**{f"{parent}__in": keys}):
            found[row[parent]].append({name: column(row) for name, column in readers})
        return found

    return read


class ModelCleanSerializer(serializers.ModelSerializer):
    """Runs the model's full_clean() on the validated data, so the rules of Model.clean() and the
    constraints apply to API writes as they do in the admin, each error under its field."""

    def to_internal_value(self, data):
        # PostgreSQL text cannot hold NUL: refuse it in any field, including slug look-ups,
        # which DRF's own null-character validator does not cover.
        if hasattr(data, "items"):
            refused = {name: [NUL_MESSAGE] for name, value in data.items() if holds_nul(value)}
            if refused:
                raise serializers.ValidationError(refused)
        return super().to_internal_value(data)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        # A copy: the instance itself must not change before the data is known to be valid.
        candidate = copy.copy(self.instance) if self.instance is not None else self.Meta.model()
        many_to_many = {field.name for field in self.Meta.model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(candidate, name, value)
        try:
            candidate.full_clean()
        except DjangoValidationError as error:
            detail = serializers.as_serializer_error(error)
            if NON_FIELD_ERRORS in detail:
                detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(detail) from error
        return attrs


class DownloadMixin:
    """`download/`: every object the filters leave as one CSV file, streamed: no page limit,
    the same memory for ten rows or a million, the total in `X-Total-Count`."""

    def download_rows(self, queryset):
        """The representation of every object, a chunk at a time."""
        serializer_class = self.get_serializer_class()
        if issubclass(serializer_class, RowsMixin):
            yield from serializer_class.iter_rows(queryset, DOWNLOAD_CHUNK)
            return
        objects = queryset.iterator(chunk_size=DOWNLOAD_CHUNK)
        while chunk := list(itertools.islice(objects, DOWNLOAD_CHUNK)):
            yield from self.get_serializer(chunk, many=True).data

    def download_header(self):
        fields = self.get_serializer().fields
        return [name for name, field in fields.items() if not field.write_only]

    @extend_schema(
        responses={(200, CSVRenderer.media_type): OpenApiTypes.STR},
        description="Every object that the filters leave, as one CSV file (UTF-8 with a "
        "byte-order mark, a header row, one object per row), streamed, with no page limit; "
        "the number of rows in the `X-Total-Count` header. The filters are the list's.",
    )
    @action(detail=False, url_path="download", pagination_class=None)
    def download(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        language = translation.get_language()
        header = getattr(self, "chosen_fields", None) or self.download_header()

        def lines():
            # Produced after the view has returned: in the language of the request still.
            with translation.override(language):
                yield from csv_lines(header, self.download_rows(queryset))

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["X-Total-Count"] = queryset.count()
        response["Content-Disposition"] = f'attachment; filename="{self.basename}s.csv"'
        return response
