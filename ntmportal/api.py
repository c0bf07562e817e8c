"""Shared pieces of the REST API of both apps (docs/api.md): base viewsets, pagination, ordering,
the CSV format, HTTP caching and the schema generator."""

import copy
import csv
import io
import json
from decimal import Decimal

from django.contrib.auth import get_permission_codename
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular import openapi
from drf_spectacular.plumbing import get_view_model
from rest_framework import filters, mixins, permissions, renderers, serializers, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings

from ntmportal.throttling import AnonRateThrottle
from ntmportal.vietnamese import vietnamese_order

# How long browsers and shared caches may keep a public read, in seconds.
CACHE_MAX_AGE = 300


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500

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
        return response


class OrderingFilter(filters.OrderingFilter):
    """`?ordering=` on the view's `ordering_fields`, with names in Vietnamese alphabetical order.

    Fields listed in the view's `vietnamese_ordering` sort as a Vietnamese dictionary does, and the
    primary key breaks ties so that pages never overlap.
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

    def get_schema_operation_parameters(self, view):
        fields = ", ".join(f"`{field}`" for field in view.ordering_fields)
        parameter = super().get_schema_operation_parameters(view)[0]
        parameter["description"] = (
            f"Order by {fields}; prefix a field with `-` for descending order, "
            "separate several with commas."
        )
        return [parameter]


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
        if response.exception and isinstance(
            getattr(request, "accepted_renderer", None), CSVRenderer
        ):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class HTTPCacheMixin:
    """Successful reads carry Cache-Control and an ETag of their content, so a client that sends
    the ETag back in If-None-Match gets an empty 304 Not Modified."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in {"GET", "HEAD"} and response.status_code == 200:
            response.add_post_render_callback(lambda rendered: conditional(request, rendered))
        return response


def conditional(request, response):
    set_response_etag(response)
    if request.user.is_authenticated:
        # Signed-in editors may see drafts: never from a shared cache.
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
    patch_vary_headers(response, ("Accept", "Authorization"))
    return get_conditional_response(request, etag=response["ETag"], response=response)


# Query parameters that choose a page, a format or an order, not rows.
NOT_FILTERS = {"page", "page_size", "format", "ordering"}


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped for a request that filters nothing: building a FilterSet
    and its form is most of an unfiltered list's cost."""

    def filter_queryset(self, request, queryset, view):
        if request.query_params.keys() <= NOT_FILTERS:
            return queryset
        return super().filter_queryset(request, queryset, view)


class ModelPermissionsOrAnonReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """DRF's rule, which asks no permission to read, answered for reads without building the
    view's queryset."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return super().has_permission(request, view)


class ReadOnlyViewSet(HTTPCacheMixin, viewsets.ReadOnlyModelViewSet):
    """Public data: list and detail for everyone."""

    pagination_class = Pagination
    filter_backends = [FilterBackend, OrderingFilter]
    permission_classes = [ModelPermissionsOrAnonReadOnly]
    # Any identifier reaches the view, which answers a JSON 404 for those that name nothing.
    lookup_value_regex = "[^/]+"

    def initial(self, request, *args, **kwargs):
        # The site's addresses carry their language; the API's text follows Accept-Language.
        translation.activate(translation.get_language_from_request(request))
        super().initial(request, *args, **kwargs)


class WritableViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ReadOnlyViewSet):
    """Read by everyone; created and updated by users with the model's add or change permission
    (the default DjangoModelPermissionsOrAnonReadOnly). Nothing is deleted through the API."""


class TokenSerializer(AuthTokenSerializer):
    username = serializers.CharField(write_only=True, help_text="The user's username.")
    password = serializers.CharField(
        write_only=True, style={"input_type": "password"}, help_text="The user's password."
    )
    token = serializers.CharField(
        read_only=True, help_text="Send it as `Authorization: Token <token>`."
    )


class TokenView(ObtainAuthToken):
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


def error_response(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong."}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "anyOf": [
        {
            "type": "object",
            "description": "Messages under the name of each field or parameter in error "
            "(`non_field_errors` for the data as a whole).",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        DETAIL,
    ]
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, completed: anonymous reads, the error answers, and CSV
    responses described as the text they are."""

    def get_auth(self):
        auths = super().get_auth()
        anonymous_reads = any(
            isinstance(permission, permissions.DjangoModelPermissionsOrAnonReadOnly)
            for permission in self.view.get_permissions()
        )
        if anonymous_reads and self.method in permissions.SAFE_METHODS:
            auths.append({})
        return auths

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if not parameter.get("description"):
                model = get_view_model(self.view)
                parameter["description"] = (
                    f"The {parameter['name']} of the {model._meta.verbose_name}."
                )
        return parameters

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = (
                "The response format, instead of an Accept header; `csv` is a table for a "
                "spreadsheet: UTF-8, a header row, one object per row."
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method in permissions.SAFE_METHODS:
            if self._is_list_view():
                responses["400"] = error_response("A query parameter is invalid.", FIELD_ERRORS)
            else:
                responses["404"] = error_response("No such object.", DETAIL)
            return responses
        responses["400"] = error_response("The data is invalid.", FIELD_ERRORS)
        responses["401"] = error_response("No valid token was given.", DETAIL)
        responses["403"] = error_response("The user lacks the model permission.", DETAIL)
        if "{" in self.path:
            responses["404"] = error_response("No such object.", DETAIL)
        return responses

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        if CSVRenderer.media_type in response.get("content", {}):
            response["content"][CSVRenderer.media_type] = {"schema": {"type": "string"}}
        return response
