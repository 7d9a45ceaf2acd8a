"""The PDF reports read back as a printer and an archive would: nothing past the printable area of A4,
a contents page whose page numbers are right, page X of Y, headers repeated, the chart legends;
PDF/A-3b, tagged, with metadata and the figures embedded; the NextGenerationEU emblem, the approval page."""

import datetime
import io
import json
import math
import re
from decimal import Decimal as D
from xml.etree import ElementTree

import pdfplumber
import pytest
from django.db.models import Sum
from pypdf import PdfReader

from budget.models import BudgetLine, Expenditure
from dashboards import charts
from demo.data import add_progress
from reports.content import build_content
from reports.emblem import eu_flag
from reports.render_pdf import render_pdf
from reports.services import report_request

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
MARGINS = {"top": 16 * MM, "right": 13 * MM, "bottom": 18 * MM, "left": 13 * MM}  # report.css @page
PRINTER_EDGE = 8 * MM  # what an office printer cannot print: the footer stays clear of it
A4 = (round(210 * MM), round(297 * MM))
TITLES = {
    "progress": "Pažangos ataskaita: 2025 m. IV ketvirtis",
    "budget": "Biudžeto ataskaita: 2025 m. IV ketvirtis",
}
_built = {}


@pytest.fixture
def progress(kaunas):
    add_progress(kaunas, seed=7)
    return kaunas


def kaunas_q4(plan, kind):
    """The Kaunas 2025-Q4 report as PDF bytes. The demo data of `progress` are the same in every test
    (same seed, same day), so each kind is made once for the module."""
    if kind not in _built:
        target = io.BytesIO()
        render_pdf(build_content(plan, kind, "2025-Q4", requested_by="Ona Onaitė"), target)
        _built[kind] = target.getvalue()
    return _built[kind]


def pages_of(data):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            {
                "number": page.page_number,
                "width": page.width,
                "height": page.height,
                "chars": [c for c in page.chars if c["text"].strip()],
                "words": page.extract_words(x_tolerance=1, extra_attrs=["size"]),
                "text": page.extract_text(),
            }
            for page in pdf.pages
        ]


def squeezed(chars):
    return "".join(c["text"] for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])))


@pytest.mark.parametrize("kind", ["progress", "budget"])
def test_every_character_is_inside_the_printable_area_of_its_page(progress, kind):
    pages = pages_of(kaunas_q4(progress, kind))
    total = len(pages)
    for page in pages:
        assert (round(min(page["width"], page["height"])), round(max(page["width"], page["height"]))) == A4
        left, right = MARGINS["left"], page["width"] - MARGINS["right"]
        top, bottom = MARGINS["top"], page["height"] - MARGINS["bottom"]
        body = [c for c in page["chars"] if c["top"] < bottom]
        outside = [c for c in body if c["x0"] < left or c["x1"] > right or c["top"] < top]
        assert not outside, (page["number"], squeezed(outside)[:80])
        footer = [c for c in page["chars"] if c["top"] >= bottom]
        assert all(
            PRINTER_EDGE <= c["x0"]
            and c["x1"] <= page["width"] - PRINTER_EDGE
            and c["bottom"] <= page["height"] - PRINTER_EDGE
            for c in footer
        ), page["number"]
        running_title = "" if page["number"] == 1 else TITLES[kind]
        expected = f"{running_title}Puslapis {page['number']} iš {total}".replace(" ", "")
        assert squeezed(footer) == expected


@pytest.mark.parametrize("kind", ["progress", "budget"])
def test_wide_tables_are_on_landscape_pages_and_nothing_runs_together(progress, kind):
    pages = pages_of(kaunas_q4(progress, kind))
    wide = {"progress": ["Rodiklis", "Pagal veiklas (6 skyriaus forma)"], "budget": ["Biudžeto eilutės"]}[kind]
    for marker in wide:
        on = [p for p in pages if marker in p["text"] and "Turinys" not in p["text"]]
        assert on and all(p["width"] > p["height"] for p in on), marker
    assert any(p["width"] < p["height"] for p in pages[2:])  # the other sections stay upright
    for page in pages:
        words = [w["text"] for w in page["words"]]
        # an amount that ran into the next column reads "7 767 886,97 €299 784,12 €"
        assert not [w for w in words if re.search(r"€\w", w)], page["number"]
        if "Vertinimas" in "".join(words):
            assert "Vertinimas" in words and "Eiga" in words, page["number"]


def contents(pages):
    """[(title, page number)] from the contents page."""
    page = pages[1]
    assert page["text"].startswith("Turinys")
    entries = []
    for line in page["text"].splitlines()[1:]:
        match = re.fullmatch(r"(.+?)[ .]*\.\s*(\d+)", line.strip())
        if match:
            entries.append((match[1].strip(), int(match[2])))
    return entries


def headings(page):
    """The section headings (12 pt) on a page, as text."""
    lines = {}
    for word in page["words"]:
        if abs(word["size"] - 12) < 0.2:
            lines.setdefault(round(word["top"]), []).append(word["text"])
    return [" ".join(words) for _top, words in sorted(lines.items())]


BUDGET_SECTIONS = [
    "Biudžeto vykdymas",
    "Dar nepatvirtinta",
    "Kas pasikeitė nuo ankstesnės ataskaitos",
    "Parengimas ir patvirtinimas",
]


@pytest.mark.parametrize(
    "kind, sections",
    [
        ("progress", ["Santrauka", "Rodikliai", "Veiklos", "Tinklaveika", *BUDGET_SECTIONS]),
        ("budget", BUDGET_SECTIONS),
    ],
)
def test_the_contents_page_gives_the_page_of_every_section(progress, kind, sections):
    pages = pages_of(kaunas_q4(progress, kind))
    entries = contents(pages)
    assert [title for title, _page in entries] == sections
    for title, number in entries:
        first = next(p["number"] for p in pages[2:] if title in headings(p))
        assert number == first, title
    assert TITLES[kind] in pages[0]["text"].splitlines()  # the cover


def test_an_activity_continued_on_the_next_page_repeats_its_title_and_column_headers(progress):
    pages = pages_of(kaunas_q4(progress, "progress"))
    entries = dict(contents(pages))
    first, after = entries["Veiklos"], entries["Tinklaveika"]
    assert after - first >= 5
    for page in pages[first : after - 1]:  # the pages after the first one of the section
        lines = page["text"].splitlines()
        assert re.match(r"\d+\. \S", lines[0]), (page["number"], lines[0])
        header = next(line for line in lines[1:5] if line.startswith("Mokykla"))
        assert header.split() == ["Mokykla", "Būsena", "%", "Kas", "padaryta", "(patvirtinta)"]


def test_the_budget_chart_has_a_legend_for_planned_and_paid():
    svg = charts.bar_chart(
        [("Infrastruktūra", "100.00")],
        second=[("Infrastruktūra", "40.00")],
        legend=("Planuota be PVM", "Apmokėta be PVM"),
    )
    texts = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    assert texts[:2] == ["Planuota be PVM", "Apmokėta be PVM"]
    rects = re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="(\d+)" fill="(#[0-9a-f]+)"', svg)
    swatches = [fill for width, height, fill in rects if (width, height) == ("12", "12")]
    bars = [fill for width, height, fill in rects if (width, height) != ("12", "12")]
    assert swatches == bars  # the legend's colours are the bars' colours: planned, then paid


def test_the_pdf_is_pdf_a_3b_tagged_with_its_metadata(progress):
    reader = PdfReader(io.BytesIO(kaunas_q4(progress, "progress")))
    catalog = reader.trailer["/Root"]
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert catalog["/MarkInfo"]["/Marked"].value is True and "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "lt"
    assert catalog["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    info = reader.metadata
    assert info.title == "Pažangos ataskaita: 2025 m. IV ketvirtis" and info.author == "Kauno miesto savivaldybė"
    assert info.subject == (
        "Tūkstantmečio mokyklos · Kauno miesto savivaldybės švietimo pažangos planas · "
        "2025 m. IV ketvirtis (2025-10-01 – 2025-12-31)"
    )
    assert "NextGenerationEU" in info["/Keywords"] and "Pažangos ataskaita" in info["/Keywords"]
    assert "<dc:creator><rdf:Seq><rdf:li>Kauno miesto savivaldybė</rdf:li>" in xmp


def test_the_figures_are_embedded_and_equal_the_database(staff, progress, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(user=staff, plan=progress, kind="budget", period="2025-Q4", fmt="pdf")
    report.refresh_from_db()
    assert report.state == "done", report.error
    reader = PdfReader(io.BytesIO(report.file.read()))
    assert list(reader.attachments) == ["ataskaitos-duomenys.json"]
    data = json.loads(reader.attachments["ataskaitos-duomenys.json"][0])
    assert data["figures"] == report.figures and data["checksum"] == report.data_checksum
    filespec = reader.trailer["/Root"]["/AF"][0].get_object()
    assert filespec["/AFRelationship"] == "/Data"
    paid = Expenditure.objects.filter(
        budget_line__activity__plan=progress, state="approved", status="paid", date__lte=datetime.date(2025, 12, 31)
    )
    cumulative = paid.aggregate(amount=Sum("amount"), vat=Sum("vat"))
    in_q4 = paid.filter(date__gte=datetime.date(2025, 10, 1)).aggregate(amount=Sum("amount"))
    assert D(data["figures"]["spending"]["paid_amount"]) == cumulative["amount"]
    assert D(data["figures"]["spending"]["paid_vat"]) == cumulative["vat"]
    assert D(data["budget"]["total"]["period"]["paid_amount"]) == in_q4["amount"]
    lines = BudgetLine.objects.filter(activity__plan=progress)
    assert len(data["budget"]["lines"]) == lines.count()
    assert sum(D(line["planned_amount"]) for line in data["budget"]["lines"]) == lines.aggregate(s=Sum("amount"))["s"]


def test_the_eu_flag_follows_the_official_geometric_description():
    svg = ElementTree.fromstring(str(eu_flag("Europos Sąjungos vėliava")))
    ns = "{http://www.w3.org/2000/svg}"
    _x, _y, width, height = (float(v) for v in svg.get("viewBox").split())
    assert width / height == 1.5
    background = svg.find(f"{ns}rect")
    assert (float(background.get("width")), float(background.get("height"))) == (width, height)
    assert background.get("fill").upper() == "#003399"  # reflex blue
    stars = svg.findall(f"{ns}polygon")
    assert len(stars) == 12 and {s.get("fill").upper() for s in stars} == {"#FFCC00"}
    middle = (width / 2, height / 2)  # where the diagonals cross
    hours = []
    for star in stars:
        corners = [tuple(float(v) for v in pair.split(",")) for pair in star.get("points").split()]
        assert len(corners) == 10
        cx, cy = (sum(x for x, _ in corners[::2]) / 5, sum(y for _, y in corners[::2]) / 5)  # the five points
        assert math.dist((cx, cy), middle) == pytest.approx(height / 3, abs=0.01)
        for x, y in corners[::2]:
            assert math.dist((x, y), (cx, cy)) == pytest.approx(height / 18, abs=0.01)
        top = min(corners, key=lambda c: c[1])
        assert top[0] == pytest.approx(cx, abs=0.01)  # upright: one point straight up
        hour = math.degrees(math.atan2(cx - middle[0], middle[1] - cy)) / 30  # clockwise from twelve o'clock
        assert hour == pytest.approx(round(hour), abs=0.001)
        hours.append(round(hour) % 12)
    assert sorted(hours) == list(range(12))  # one star at each hour of a clock face


def test_the_cover_carries_the_nextgenerationeu_emblem(progress):
    with pdfplumber.open(io.BytesIO(kaunas_q4(progress, "budget"))) as pdf:
        cover = pdf.pages[0]
        blue = [r for r in cover.rects if r["non_stroking_color"] == (0, 0.2, 0.6)]
        assert len(blue) == 1 and blue[0]["width"] / blue[0]["height"] == pytest.approx(1.5, abs=0.01)
        stars = [c for c in cover.curves if c["non_stroking_color"] == (1, 0.8, 0)]
        assert len(stars) == 12
        assert all(blue[0]["x0"] < s["x0"] and s["x1"] < blue[0]["x1"] for s in stars)
        statement = re.sub(r"\s+", " ", cover.extract_text())
    assert "Finansuojama Europos Sąjungos – NextGenerationEU" in statement


def test_the_last_page_is_for_approval(progress):
    with pdfplumber.open(io.BytesIO(kaunas_q4(progress, "budget"))) as pdf:
        approval = pdf.pages[-1].extract_text().splitlines()
    assert approval[:2] == ["Parengimas ir patvirtinimas", "Parengė"]
    assert "Institucija Kauno miesto savivaldybė" in approval and "Ataskaitą užsakė Ona Onaitė" in approval
    approved = approval[approval.index("Patvirtino") + 1 :]
    assert [line for line in approved if not line.startswith("Biudžeto ataskaita")] == [
        "Vardas, pavardė",
        "Pareigos",
        "Data",
        "Parašas",
    ]


def self_signed(tmp_path, password):
    """A certificate and key of our own, as the PKCS#12 file an operator would configure."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Kauno miesto savivaldybė, TŪM ataskaitos"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "LT"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True
        )  # digital signature, non-repudiation, certificate signing
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "reports.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"reports", key, certificate, None, serialization.BestAvailableEncryption(password.encode())
        )
    )
    return path, certificate.public_bytes(serialization.Encoding.DER)


def validate(data, trusted_der):
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signatures = PdfFileReader(io.BytesIO(data)).embedded_signatures
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(trusted_der)])
    return [validate_pdf_signature(signature, context) for signature in signatures]


def test_a_configured_certificate_signs_the_pdf_and_the_signature_validates(
    staff, progress, settings, tmp_path, django_capture_on_commit_callbacks
):
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    path, certificate = self_signed(tmp_path, "Slaptas-2026")
    settings.REPORT_SIGNING_PKCS12, settings.REPORT_SIGNING_PASSWORD = str(path), "Slaptas-2026"
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(user=staff, plan=progress, kind="budget", period="2025-Q4", fmt="pdf")
    report.refresh_from_db()
    assert report.state == "done", report.error
    data = report.file.read()
    [status] = validate(data, certificate)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == "Kauno miesto savivaldybė, TŪM ataskaitos"
    signature = PdfReader(io.BytesIO(data)).trailer["/Root"]["/AcroForm"]["/Fields"][0].get_object()["/V"]
    assert signature["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert signature["/Reason"] == "Biudžeto ataskaita: 2025 m. IV ketvirtis"
    catalog = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert 'pdfaid:part="3"' in catalog["/Metadata"].get_object().get_data().decode()  # still PDF/A after signing
    assert catalog["/MarkInfo"]["/Marked"].value is True

    stream = data.index(b"stream\n", len(data) // 3) + 50  # one byte of a page's content changed
    tampered = data[:stream] + bytes([data[stream] ^ 0xFF]) + data[stream + 1 :]
    [status] = validate(tampered, certificate)
    assert not status.intact


def test_without_a_certificate_the_pdf_is_not_signed(progress, settings):
    from pyhanko.pdf_utils.reader import PdfFileReader

    assert settings.REPORT_SIGNING_PKCS12 == ""
    data = kaunas_q4(progress, "budget")
    assert PdfFileReader(io.BytesIO(data)).embedded_signatures == []
    assert "/AcroForm" not in PdfReader(io.BytesIO(data)).trailer["/Root"]


def test_a_certificate_that_cannot_be_read_fails_the_report_with_the_reason(
    staff, progress, settings, tmp_path, django_capture_on_commit_callbacks
):
    path, _certificate = self_signed(tmp_path, "Slaptas-2026")
    settings.REPORT_SIGNING_PKCS12, settings.REPORT_SIGNING_PASSWORD = str(path), "neteisingas"
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(user=staff, plan=progress, kind="budget", period="2025-Q4", fmt="pdf")
    report.refresh_from_db()
    assert report.state == "failed" and not report.file
    assert "PKCS#12" in report.error
