"""Real Celery worker and beat processes for the tests about faults: started, killed and stopped by the test.

Leases are short, so that a dead worker is noticed in seconds (production: a 60 s lease, recovery every 20 s).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from .conftest import ROOT


def database_url(name):
    settings_db = connection.settings_dict
    return f"postgres://{settings_db['USER']}@{settings_db['HOST'] or '127.0.0.1'}:{settings_db['PORT'] or 5432}/{name}"


FAST_JOBS = {"JOB_LEASE_SECONDS": "3", "JOB_RECOVERY_SECONDS": "1", "WORKER_HEARTBEAT_SECONDS": "1"}
LEASE, RECOVERY = 3, 1
OWN_BROKER_PORT = 6391  # a Redis of this test's own, stopped and started as the broker


def celery_env(settings, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tum_portal.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "CELERY_VISIBILITY_TIMEOUT": "4",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **FAST_JOBS,
        **extra,
    }


def start_celery(args, env, log):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tum_portal", *args, "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_worker(settings, log, **extra):
    args = [
        "worker",
        "--pool=prefork",
        "--concurrency=1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return start_celery(args, celery_env(settings, **extra), log)


def start_beat(settings, log, schedule, **extra):
    return start_celery(
        ["beat", "--schedule", str(schedule), "--max-interval", "1"], celery_env(settings, **extra), log
    )


def stop(process, sig=signal.SIGTERM):
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=30)


def pool_processes(worker):
    """The worker's pool processes: its children (the main process stays alive when they are killed)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == worker.pid:
            children.append(int(stat.parent.name))
    return children


def wait_for(check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def celery_log(tmp_path):
    from tum_portal.celery import app

    app.conf.task_always_eager = False
    log = (tmp_path / "celery.log").open("w")
    yield log
    log.close()
    app.conf.task_always_eager = True


def log_tail(tmp_path):
    return (tmp_path / "celery.log").read_text()[-4000:]
