from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planfile.importer import RemovalsNotAllowed, plan_import
from planfile.schema import PlanFileError


class Command(BaseCommand):
    help = (
        "Import (or update) a municipality's progress plan from a plan file, with its quarterly reporting periods. "
        "Safe to run again. Records the file no longer has are removed only with --allow-removals."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be created, changed and removed; change nothing"
        )
        parser.add_argument("--allow-removals", action="store_true", help="remove the records the file no longer has")

    def handle(self, *args, file, dry_run, allow_removals, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            result = plan_import(
                content=file.read_bytes(), source=file.name, dry_run=dry_run, allow_removals=allow_removals
            )
        except RemovalsNotAllowed as error:
            self._print_changes(error.result)
            raise CommandError(
                f"{file} was not imported: it would remove the records listed above. Nothing was changed. "
                "Check them, then run again with --allow-removals to remove them."
            ) from None
        except PlanFileError as error:
            raise CommandError(f"{file} was not imported:\n  " + "\n  ".join(error.problems)) from None
        if dry_run:
            self._print_changes(result)
            self.stdout.write("Dry run: nothing was changed.")
        elif result.changed:
            self._print_changes(result)
            self.stdout.write(
                f"Imported {result.plan}: {result.created} created, {result.updated} updated, {result.deleted} removed."
            )
        else:
            self.stdout.write(f"{result.plan} is already up to date.")

    def _print_changes(self, result):
        tables = result.changed_tables
        if not tables:
            self.stdout.write(f"{result.plan}: the file changes nothing.")
            return
        width = max(len(t.label) for t in tables)
        self.stdout.write(f"{'table':<{width}}  created  changed  removed")
        for t in tables:
            self.stdout.write(f"{t.label:<{width}}  {t.created:>7}  {t.updated:>7}  {t.removed:>7}")
        for t in tables:
            if t.removed:
                self.stdout.write(f"Would remove from {t.label}:" if not result.applied else f"Removed from {t.label}:")
                for name in t.removed_names:
                    self.stdout.write(f"  - {name}")
                if t.more_removed:
                    self.stdout.write(f"  … and {t.more_removed} more")
        if result.applied:
            if result.checks:
                self.stdout.write(
                    f"{len(result.checks)} data notes about unusual VAT rates (see the plan's data notes)."
                )
            return
        for note in result.checks:
            self.stdout.write(f"Data note: {note['text_en']}")
