"""The load test behind `make loadtest`: 50 concurrent users against gunicorn on loopback for 60 s,
mixing dashboard reads with coordinators saving their progress, then counting that no save was lost.

Uses the benchmark database (bench/run.py builds it). Figures go to bench/loadtest.md and
bench/results.md (`make bench` keeps them there).
"""

import os
import random
import re
import statistics
import sys
import threading
import time
from http.client import HTTPConnection

from bench.run import PORT, ROOT, log, prepare_kaunas, start_gunicorn  # sets up Django on the benchmark database

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from activities.models import ActivityProgress  # noqa: E402
from reporting.models import PeriodReopening  # noqa: E402
from reporting.periods import current_period  # noqa: E402
from review.selectors import due_activity_roles  # noqa: E402
from schools.models import School  # noqa: E402

USERS = int(os.environ.get("LOADTEST_USERS", "50"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
WRITERS = int(os.environ.get("LOADTEST_WRITERS", "10"))
LOADTEST_HEADING = "## Load test (`make loadtest`): mixed reads and coordinator submissions"
READ_PAGES = ["/kaunas/dashboard/", "/kaunas/dashboard/G3/", "/kaunas/networking/", "/kaunas/"]


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def writers_setup(plan, staff):
    """One coordinator per school (up to WRITERS), each with an activity to report on in the current period."""
    period = current_period(plan)
    until = timezone.localdate() + timezone.timedelta(days=1)
    jobs = []
    for school in School.objects.filter(municipality=plan.municipality).participating()[:WRITERS]:
        PeriodReopening.objects.get_or_create(
            period=period, school=school, until=until, defaults={"reason": "load test", "reopened_by": staff}
        )
        user, created = User.objects.get_or_create(
            email=f"load-{school.code.lower()}@kaunas.example",
            defaults={"role": User.Role.COORDINATOR, "municipality": plan.municipality},
        )
        if created:
            user.schools.set([school])
        roles = list(due_activity_roles(period, [school]))
        activity = roles[-1].activity
        # the item must be a draft for the coordinator to save it
        ActivityProgress.objects.filter(period=period, school=school, activity=activity).delete()
        jobs.append(
            {
                "cookie": session_cookie(user),
                "url": f"/kaunas/reporting/{period.code}/{school.code}/activity/{activity.number}/",
                "school": school,
                "activity": activity,
                "period": period,
            }
        )
    return jobs


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.read_ms, self.write_ms = [], []
        self.errors = 0
        self.saves = 0
        self.conflicts = 0

    def add(self, kind, ms, ok):
        with self.lock:
            (self.read_ms if kind == "read" else self.write_ms).append(ms)
            if not ok:
                self.errors += 1


def reader(cookie, stop_at, stats):
    connection = HTTPConnection("127.0.0.1", PORT, timeout=30)
    while time.monotonic() < stop_at:
        url = random.choice(READ_PAGES)
        started = time.perf_counter()
        try:
            connection.request("GET", url, headers={"Cookie": f"sessionid={cookie}"})
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except OSError:
            ok = False
            connection = HTTPConnection("127.0.0.1", PORT, timeout=30)
        stats.add("read", (time.perf_counter() - started) * 1000, ok)


def writer(job, stop_at, stats):
    connection = HTTPConnection("127.0.0.1", PORT, timeout=30)
    count = 0
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        try:
            connection.request("GET", job["url"], headers={"Cookie": f"sessionid={job['cookie']}"})
            response = connection.getresponse()
            page = response.read().decode()
            csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
            token = csrf.group(1) if csrf else job.get("csrf")
            job["csrf"] = token
            version = re.search(r'name="version" value="(\d*)"', page)
            count += 1
            body = (
                f"csrfmiddlewaretoken={token}&status=in_progress&percent_done={count % 100}&done_text=Pakeitimas+{count}"
                f"&next_text=&pupils={count}&teachers=1&version={version.group(1) if version else ''}"
            )
            connection.request(
                "POST",
                job["url"],
                body=body,
                headers={
                    "Cookie": f"sessionid={job['cookie']}; csrftoken={token}",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            response = connection.getresponse()
            response.read()
            ok = response.status == 302
            with stats.lock:
                if ok:
                    stats.saves += 1
                elif response.status == 200:
                    stats.conflicts += 1
            ok = response.status in (200, 302)
        except OSError:
            ok = False
            connection = HTTPConnection("127.0.0.1", PORT, timeout=30)
        stats.add("write", (time.perf_counter() - started) * 1000, ok)


def saved_versions(jobs):
    """Each successful save adds one to the item's version: the sum is the number of saves the database kept."""
    total = 0
    for job in jobs:
        item = ActivityProgress.objects.filter(
            period=job["period"], school=job["school"], activity=job["activity"]
        ).first()
        total += item.version if item else 0
    return total


def main():
    plan, staff, _coordinator = prepare_kaunas()
    jobs = writers_setup(plan, staff)
    staff_cookie = session_cookie(staff)
    server = start_gunicorn(threads=4)
    stats = Stats()
    try:
        log(f"{USERS} users ({len(jobs)} saving progress) for {SECONDS} s")
        stop_at = time.monotonic() + SECONDS
        threads = [threading.Thread(target=writer, args=(job, stop_at, stats)) for job in jobs]
        threads += [
            threading.Thread(target=reader, args=(staff_cookie, stop_at, stats)) for _ in range(USERS - len(jobs))
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        duration = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    # the first save creates the item (version 1); each later save adds one
    kept = saved_versions(jobs)
    reads, writes = sorted(stats.read_ms), sorted(stats.write_ms)

    def p95(values):
        return values[int(len(values) * 0.95) - 1] if values else 0

    lines = [
        LOADTEST_HEADING,
        "",
        f"{USERS} concurrent users for {duration:.0f} s against gunicorn (2 workers × 4 threads) on loopback: "
        f"{USERS - len(jobs)} reading dashboards, {len(jobs)} coordinators saving progress drafts (each a GET of the form "
        "and a POST).",
        "",
        "| requests | errors | reads/s | read p50 ms | read p95 ms | saves | refused as conflicting | saves kept in the database | write p50 ms | write p95 ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {len(reads) + len(writes)} | {stats.errors} | {len(reads) / duration:.0f} | {statistics.median(reads) if reads else 0:.0f} | "
        f"{p95(reads):.0f} | {stats.saves} | {stats.conflicts} | {kept} | "
        f"{statistics.median(writes) if writes else 0:.0f} | {p95(writes):.0f} |",
        "",
        f"No lost submissions: {'yes' if kept == stats.saves else 'NO'} (every save the server confirmed is in the database). "
        f"Errors: {stats.errors}.",
    ]
    (ROOT / "bench" / "loadtest.md").write_text("\n".join(lines) + "\n")
    add_to_results("\n".join(lines))
    print("\n".join(lines))
    if stats.errors or kept != stats.saves:
        sys.exit(1)


def add_to_results(section):
    """Put the figures into bench/results.md now, in place of an earlier load test's (the last section)."""
    results = ROOT / "bench" / "results.md"
    if results.exists():
        text = results.read_text().split(LOADTEST_HEADING)[0].rstrip()
        results.write_text(f"{text}\n\n{section}\n")


if __name__ == "__main__":
    main()
