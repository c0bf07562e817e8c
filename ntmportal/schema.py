"""The API's OpenAPI schema: drf-spectacular's, completed with anonymous reads, the error answers,
`?fields=` and CSV responses described as the text they are (docs/api.md).

What can be said through drf-spectacular's public hooks is (the AutoSchema's public methods and
the post-processing hooks of SPECTACULAR_SETTINGS). Two underscore methods of its AutoSchema are
overridden, written against drf-spectacular 0.30.0: `_get_filter_parameters` (the filters'
parameters, which need the view's FilterSet) and `_resolve_path_parameters` (the path's, which
need the view's model). Check them when upgrading it."""

from drf_spectacular import openapi
from drf_spectacular.plumbing import get_view_model
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions

CSV = "text/csv"
SAFE_METHODS = {method.lower() for method in permissions.SAFE_METHODS}


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
FORMAT = (
    "The response format, instead of an Accept header; `csv` is a table for a spreadsheet: "
    "UTF-8, a header row, one object per row."
)


def operations(result):
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            yield path, method, operation


def fields_are_optional(result, generator, request, public):
    """`?fields=` may leave any field out of an object (FieldsMixin), so no field of a response
    object is required. Request bodies and the pages around the objects keep theirs."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if not name.endswith("Request") and not name.startswith("Paginated"):
            component.pop("required", None)
    return result


def csv_is_text(result, generator, request, public):
    """A CSV answer is a string (a table), not the JSON objects' schema; `format` says so."""
    for _path, _method, operation in operations(result):
        for response in operation.get("responses", {}).values():
            if CSV in response.get("content", {}):
                response["content"][CSV] = {"schema": {"type": "string"}}
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query" and parameter["name"] == "format":
                parameter["description"] = FORMAT
    return result


def error_responses(result, generator, request, public):
    """The answers besides success every operation may give, and why."""
    for path, method, operation in operations(result):
        responses = operation.setdefault("responses", {})
        detail = "{" in path
        if method in SAFE_METHODS:
            responses["304"] = {
                "description": "Not modified since the ETag sent in If-None-Match (or the date "
                "in If-Modified-Since): no body."
            }
            responses["400"] = error_response(
                "A query parameter is unknown or its value invalid; the message names it and "
                "the valid ones.",
                FIELD_ERRORS,
            )
            responses["404"] = error_response(
                "No such object." if detail else "No such page: `page` 0 or past the last.",
                DETAIL,
            )
            responses["406"] = error_response("No format the Accept header asks for.", DETAIL)
        else:
            responses["400"] = error_response("The data is invalid.", FIELD_ERRORS)
            responses["403"] = error_response("The user lacks the model permission.", DETAIL)
            responses["404"] = error_response(
                "No such object." if detail else "No such format (`format`).", DETAIL
            )
            if method in {"put", "patch"}:
                responses["412"] = error_response(
                    "The object has changed since the ETag sent in If-Match; nothing is saved.",
                    DETAIL,
                )
            responses["413"] = error_response(
                "The body is larger than the limit, given in `limit` (bytes).",
                {**DETAIL, "properties": {**DETAIL["properties"], "limit": {"type": "integer"}}},
            )
            responses["415"] = error_response(
                "The body is not JSON, a form or multipart data.", DETAIL
            )
        responses["401"] = error_response(
            "No valid token was given (a write), or an invalid one (any request).", DETAIL
        )
        responses["429"] = {
            **error_response("Too many requests from this address: wait and retry.", DETAIL),
            "headers": {
                "Retry-After": {
                    "description": "Seconds until requests are accepted again.",
                    "schema": {"type": "integer"},
                },
                "RateLimit-Reset": {
                    "description": "The same, as the RateLimit header fields say it.",
                    "schema": {"type": "integer"},
                },
            },
        }
    return result


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema: anonymous reads, `?fields=`, the download's filters."""

    def get_auth(self):
        auths = super().get_auth()
        anonymous_reads = any(
            isinstance(permission, permissions.DjangoModelPermissionsOrAnonReadOnly)
            for permission in self.view.get_permissions()
        )
        if anonymous_reads and self.method in permissions.SAFE_METHODS:
            auths.append({})
        return auths

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        fields_param = getattr(self.view, "fields_param", None)  # ntmportal.api.FieldsMixin
        if fields_param and self.method in permissions.SAFE_METHODS:
            names = [
                name
                for name, field in self.view.get_serializer().fields.items()
                if not field.write_only
            ]
            parameters.append(
                OpenApiParameter(
                    fields_param,
                    {"type": "array", "items": {"type": "string", "enum": names}},
                    explode=False,
                    description="Only these fields of each object, separated by commas; any "
                    "other field is a 400.",
                )
            )
        return parameters

    def get_filter_backends(self):
        if getattr(self.view, "action", None) == "download":  # a list, in one file
            return self.view.filter_backends
        return super().get_filter_backends()

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            parameter["allowEmptyValue"] = True  # `?kind=` filters nothing, as HTML forms send
        return parameters

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if not parameter.get("description"):
                model = get_view_model(self.view)
                parameter["description"] = (
                    f"The {parameter['name']} of the {model._meta.verbose_name}."
                )
        return parameters
