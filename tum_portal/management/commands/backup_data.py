import io
import tarfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class Command(BaseCommand):
    help = "Back up every record and every uploaded file into one .tar.gz (restore it with restore_data)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, output, **options):
        started = time.perf_counter()
        data = io.StringIO()
        call_command("dumpdata", natural_foreign=True, exclude=EXCLUDED, stdout=data)
        payload = data.getvalue().encode("utf-8")
        media = Path(settings.MEDIA_ROOT)
        files = 0
        with tarfile.open(output, "w:gz") as archive:
            info = tarfile.TarInfo("data.json")
            info.size = len(payload)
            info.mtime = int(time.time())
            archive.addfile(info, io.BytesIO(payload))
            if media.is_dir():
                for path in sorted(p for p in media.rglob("*") if p.is_file()):
                    archive.add(path, arcname=f"media/{path.relative_to(media)}")
                    files += 1
        self.stdout.write(
            f"Backed up to {output}: {len(payload) / 1024:.0f} KiB of records, {files} files "
            f"({time.perf_counter() - started:.1f} s)"
        )
