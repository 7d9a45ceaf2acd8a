"""PDF reports with WeasyPrint: A4, page numbers, table headers repeated on each page, the dashboards' SVG charts."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML

from dashboards import charts
from reports.labels import (
    activity_money_note,
    local_time,
    no_previous_text,
    pending_items,
    pending_rows,
    previous_text,
    report_title,
    spending_names,
    status_labels,
)

CSS = Path(settings.BASE_DIR) / "static" / "css" / "report.css"


def _charts(content):
    result = {}
    if content.get("status_by_area"):
        result["status"] = charts.stacked_bars(
            [(row["area"], row["counts"]) for row in content["status_by_area"]],
            title=_("Veiklų būsenos pagal sritį"),
            labels=status_labels(),
        )
    categories = content["budget"]["categories"]
    result["budget"] = charts.bar_chart(
        [(c["label"], c["planned_amount"]) for c in categories],
        second=[(c["label"], c["paid_amount"]) for c in categories],
        title=_("Planuota ir apmokėta be PVM pagal kategoriją"),
        unit=" €",
        width=700,
    )
    if content.get("networking") and content["networking"]["events"]:
        by_month = {}
        for event in content["networking"]["events"]:
            by_month[event["date"][:7]] = by_month.get(event["date"][:7], 0) + 1
        result["events"] = charts.column_chart(
            list(by_month.items()), title=_("Tinklaveikos renginiai pagal mėnesį"), width=700
        )
    return result


def render_pdf(content, target):
    """Write the report to `target` (a path or a binary file)."""
    activities = [
        {**a, "without_text": [s for s in a["schools"] if not s["text"]]} for a in content.get("activities", [])
    ]
    indicators = [
        {
            **row,
            "trend": charts.line_chart(
                row["series"], target=row["target"], baseline=row["baseline"], width=240, height=80
            ),
        }
        for row in content.get("indicators", [])
    ]
    html = render_to_string(
        "reports/pdf/report.html",
        {
            "c": {**content, "activities": activities},
            "title": report_title(content),
            "indicators": indicators,
            "charts": _charts(content),
            "statuses": status_labels(),
            "spending_names": spending_names(),
            "pending": pending_rows(content),
            "pending_items": pending_items(content),
            "money_notes": {a["number"]: activity_money_note(content, a) for a in content["budget"]["activities"]},
            "no_previous": no_previous_text(content),
            "previous": previous_text(content) if content.get("previous") else "",
            "css": CSS.read_text(encoding="utf-8"),
            "as_of": local_time(content["data_as_of"]),
        },
    )
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(target)
