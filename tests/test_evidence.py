"""Evidence files: type checked by content, size limited, names sanitised, served only to those allowed."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Evidence
from reporting import workflow

from .test_reporting import a_due_activity, save_progress

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode."


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(main=DOCX_MAIN, **parts):
    types = f'<Types><Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
    return zip_bytes({"[Content_Types].xml": types, "word/document.xml": "<w:document/>", **parts})


def ole_bytes(*stream_names):
    """The start of a legacy Office file (an OLE compound file) with directory entries of these names."""
    entries = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64 for name in stream_names)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + entries


@pytest.fixture
def progress(coordinator, period, g1):
    return save_progress(coordinator, period, g1, a_due_activity(period, g1))


def upload(client, progress, name, content):
    url = reverse(
        "reporting:evidence_upload",
        args=["kaunas", progress.period.code, progress.school.code, progress.activity.number],
    )
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("ataskaita.pdf", PDF, "application/pdf"),
        ("nuotrauka.png", PNG, "image/png"),
        ("protokolas.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (
            "su-diagrama.docx",
            docx_bytes(**{"word/embeddings/Microsoft_Excel_Worksheet.xlsx": zip_bytes({"xl/workbook.xml": "<w/>"})}),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("senas.doc", ole_bytes("Root Entry", "WordDocument", "1Table"), "application/x-ole-storage"),
    ],
)
def test_it_accepts_pdf_images_and_office_documents(client_for, coordinator, progress, name, content, content_type):
    response = upload(client_for(coordinator), progress, name, content)
    assert "Įrodymas pridėtas" in response.content.decode()
    evidence = Evidence.objects.get(progress=progress)
    assert (evidence.name, evidence.content_type, evidence.size) == (name, content_type, len(content))


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("virusas.pdf", b"MZ\x90\x00 not a pdf at all", "Netinkamas failo tipas"),
        ("scenarijus.exe", b"MZ\x90\x00", "Netinkamas failo tipas"),
        ("paveikslas.pdf", PNG, "Netinkamas failo tipas"),
        ("netikras.docx", b"PK\x03\x04garbage", "Netinkamas failo tipas"),
        ("tuscias.pdf", b"", "tuščias"),
    ],
)
def test_it_refuses_files_by_their_content(client_for, coordinator, progress, name, content, message):
    response = upload(client_for(coordinator), progress, name, content)
    assert message in response.content.decode()
    assert not Evidence.objects.filter(progress=progress).exists()


MACROS = "Dokumente yra makrokomandų (makrosų), todėl jo įkelti negalima."
EMBEDDED = "Dokumente įterpta programa ar kitas objektas"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("su-makrosu.docx", docx_bytes(**{"word/vbaProject.bin": b"\xd0\xcf\x11\xe0VBA"}), MACROS),
        ("pervadintas.docx", docx_bytes(main=DOCM_MAIN), MACROS),
        ("lentele.xlsx", zip_bytes({"[Content_Types].xml": "<Types/>", "xl/vbaProject.bin": b"VBA"}), MACROS),
        ("su-makrosu.odt", zip_bytes({"content.xml": "<office/>", "Basic/Standard/Module1.xml": "<m/>"}), MACROS),
        ("senas.doc", ole_bytes("Root Entry", "Macros", "VBA", "_VBA_PROJECT"), MACROS),
        ("senas.xls", ole_bytes("Root Entry", "Workbook", "_VBA_PROJECT_CUR"), MACROS),
        (
            "su-programa.docx",
            docx_bytes(**{"word/embeddings/setup.exe": PROGRAM}),
            f"{EMBEDDED} (word/embeddings/setup.exe)",
        ),
        ("paslepta.docx", docx_bytes(**{"word/media/image1.png": PROGRAM}), f"{EMBEDDED} (word/media/image1.png)"),
        ("ole.docx", docx_bytes(**{"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}), EMBEDDED),
        ("archyvas.docx", docx_bytes(**{"word/embeddings/pack.zip": zip_bytes({"setup.exe": PROGRAM})}), EMBEDDED),
        ("paketas.doc", ole_bytes("Root Entry", "WordDocument", "ObjectPool", "\x01Ole10Native"), EMBEDDED),
    ],
)
def test_it_refuses_office_documents_with_macros_or_embedded_programs(
    client_for, coordinator, progress, name, content, message
):
    response = upload(client_for(coordinator), progress, name, content)
    assert message in response.content.decode()
    assert not Evidence.objects.filter(progress=progress).exists()


def test_it_refuses_a_document_that_unpacks_into_far_more_than_it_weighs(client_for, coordinator, progress):
    bomb = docx_bytes(**{"word/media/filler.bin": b"0" * (210 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    response = upload(client_for(coordinator), progress, "bomba.docx", bomb)
    assert "Dokumento turinys per didelis arba neįprastas" in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_refuses_a_file_over_10_mb(client_for, coordinator, progress):
    response = upload(client_for(coordinator), progress, "didelis.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert "per didelis" in response.content.decode()
    assert not Evidence.objects.exists()


def test_file_names_are_sanitised(client_for, coordinator, progress):
    upload(client_for(coordinator), progress, "../../etc/<script>passwd.pdf", PDF)
    evidence = Evidence.objects.get()
    assert evidence.name == "_script_passwd.pdf"
    assert ".." not in evidence.file.name and evidence.file.name.startswith("evidence/kaunas/")


def test_evidence_is_served_only_to_those_allowed(
    client_for, coordinator, coordinator_g2, viewer, staff, foreign_staff, progress
):
    upload(client_for(coordinator), progress, "ataskaita.pdf", PDF)
    url = reverse("reporting:evidence", args=["kaunas", Evidence.objects.get().pk])
    response = client_for(coordinator).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(staff).get(url).status_code == 200
    assert client_for(coordinator_g2).get(url).status_code == 403
    assert client_for(viewer).get(url).status_code == 403  # a draft is not published
    assert client_for(foreign_staff).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_a_coordinator_of_another_school_cannot_delete_evidence(client_for, coordinator, coordinator_g2, progress):
    upload(client_for(coordinator), progress, "ataskaita.pdf", PDF)
    evidence = Evidence.objects.get()
    assert (
        client_for(coordinator_g2).post(reverse("reporting:evidence_delete", args=["kaunas", evidence.pk])).status_code
        == 403
    )
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_evidence_of_a_submitted_item_cannot_change(client_for, coordinator, progress):
    workflow.items_submit(user=coordinator, items=[progress])
    response = upload(client_for(coordinator), progress, "ataskaita.pdf", PDF)
    assert "pateiktas peržiūrai" in response.content.decode()
    assert not Evidence.objects.exists()
