"""PDF reports with WeasyPrint: A4 (landscape where a table needs the width), a contents page, page X of Y,
table headers repeated on each page, the dashboards' SVG charts.

The file is an archival document: PDF/A-3b, tagged for screen readers, with its title, author (the
municipality), subject, keywords and language, and the report's figures embedded as JSON; signed (PAdES)
when the operator configures a certificate (reports.signing)."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import HTML, Attachment
from weasyprint.urls import URLFetcher, URLFetcherResponse

from dashboards import charts
from reports.emblem import eu_flag
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
from reports.signing import sign_pdf

CSS = Path(settings.BASE_DIR) / "static" / "css" / "report.css"
PDF_VARIANT = "pdf/a-3b"
DATA_FILE = "ataskaitos-duomenys.json"


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
        legend=(_("Planuota be PVM"), _("Apmokėta be PVM")),
    )
    if content.get("networking") and content["networking"]["events"]:
        by_month = {}
        for event in content["networking"]["events"]:
            by_month[event["date"][:7]] = by_month.get(event["date"][:7], 0) + 1
        result["events"] = charts.column_chart(
            list(by_month.items()), title=_("Tinklaveikos renginiai pagal mėnesį"), width=700
        )
    return result


class Images(URLFetcher):
    """The report's charts and emblem, served from memory as `image:<name>`: they stay out of the HTML, which
    WeasyPrint then parses and styles much faster, and each is an image with its alternative text for
    screen readers. Nothing else is fetched, so a report never reaches outside."""

    def __init__(self):
        super().__init__(allowed_protocols=("image",))
        self.svgs = {}

    def add(self, name, svg):
        self.svgs[f"image:{name}"] = str(svg)
        return f"image:{name}"

    def fetch(self, url, headers=None):
        if url not in self.svgs:
            raise ValueError(f"No image {url}")
        return URLFetcherResponse(url, body=self.svgs[url].encode(), headers={"Content-Type": "image/svg+xml"})


def sections(content):
    """The report's sections in order, as the contents page lists them: [{"id", "title"}]."""
    present = [
        ("summary", _("Santrauka"), content.get("summary")),
        ("indicators", _("Rodikliai"), content.get("indicators")),
        ("activities", _("Veiklos"), content.get("activities")),
        ("networking", _("Tinklaveika"), content.get("networking")),
        ("budget", _("Biudžeto vykdymas"), True),
        ("pending", _("Dar nepatvirtinta"), True),
        ("changes", _("Kas pasikeitė nuo ankstesnės ataskaitos"), True),
        ("approval", _("Parengimas ir patvirtinimas"), True),
    ]
    return [{"id": key, "title": title} for key, title, shown in present if shown]


def css_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_footer():
    """'Puslapis 3 iš 30' as CSS content, in the report's language."""
    words = _("Puslapis %(page)s iš %(pages)s") % {"page": "\0page\0", "pages": "\0pages\0"}
    parts = words.split("\0")
    return " ".join(f"counter({part})" if i % 2 else css_string(part) for i, part in enumerate(parts) if part)


def render_pdf(content, target):
    """Write the report to `target` (a path or a binary file)."""
    activities = [
        {**a, "without_text": [s for s in a["schools"] if not s["text"]]} for a in content.get("activities", [])
    ]
    images = Images()
    indicators = [
        {
            **row,
            "trend": images.add(
                f"trend-{row['number']}",
                charts.line_chart(row["series"], target=row["target"], baseline=row["baseline"], width=300, height=66),
            ),
        }
        for row in content.get("indicators", [])
    ]
    parts = sections(content)
    html = render_to_string(
        "reports/pdf/report.html",
        {
            "c": {**content, "activities": activities},
            "title": report_title(content),
            "subject": subject(content),
            "keywords": ", ".join(keywords(content)),
            "indicators": indicators,
            "charts": {name: images.add(name, svg) for name, svg in _charts(content).items()},
            "sections": parts,
            "headings": {part["id"]: part["title"] for part in parts},
            "page_footer": page_footer(),
            "statuses": status_labels(),
            "spending_names": spending_names(),
            "pending": pending_rows(content),
            "pending_items": pending_items(content),
            "money_notes": {a["number"]: activity_money_note(content, a) for a in content["budget"]["activities"]},
            "no_previous": no_previous_text(content),
            "previous": previous_text(content) if content.get("previous") else "",
            "css": CSS.read_text(encoding="utf-8"),
            "as_of": local_time(content["data_as_of"]),
            "prepared_on": content["generated_at"][:10],
            "eu_flag": images.add("eu-flag", eu_flag(_("Europos Sąjungos vėliava"))),
        },
    )
    data = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=images).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True, attachments=[data_attachment(content)]
    )
    data = sign_pdf(data, reason=report_title(content), location=content["municipality"])
    if hasattr(target, "write"):
        target.write(data)
    else:
        Path(target).write_bytes(data)


def subject(content):
    school = f" · {content['school']['code']} {content['school']['name']}" if content["school"] else ""
    return (
        f"{content['programme']} · {content['plan_title']}{school} · {content['period_label']} "
        f"({content['start']} – {content['end']})"
    )


def keywords(content):
    words = [content["programme"], report_title(content).split(":")[0], content["period_label"]]
    return [*words, content["municipality"], "NextGenerationEU"]


def data_attachment(content):
    """The report's content (every figure it prints, money as exact decimal strings) as a JSON file inside the PDF."""
    data = json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True).encode()
    made = datetime.datetime.fromisoformat(content["generated_at"]).astimezone(datetime.UTC)  # written with a Z
    return Attachment(
        string=data,
        name=DATA_FILE,
        description=_("Ataskaitos duomenys (JSON)"),
        created=made,
        modified=made,
        relationship="Data",
    )
