import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from activities.models import ActivityProgress
from core.db import refresh_statistics
from dashboards.services import snapshots_recompute
from demo.data import add_demo_progress, add_progress, create_synthetic_plan
from demo.work import work_period
from plans.models import Plan


class Command(BaseCommand):
    help = (
        "Generate synthetic municipalities shaped like Kaunas, with progress, values, events and spending "
        "(deterministic for a seed); --progress-for adds sample progress to an existing plan, placed around "
        "today: the period schools work on is kept open, with items in every state."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--progress-for", action="append", default=[], metavar="CODE")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="place the sample progress around this day instead of today",
        )

    def handle(self, *args, municipalities, seed, progress_for, today, **options):
        started = time.perf_counter()
        today = today or timezone.localdate()
        for code in progress_for:
            plan = Plan.objects.filter(municipality__code=code).first()
            if plan is None:
                raise CommandError(f"No plan for municipality '{code}'")
            if _has_progress(plan):
                period = work_period(plan, today)
                self.stdout.write(f"{code}: already has progress; left as it is{_open_until(period)}.")
                continue
            period, counts = add_demo_progress(plan, seed=seed, today=today)
            snapshots_recompute(plan=plan)
            self.stdout.write(f"{code}: {counts}{_open_until(period)}")
        for index in range(1, municipalities + 1):
            if Plan.objects.filter(municipality__code=f"demo-{index:02d}").exists():
                self.stdout.write(f"demo-{index:02d}: exists")
                continue
            plan = create_synthetic_plan(index, seed=seed)
            counts = add_progress(plan, seed=seed)
            snapshots_recompute(plan=plan)
            self.stdout.write(f"demo-{index:02d}: {counts} ({time.perf_counter() - started:.0f} s)")
        refresh_statistics()
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")


def _has_progress(plan):
    return ActivityProgress.objects.filter(activity__plan=plan).exists()


def _open_until(period):
    if period is None:
        return " (no reporting period has started yet)"
    return f"; {period.code} is open for schools until {period.locks_on:%Y-%m-%d}"
