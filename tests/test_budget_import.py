"""Spending workbooks imported in the background: read and written in bulk, with progress, all or nothing,
exactly once even when the worker dies in the middle of writing."""

import datetime
import io
import os
import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from budget.models import Expenditure, ExpenditureImport
from budget.spreadsheet import COLUMNS, expenditure_import

from . import workers
from .test_budget import filled_template
from .workers import log_tail, pool_processes, start_beat, start_worker, stop, wait_for

celery_log = workers.celery_log


def rows(count, tag="SF"):
    """`count` good rows on the small plan's two lines, each its own supplier document."""
    return [
        ["1/G1" if i % 2 else "2.1/G2", datetime.date(2025, 2, 10), "10,00", "0,00", "ne", f"UAB Tiekėjas {i % 7}"]
        + [f"{tag}-{i}", "apmokėta", ""]
        for i in range(count)
    ]


def queries_to_import(plan, user, count, tag):
    content = filled_template(plan, rows(count, tag))
    with CaptureQueriesContext(connection) as queries:
        outcome = expenditure_import(user=user, plan=plan, content=content)
    assert outcome.ok and outcome.created == count
    return len(queries)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_rows(small, small_staff):
    assert queries_to_import(small, small_staff, 10, "A") == queries_to_import(small, small_staff, 400, "B")
    assert Expenditure.objects.count() == 410
    assert Expenditure.history.filter(history_type="+", history_user=small_staff).count() == 410


@pytest.mark.django_db
def test_an_entry_a_reimport_changes_has_its_history(small, small_staff):
    sheet = rows(3)
    expenditure_import(user=small_staff, plan=small, content=filled_template(small, sheet))
    sheet[1][7] = "sutartis pasirašyta"
    outcome = expenditure_import(user=small_staff, plan=small, content=filled_template(small, sheet))
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 2)
    changed = Expenditure.objects.get(document_number="SF-1")
    latest = changed.history.first()
    assert (latest.history_type, latest.history_user, latest.status, latest.version) == (
        "~",
        small_staff,
        "contracted",
        2,
    )
    assert changed.history.count() == 2 and Expenditure.history.count() == 4


@pytest.mark.django_db
def test_progress_is_told_as_the_import_goes(small, small_staff):
    told = []
    expenditure_import(user=small_staff, plan=small, content=filled_template(small, rows(1200)), progress=told.append)
    assert told == sorted(told) and told[0] == 20 and told[-1] == 100
    assert any(20 < percent < 60 for percent in told)  # while checking the rows, not only between the steps


@pytest.mark.django_db
def test_a_supplier_longer_than_the_field_is_a_row_error_not_a_crash(small, small_staff):
    bad = rows(1)[0][:5] + ["T" * 301] + rows(1)[0][6:]
    outcome = expenditure_import(user=small_staff, plan=small, content=filled_template(small, rows(2) + [bad]))
    assert outcome.errors == {4: ["Tiekėjas: ilgesnis nei 300 ženklų"]}
    assert not Expenditure.objects.exists()


def job_page(client, job):
    return client.get(reverse("budget:import_job", args=[job.plan.municipality.code, job.pk])).content.decode()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_an_import_runs_in_the_background_and_a_bad_one_returns_its_error_workbook(
    celery_worker_app, client, small, small_staff
):
    client.force_login(small_staff)
    url = reverse("budget:import", args=[small.municipality.code])
    response = client.post(url, {"file": SimpleUploadedFile("islaidos.xlsx", filled_template(small, rows(300)))})
    job = ExpenditureImport.objects.get()
    assert response["Location"] == reverse("budget:import_job", args=[small.municipality.code, job.pk])
    assert wait_for(lambda: ExpenditureImport.objects.get(pk=job.pk).state == "done", 60)
    assert "Importuota: nauji 300, pakeisti 0, nepakitę 0." in job_page(client, job)
    assert Expenditure.objects.count() == 300

    bad = rows(300, "KITA")
    bad[120][2] = "dešimt"
    client.post(url, {"file": SimpleUploadedFile("islaidos.xlsx", filled_template(small, bad))})
    job = ExpenditureImport.objects.latest("pk")
    assert wait_for(lambda: ExpenditureImport.objects.get(pk=job.pk).state == "refused", 60)
    page = job_page(client, job)
    assert "Failas neimportuotas: 1 eilutė su klaidomis." in page and "122 eilutė: Suma be PVM:" in page
    assert Expenditure.objects.count() == 300  # nothing of the bad file was written
    download = client.get(reverse("budget:import_errors", args=[small.municipality.code, job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)))["Išlaidos"]
    assert sheet.cell(row=122, column=len(COLUMNS) + 1).value == "Suma be PVM: „dešimt“ nėra skaičius"
    assert sheet.cell(row=121, column=len(COLUMNS) + 1).value is None


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_dies_while_writing_saves_nothing_half_and_completes_once(
    small, small_staff, settings, tmp_path, celery_log
):
    from budget.imports import expenditure_import_request

    worker = start_worker(settings, celery_log)
    beat = start_beat(settings, celery_log, tmp_path / "beat")
    try:
        upload = SimpleUploadedFile("islaidos.xlsx", filled_template(small, rows(3000)))
        job = expenditure_import_request(user=small_staff, plan=small, upload=upload)
        writing = ExpenditureImport.objects.filter(pk=job.pk, state="running", progress__gte=70)
        assert wait_for(writing.exists, 60), log_tail(tmp_path)
        for pid in pool_processes(worker):
            os.kill(pid, signal.SIGKILL)
        assert ExpenditureImport.objects.get(pk=job.pk).state == "running"  # killed mid-write
        assert Expenditure.objects.count() == 0  # its transaction died with it
        assert wait_for(lambda: ExpenditureImport.objects.get(pk=job.pk).state == "done", 60), log_tail(tmp_path)
    finally:
        stop(beat)
        stop(worker)
    job.refresh_from_db()
    assert (job.attempts, job.created, job.rows) == (2, 3000, 3000)
    assert Expenditure.objects.count() == Expenditure.history.count() == 3000
