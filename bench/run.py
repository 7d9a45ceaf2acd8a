"""The benchmark behind `make bench`: builds the data at Kaunas and at national scale in PostgreSQL,
measures pages, recompute, load and reports, and writes bench/results.md.

Run it through `make bench` (it needs the local PostgreSQL and Redis). The database is
`tum_portal_bench` (BENCH_DATABASE_URL to change it); it is kept between runs, so a second run
only measures.
"""

import datetime
import gc
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tum_portal_bench")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "tum_portal.settings.bench"
MUNICIPALITIES = int(os.environ.get("BENCH_MUNICIPALITIES", "60"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "100"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "20"))
LOAD_CONCURRENCY = int(os.environ.get("BENCH_LOAD_CONCURRENCY", "8"))
PORT = 8765


def ensure_database():
    import psycopg2

    parts = urlparse(DATABASE_URL)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        if os.environ.get("BENCH_FRESH") == "1":
            cursor.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}"')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [parts.path.lstrip("/")])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{parts.path.lstrip("/")}"')
    connection.close()


ensure_database()

import django  # noqa: E402

django.setup()

from allauth.mfa.totp.internal.auth import TOTP  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from activities.models import ActivityProgress  # noqa: E402
from api.services import publication_set  # noqa: E402
from api.tokens import token_create  # noqa: E402
from dashboards.services import snapshots_recompute  # noqa: E402
from demo.data import add_progress  # noqa: E402
from plans.models import Plan  # noqa: E402
from reporting import workflow  # noqa: E402
from reporting.models import ReviewState  # noqa: E402
from reporting.periods import current_period  # noqa: E402
from schools.models import School  # noqa: E402
from core.db import refresh_statistics  # noqa: E402


def log(message):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def prepare_kaunas():
    call_command("migrate", verbosity=0)
    call_command("import_plan", str(ROOT / "fixtures" / "kaunas" / "plan.yaml"), verbosity=0)
    plan = Plan.objects.get(municipality__code="kaunas")
    if not ActivityProgress.objects.filter(activity__plan=plan).exists():
        add_progress(plan, seed=1)
    snapshots_recompute(plan=plan)
    refresh_statistics()
    municipality = plan.municipality
    staff, created = User.objects.get_or_create(
        email="bench-staff@kaunas.example", defaults={"role": User.Role.STAFF, "municipality": municipality}
    )
    if created:
        TOTP.activate(staff, "JBSWY3DPEHPK3PXPBENCHBENCHBENCH2")
    coordinator, created = User.objects.get_or_create(
        email="bench-g1@kaunas.example", defaults={"role": User.Role.COORDINATOR, "municipality": municipality}
    )
    if created:
        coordinator.schools.set([School.objects.get(municipality=municipality, code="G1")])
    return plan, staff, coordinator


def page_specs(plan):
    period = current_period(plan)
    return [
        ("bare Django view (floor)", "/bench/floor/", "staff"),
        ("municipal dashboard", "/kaunas/dashboard/", "staff"),
        ("school dashboard", "/kaunas/dashboard/G1/", "staff"),
        ("activities table", "/kaunas/activities/", "staff"),
        ("review queue", "/kaunas/review/", "staff"),
        ("budget table", "/kaunas/budget/?by=line", "staff"),
        ("coordinator's period page", f"/kaunas/reporting/{period.code}/G1/", "coordinator"),
        ("API activities list (100 a page)", "/api/v1/municipalities/kaunas/activities/", "api"),
        ("public progress page", "/public/kaunas/", "anonymous"),
    ]


def measure_pages(plan, users):
    results = []
    clients = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        clients[role] = client
    clients["anonymous"] = Client()
    _token, secret = token_create(user=users["staff"], name="bench", municipalities=[plan.municipality])
    clients["api"] = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    publication_set(user=users["staff"], municipality=plan.municipality, published=True)
    for name, url, role in page_specs(plan):
        client = clients[role]
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        gc.freeze()  # as tum_portal/wsgi.py does once the application is loaded
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries)  # read now: the captured list is a view on a log later requests clear
        times = []
        for _ in range(SAMPLES):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        times.sort()
        results.append(
            {
                "page": name,
                "url": url,
                "queries": query_count,
                "p50": statistics.median(times),
                "p95": times[int(len(times) * 0.95) - 1],
            }
        )
    return results


def build_national():
    existing = Plan.objects.filter(municipality__code__startswith="demo-").count()
    if existing < MUNICIPALITIES:
        log(f"generating {MUNICIPALITIES - existing} municipalities (this takes a few minutes)")
        call_command("generate_demo_data", municipalities=MUNICIPALITIES, seed=1, verbosity=0)


def measure_recompute(plan, staff, coordinator):
    started = time.perf_counter()
    for each in Plan.objects.all():
        snapshots_recompute(plan=each)
    full = time.perf_counter() - started
    item = (
        ActivityProgress.objects.filter(activity__plan=plan, state=ReviewState.SUBMITTED)
        .select_related("school", "period")
        .first()
    )
    workflow.items_approve(user=staff, items=[item])
    started = time.perf_counter()
    snapshots_recompute(plan=plan, school_ids=[item.school_id])
    incremental = time.perf_counter() - started
    return full, incremental, Plan.objects.count()


def run_child(args):
    """Wall time and output of a child process (it reports its own peak memory: see make_report)."""
    started = time.perf_counter()
    finished = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=os.environ.copy())
    if finished.returncode != 0:
        raise RuntimeError(finished.stdout + finished.stderr)
    return time.perf_counter() - started, finished.stdout.strip()


def measure_reports():
    manage = [sys.executable, "manage.py", "make_report"]
    jobs = [
        (
            "Kaunas progress report, PDF (2025-Q4)",
            ["progress", "--municipality", "kaunas", "--period", "2025-Q4", "--format", "pdf"],
            5,
            300,
        ),
        (
            "Kaunas progress report, xlsx (2025-Q4)",
            ["progress", "--municipality", "kaunas", "--period", "2025-Q4", "--format", "xlsx"],
            None,
            None,
        ),
        (
            "Kaunas progress report, PDF (whole programme)",
            ["progress", "--municipality", "kaunas", "--period", "all", "--format", "pdf"],
            None,
            None,
        ),
        ("national budget xlsx", ["budget", "--municipality", "all", "--period", "all", "--format", "xlsx"], 15, 300),
        (
            "national summary PDF (2025-Q4)",
            ["progress", "--municipality", "all", "--period", "2025-Q4", "--format", "pdf"],
            None,
            None,
        ),
        (
            "national summary xlsx (2025-Q4)",
            ["progress", "--municipality", "all", "--period", "2025-Q4", "--format", "xlsx"],
            None,
            None,
        ),
    ]
    results = []
    for name, args, time_target, memory_target in jobs:
        output = ROOT / "bench" / "data" / f"{name.split(',')[0].replace(' ', '-')}.{args[-1]}"
        output.parent.mkdir(exist_ok=True)
        wall, out = run_child(manage + args + ["--output", str(output)])
        # A Celery worker is already running when it builds a report, so the target applies to the
        # build itself (as the command reports it); the process wall time adds Django's start-up.
        seconds = float(re.search(r"\(([0-9.]+) s,", out).group(1))
        peak = float(re.search(r"peak memory[a-z ]* ([0-9.]+) MiB", out).group(1))
        results.append(
            {
                "name": name,
                "seconds": seconds,
                "wall": wall,
                "peak": peak,
                "time_target": time_target,
                "memory_target": memory_target,
            }
        )
    return results


def measure_import(plan, staff, rows=20000):
    """The spending import job on a 20 000-row workbook (the most a file may hold), good and with one bad row;
    each in a transaction rolled back afterwards, so the benchmark's data stays as it was."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from openpyxl import load_workbook

    from budget.imports import expenditure_import_request, expenditure_import_run
    from budget.models import BudgetLine
    from budget.spreadsheet import DATA_SHEET, expenditure_template, line_code

    codes = [
        line_code(line) for line in BudgetLine.objects.filter(activity__plan=plan).select_related("activity", "school")
    ]
    results = []
    for name, bad_row in (("good", None), ("one bad row: refused, error workbook", rows // 2)):
        workbook = load_workbook(io.BytesIO(expenditure_template(plan)))
        sheet = workbook[DATA_SHEET]
        for i in range(rows):
            day = datetime.date(2025, 1 + i % 12, 1 + i % 28)
            row = [codes[i % len(codes)], day, 100 + i % 50, 0, "ne", f"UAB Tiekėjas {i % 300}", f"BENCH-{i}"]
            sheet.append([*row, "apmokėta", ""])
        if bad_row:
            sheet.cell(row=bad_row, column=3, value="šimtas")
        buffer = io.BytesIO()
        workbook.save(buffer)
        with transaction.atomic():
            job = expenditure_import_request(
                user=staff, plan=plan, upload=SimpleUploadedFile("bench.xlsx", buffer.getvalue())
            )
            started = time.perf_counter()
            job = expenditure_import_run(job.pk)
            seconds = time.perf_counter() - started
            assert job.state == ("refused" if bad_row else "done"), job.error
            for stored in (job.file, job.error_file):
                if stored:
                    stored.delete(save=False)
            transaction.set_rollback(True)
        results.append({"name": name, "rows": rows, "seconds": seconds})
    return results


def start_gunicorn(threads=1):
    """gunicorn with 2 workers on loopback, as the benchmark's load runs against; returns once it answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.wsgi:application", "--workers", "2", "--threads", str(threads)]
        + ["--bind", f"127.0.0.1:{PORT}", "--access-logfile", "/dev/null", "--error-logfile", "-"]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            probe = HTTPConnection("127.0.0.1", PORT, timeout=2)
            probe.request("GET", "/bench/floor/")
            probe.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def load_test(staff):
    """Requests per second for the municipal dashboard with gunicorn (2 workers) on loopback."""
    client = Client()
    client.force_login(staff)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    server = start_gunicorn()
    try:
        counts = {"ok": 0, "errors": 0}
        latencies = []
        lock = threading.Lock()
        stop_at = time.monotonic() + LOAD_SECONDS

        def worker():
            connection_ = HTTPConnection("127.0.0.1", PORT, timeout=10)
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                try:
                    connection_.request("GET", "/kaunas/dashboard/", headers={"Cookie": cookie})
                    response = connection_.getresponse()
                    response.read()
                    ok = response.status == 200
                except OSError:
                    ok = False
                    connection_ = HTTPConnection("127.0.0.1", PORT, timeout=10)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    counts["ok" if ok else "errors"] += 1
                    latencies.append(elapsed)

        threads = [threading.Thread(target=worker) for _ in range(LOAD_CONCURRENCY)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        duration = time.monotonic() - started
        latencies.sort()
        return {
            "rps": counts["ok"] / duration,
            "errors": counts["errors"],
            "requests": counts["ok"] + counts["errors"],
            "p50": statistics.median(latencies),
            "p95": latencies[int(len(latencies) * 0.95) - 1],
            "seconds": duration,
            "concurrency": LOAD_CONCURRENCY,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0"
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": f"{int(memory) / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "postgres": pg,
        "django": django.get_version(),
    }


def mark(value, target, lower_is_better=True):
    if target is None:
        return ""
    good = value <= target if lower_is_better else value >= target
    return "✅" if good else "❌"


def write_results(info, kaunas_pages, national_pages, recompute, reports, imports, load, counts):
    full, incremental, plans = recompute
    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.datetime.now():%Y-%m-%d %H:%M} by `make bench` on: {info['cpu']}, {info['cores']} cores, "
        f"{info['memory']} RAM; Python {info['python']}, Django {info['django']}, PostgreSQL {info['postgres']}.",
        "",
        f"Data: Kaunas scale = the Kaunas plan with sample progress; national scale = Kaunas plus {plans - 1} synthetic "
        f"municipalities ({counts['schools']} schools, {counts['activities']} activities, {counts['progress']} progress items, "
        f"{counts['values']} indicator values, {counts['events']} networking events, {counts['expenditures']} expenditures).",
        "",
        "## Pages (server time in-process, logged-in user, after warm-up; SQL queries per request)",
        "",
        "| page | queries (Kaunas) | queries (national) | p50 ms (Kaunas) | p95 ms (Kaunas) | p50 ms (national) | p95 ms (national) | target p95 ≤ 100 ms, queries equal and ≤ 20 |",
        "|---|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for small, large in zip(kaunas_pages, national_pages, strict=True):
        ok = large["p95"] <= 100 and small["queries"] == large["queries"] <= 20
        lines.append(
            f"| {small['page']} | {small['queries']} | {large['queries']} | {small['p50']:.1f} | {small['p95']:.1f} | "
            f"{large['p50']:.1f} | {large['p95']:.1f} | {'✅' if ok else '❌'} |"
        )
    lines += [
        "",
        "## Load: municipal dashboard under gunicorn (2 workers), local load generator on loopback",
        "",
        "| concurrency | duration s | requests | errors | requests/s | p50 ms | p95 ms | target ≥ 100 req/s, 0 errors |",
        "|---:|---:|---:|---:|---:|---:|---:|:---:|",
        f"| {load['concurrency']} | {load['seconds']:.0f} | {load['requests']} | {load['errors']} | {load['rps']:.0f} | "
        f"{load['p50']:.1f} | {load['p95']:.1f} | {'✅' if load['rps'] >= 100 and load['errors'] == 0 else '❌'} |",
        "",
        "The load generator runs on the same 2 cores as gunicorn and PostgreSQL, so the figure is a floor.",
        "",
        "## Dashboard recompute",
        "",
        "| what | seconds | target |",
        "|---|---:|:---:|",
        f"| full recompute of every snapshot, {plans} municipalities | {full:.2f} | ≤ 60 {mark(full, 60)} |",
        f"| incremental recompute after one approval (municipality + the school) | {incremental:.2f} | ≤ 1 {mark(incremental, 1)} |",
        "",
        "## Reports (separate process each: build time, process wall time incl. start-up, peak memory)",
        "",
        "| report | build s | wall s | peak MiB | target |",
        "|---|---:|---:|---:|:---:|",
    ]
    for report in reports:
        target = ""
        if report["time_target"]:
            ok = report["seconds"] <= report["time_target"] and report["peak"] <= report["memory_target"]
            target = f"≤ {report['time_target']} s, ≤ {report['memory_target']} MB {'✅' if ok else '❌'}"
        lines.append(
            f"| {report['name']} | {report['seconds']:.2f} | {report['wall']:.2f} | {report['peak']:.0f} | {target} |"
        )
    lines += [
        "",
        "## Spending import (the background job in-process, Kaunas plan, 20 000 rows)",
        "",
        "| workbook | rows | seconds | rows/s | target |",
        "|---|---:|---:|---:|:---:|",
    ]
    for run in imports:
        lines.append(
            f"| {run['name']} | {run['rows']} | {run['seconds']:.1f} | {run['rows'] / run['seconds']:.0f} | "
            f"≤ 60 s {mark(run['seconds'], 60)} |"
        )
    lines += [""]
    loadtest = ROOT / "bench" / "loadtest.md"
    if loadtest.exists():
        lines += [loadtest.read_text().strip(), ""]
    (ROOT / "bench" / "results.md").write_text("\n".join(lines))
    log("wrote bench/results.md")


def counts_now():
    from activities.models import Activity
    from budget.models import Expenditure
    from indicators.models import IndicatorValue
    from networking.models import NetworkingEvent

    return {
        "schools": School.objects.count(),
        "activities": Activity.objects.count(),
        "progress": ActivityProgress.objects.count(),
        "values": IndicatorValue.objects.count(),
        "events": NetworkingEvent.objects.count(),
        "expenditures": Expenditure.objects.count(),
    }


def main():
    log(f"database {DATABASE_URL}")
    plan, staff, coordinator = prepare_kaunas()
    users = {"staff": staff, "coordinator": coordinator}
    if Plan.objects.count() > 1:
        log("the national data is already there (set BENCH_FRESH=1 to start from an empty database)")
    log("pages at Kaunas scale")
    kaunas_pages = measure_pages(plan, users)
    build_national()
    log("pages at national scale")
    national_pages = measure_pages(plan, users)
    log("recompute")
    recompute = measure_recompute(plan, staff, coordinator)
    log("reports")
    reports = measure_reports()
    log("spending import")
    imports = measure_import(plan, staff)
    log("load test")
    load = load_test(staff)
    write_results(machine(), kaunas_pages, national_pages, recompute, reports, imports, load, counts_now())
    print((ROOT / "bench" / "results.md").read_text())


if __name__ == "__main__":
    main()
