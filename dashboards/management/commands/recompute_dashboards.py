import time

from django.core.management.base import BaseCommand, CommandError

from dashboards.services import snapshots_recompute
from plans.models import Plan


class Command(BaseCommand):
    help = "Recompute dashboard snapshots now (all municipalities, or one)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="municipality code, e.g. kaunas")

    def handle(self, *args, municipality=None, **options):
        plans = Plan.objects.select_related("municipality")
        if municipality:
            plans = plans.filter(municipality__code=municipality)
            if not plans.exists():
                raise CommandError(f"No plan for municipality '{municipality}'")
        for plan in plans:
            started = time.perf_counter()
            changed = snapshots_recompute(plan=plan)
            self.stdout.write(
                f"{plan.municipality.code}: {changed} snapshots changed ({time.perf_counter() - started:.2f} s)"
            )
