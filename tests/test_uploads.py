"""Request size limits: an oversized upload is refused without being stored, with the page's own message.

`StoredBytes` stands where Django's storing handlers stand (right after the portal's size limit), and
counts what reaches them: what it never sees, Django never writes to memory or to a temporary file.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse

from activities.models import Evidence
from budget.models import ExpenditureImport

from .conftest import save_progress

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
PDF = b"%PDF-1.4\n"
received = {"files": 0, "bytes": 0}


class StoredBytes(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        received["files"] += 1

    def receive_data_chunk(self, raw_data, start):
        received["bytes"] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture(autouse=True)
def probe(settings):
    settings.FILE_UPLOAD_HANDLERS = [
        "core.uploads.SizeLimitUploadHandler",
        "tests.test_uploads.StoredBytes",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    received.update(files=0, bytes=0)
    return received


@pytest.fixture
def evidence_url(coordinator, period, g1):
    progress = save_progress(coordinator, period, g1)
    return reverse("reporting:evidence_upload", args=["kaunas", period.code, "G1", progress.activity.number])


def post_file(client, url, size):
    return client.post(url, {"file": SimpleUploadedFile("ataskaita.pdf", PDF + b"0" * (size - len(PDF)))}, follow=True)


def test_a_file_within_the_limit_is_stored_whole(client_for, coordinator, evidence_url):
    response = post_file(client_for(coordinator), evidence_url, 3 * MB)
    assert "Įrodymas pridėtas" in response.content.decode()
    assert received == {"files": 1, "bytes": 3 * MB}
    assert Evidence.objects.get().size == 3 * MB


def test_an_oversized_upload_is_refused_before_any_of_it_is_stored(client_for, coordinator, evidence_url):
    response = post_file(client_for(coordinator), evidence_url, 40 * MB)
    assert "Failas per didelis: daugiausia 10 MB." in response.content.decode()
    assert received == {"files": 0, "bytes": 0}
    assert not Evidence.objects.exists()


def test_a_file_just_over_the_limit_is_stored_no_further_than_the_limit(client_for, coordinator, evidence_url):
    response = post_file(client_for(coordinator), evidence_url, 10 * MB + 1)
    assert "Failas per didelis: daugiausia 10 MB." in response.content.decode()
    assert received["bytes"] <= 10 * MB
    assert not Evidence.objects.exists()


def test_an_oversized_workbook_is_refused_with_the_import_pages_message(client_for, staff):
    response = client_for(staff).post(
        reverse("budget:import", args=["kaunas"]), {"file": SimpleUploadedFile("islaidos.xlsx", b"PK" * (15 * MB))}
    )
    assert "Failas per didelis (daugiausia 5 MB)." in response.content.decode()
    assert received["bytes"] == 0 and not ExpenditureImport.objects.exists()
