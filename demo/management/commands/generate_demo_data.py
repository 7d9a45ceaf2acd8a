import time

from django.core.management.base import BaseCommand, CommandError

from activities.models import ActivityProgress
from core.db import refresh_statistics
from dashboards.services import snapshots_recompute
from demo.data import add_progress, create_synthetic_plan
from plans.models import Plan


class Command(BaseCommand):
    help = (
        "Generate synthetic municipalities shaped like Kaunas, with progress, values, events and spending "
        "(deterministic for a seed); --progress-for adds sample progress to an existing plan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--progress-for", action="append", default=[], metavar="CODE")

    def handle(self, *args, municipalities, seed, progress_for, **options):
        started = time.perf_counter()
        for code in progress_for:
            plan = Plan.objects.filter(municipality__code=code).first()
            if plan is None:
                raise CommandError(f"No plan for municipality '{code}'")
            if _has_progress(plan):
                self.stdout.write(f"{code}: already has progress; left as it is.")
                continue
            counts = add_progress(plan, seed=seed)
            snapshots_recompute(plan=plan)
            self.stdout.write(f"{code}: {counts}")
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
