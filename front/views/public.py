"""A municipality's public progress page and open-data files: no sign-in, only when its staff publish.

Nothing here reads the signed-in user or the session, so every visitor of a language gets the same page;
the content is cached per municipality, language and publication setting."""

import csv
import io
import json

from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from api.models import Publication
from api.public import public_content
from api.services import LICENCES
from plans.models import Plan

CACHE_SECONDS = 600


def _published_plan(code):
    publication = (
        Publication.objects.filter(municipality__code=code, published=True).select_related("municipality").first()
    )
    plan = (
        publication
        and Plan.objects.filter(municipality=publication.municipality).select_related("municipality").first()
    )
    if plan is None:
        raise Http404
    return publication, plan


def _content(publication, plan, language):
    key = f"public:{plan.municipality.code}:{language}:{publication.changed_at.timestamp()}"
    content = cache.get(key)
    if content is None:
        with translation.override(language):
            content = public_content(plan)
        cache.set(key, content, CACHE_SECONDS)
    return content


@require_safe
def progress_page(request, municipality, language):
    publication, plan = _published_plan(municipality)
    content = _content(publication, plan, language)
    with translation.override(language):
        response = render(
            request,
            "public/progress.html",
            {
                "c": content,
                "language": language,
                "licence": LICENCES[publication.licence],
                "other_language_url": reverse(
                    "opendata:public" if language == "en" else "opendata:public_en", args=[municipality]
                ),
            },
        )
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def _tables(content):
    """The open-data tables: name -> (fields as (name, type), rows)."""
    statuses = content["statuses"] + ["no_data"]
    activities = [
        {"number": a["number"], "title": a["title"], "areas": "; ".join(a["areas"]), "schools": a["schools"]}
        | {f"status_{s}": a["counts"][s] for s in statuses}
        for a in content["activities"]
    ]
    indicator_fields = ("number", "name", "unit", "baseline", "latest", "latest_period", "target")
    budget = content["budget"]
    money = ("planned_amount", "planned_vat", "committed_amount", "committed_vat", "paid_amount", "paid_vat")
    budget_rows = [
        {"category": r["category"], **{m: r[m] for m in money}}
        | {f"paid_amount_{year}": r["paid_by_year"][year] for year in budget["years"]}
        for r in budget["rows"]
    ]
    net = content["networking"]
    networking = [
        {"school": row["school"], "period": period, **cell}
        for row in net["rows"]
        for period, cell in [*zip(net["periods"], row["cells"], strict=True), ("all", row["total"])]
    ] + [
        {"school": "all", "period": period, **cell}
        for period, cell in [*zip(net["periods"], net["total"]["cells"], strict=True), ("all", net["total"]["total"])]
    ]
    return {
        "activities": (
            [("number", "string"), ("title", "string"), ("areas", "string"), ("schools", "integer")]
            + [(f"status_{s}", "integer") for s in statuses],
            activities,
        ),
        "indicators": (
            [(name, "number" if name in ("baseline", "latest", "target") else "string") for name in indicator_fields],
            content["indicators"],
        ),
        "budget": (
            [("category", "string"), *[(m, "number") for m in money]]
            + [(f"paid_amount_{year}", "number") for year in budget["years"]],
            budget_rows,
        ),
        "networking": (
            [("school", "string"), ("period", "string"), ("events", "integer"), ("participants", "string")],
            networking,
        ),
    }


@require_safe
def resource_download(request, municipality, resource, fmt):
    publication, plan = _published_plan(municipality)
    tables = _tables(_content(publication, plan, "lt"))
    if resource not in tables or fmt not in ("csv", "json"):
        raise Http404
    fields, rows = tables[resource]
    if fmt == "json":
        return JsonResponse(rows, safe=False, json_dumps_params={"ensure_ascii": False, "indent": 1})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[name for name, _type in fields], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{municipality}-{resource}.csv"'
    return response


@require_safe
def datapackage(request, municipality):
    """The Frictionless Data Package describing the open-data files."""
    publication, plan = _published_plan(municipality)
    tables = _tables(_content(publication, plan, "lt"))
    title, path = LICENCES[publication.licence]
    package = {
        "name": f"tum-{municipality}",
        "title": f"{plan.municipality.name}: {plan.programme}",
        "licenses": [{"name": publication.licence, "title": title, "path": path}],
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [{"name": field, "type": kind} for field, kind in fields]},
            }
            for name, (fields, _rows) in tables.items()
        ],
    }
    return HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
