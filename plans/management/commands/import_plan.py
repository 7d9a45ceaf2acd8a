from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.plan_file import PlanFileError
from plans.services import plan_import
from reporting.periods import periods_create_quarters


class Command(BaseCommand):
    help = "Import (or update) a municipality's progress plan from a plan file. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            result = plan_import(content=file.read_bytes(), source=file.name)
        except PlanFileError as error:
            raise CommandError(f"{file} was not imported:\n  " + "\n  ".join(error.problems)) from None
        plan = result.plan
        periods = periods_create_quarters(plan=plan)
        if periods:
            self.stdout.write(f"Created {len(periods)} quarterly reporting periods.")
        if result.changed:
            self.stdout.write(
                f"Imported {plan}: {result.created} created, {result.updated} updated, {result.deleted} removed."
            )
        else:
            self.stdout.write(f"{plan} is already up to date.")
