import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from accounts.models import User
from core.db import refresh_statistics
from plans.models import Area
from schools.models import Municipality


class Command(BaseCommand):
    help = "Restore a backup made by backup_data into an empty, migrated database (and its uploaded files)."

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path)

    def handle(self, *args, backup, **options):
        if Municipality.objects.exists() or User.objects.exists():
            raise CommandError("The database is not empty: restore into a new database (migrate it first).")
        if not backup.is_file():
            raise CommandError(f"No such file: {backup}")
        with tempfile.TemporaryDirectory(prefix="tum-restore-") as folder:
            folder = Path(folder)
            with tarfile.open(backup, "r:gz") as archive:
                for member in archive.getmembers():
                    if (
                        not (member.isfile() or member.isdir())
                        or member.name.startswith("/")
                        or ".." in Path(member.name).parts
                    ):
                        raise CommandError(f"Unexpected entry in the backup: {member.name}")
                archive.extractall(folder, filter="data")
            # the history is restored as it was: loading must not write history of its own
            with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
                # The programme areas a migration seeds come back from the backup with their own ids.
                Area.objects.all().delete()
                call_command("loaddata", str(folder / "data.json"), verbosity=0)
            refresh_statistics()
            media = folder / "media"
            files = 0
            if media.is_dir():
                target = Path(settings.MEDIA_ROOT)
                for path in media.rglob("*"):
                    if path.is_file():
                        destination = target / path.relative_to(media)
                        destination.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(path, destination)
                        files += 1
        self.stdout.write(f"Restored {backup}: records and {files} files.")
