"""Open data: the download page and CSV/JSON downloads of the public datasets."""

from __future__ import annotations

import json
import os
from datetime import date
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from inspectorate.access import require_perm
from inspectorate.core import csvsafe

from . import (
    kept,
    rules,  # noqa: F401  (not an installed app, so its permissions register on import)
)
from .selectors import DATASETS, SYNTHETIC_NOTE, Dataset, rows


def index(request: HttpRequest) -> HttpResponse:
    require_perm(request, "opendata.download")
    return render(request, "opendata/index.html", {"datasets": DATASETS.values()})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def download(request: HttpRequest, dataset: str, fmt: str) -> HttpResponseBase:
    """A dataset as CSV or JSON: built once per version of its data and then sent as the file kept
    (``kept.py``), with its ETag, Last-Modified and length; 304 to a conditional GET."""
    require_perm(request, "opendata.download")
    spec = DATASETS.get(dataset)
    if spec is None or fmt not in {"csv", "json"}:
        raise Http404("No such dataset.")
    version = kept.version(dataset, fmt, spec.columns)
    etag = f'"{version}"'
    try:
        built_at: float | None = kept.path_of(dataset, fmt, version).stat().st_mtime
    except FileNotFoundError:
        built_at = None
    not_modified = get_conditional_response(request, etag=etag, last_modified=_seconds(built_at))
    if not_modified is None:
        build = _write_json if fmt == "json" else _write_csv
        file = kept.open_or_build(dataset, fmt, version, lambda out: build(spec, out))
        built_at = os.fstat(file.fileno()).st_mtime
        if fmt == "csv":
            response: HttpResponseBase = FileResponse(file, content_type="text/csv; charset=utf-8")
        else:
            # The JSON is sent whole (as HttpResponse, like the rest of the site's JSON): it is small.
            with file:
                response = HttpResponse(file.read(), content_type="application/json; charset=utf-8")
            response["Content-Length"] = str(len(response.content))
        response["Content-Disposition"] = f'attachment; filename="inspectorate-{dataset}.{fmt}"'
    else:
        response = not_modified
    response["ETag"] = etag
    if built_at is not None:
        response["Last-Modified"] = http_date(_seconds(built_at))
    return response


def _seconds(timestamp: float | None) -> int | None:
    return None if timestamp is None else int(timestamp)


def _write_csv(spec: Dataset, out: IO[bytes]) -> None:
    writer = csvsafe.writer(_Echo())
    out.write(writer.writerow(spec.columns).encode())
    # A row holds the columns of its programme's grading model: another model's grades stay empty.
    for row in rows(spec.key):
        out.write(writer.writerow([_cell(row.get(c)) for c in spec.columns]).encode())


def _write_json(spec: Dataset, out: IO[bytes]) -> None:
    body = {
        "dataset": spec.key, "title": spec.title, "description": spec.description,
        "synthetic_note": SYNTHETIC_NOTE, "generated": timezone.now().isoformat(timespec="seconds"),
        "columns": list(spec.columns), "rows": list(rows(spec.key)),
    }
    out.write(json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode())


def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation, read from its OpenAPI schema: no scripts, nothing from elsewhere."""
    require_perm(request, "opendata.view_api_docs")
    from inspectorate.api.api import api

    schema = api.get_openapi_schema(path_prefix=reverse("api:api-root"))
    return render(request, "opendata/api_docs.html", {
        "info": schema["info"],
        "operations": _operations(schema),
        "schema_url": reverse("api:openapi-json"),
    })


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {})
            fields: list[dict[str, Any]] = []
            for media_type, content in body.items():
                ref = content.get("schema", {})
                resolved = _resolve(schema, ref)
                for name, prop in resolved.get("properties", {}).items():
                    fields.append({"name": name, "media_type": media_type, "type": _type(schema, prop),
                                   "required": name in resolved.get("required", []),
                                   "description": prop.get("description", "")})
            operations.append({
                "id": operation.get("operationId", f"{method}-{path}"),
                "method": method.upper(),
                "path": path,
                "summary": (operation.get("description") or operation.get("summary") or "").strip(),
                "tag": (operation.get("tags") or [""])[0],
                "auth": bool(operation.get("security")),
                "parameters": [
                    {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                     "type": _type(schema, p.get("schema", {})), "description": p.get("description", "")}
                    for p in operation.get("parameters", [])
                ],
                "body": fields,
                "responses": [(code, r.get("description", "")) for code, r in operation.get("responses", {}).items()],
            })
    return operations


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = schema
    for part in ref.lstrip("#/").split("/"):
        target = target.get(part, {})
    return dict(target)


def _type(schema: dict[str, Any], node: dict[str, Any]) -> str:
    node = _resolve(schema, node)
    if "enum" in node:
        return "one of " + ", ".join(str(v) for v in node["enum"])
    if "anyOf" in node:
        return " or ".join(_type(schema, n) for n in node["anyOf"] if n.get("type") != "null") + " (optional)"
    if node.get("type") == "array":
        return f"list of {_type(schema, node.get('items', {}))}"
    kind = str(node.get("type", "value"))
    fmt = node.get("format")
    return f"{kind} ({fmt})" if fmt else kind
