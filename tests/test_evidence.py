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


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


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
