"""Checking uploaded evidence by its content, not by its name."""

import os
import re
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# What each accepted kind of file starts with.
_SIGNATURES = [
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
    (b"GIF87a", "image/gif", {".gif"}),
    (b"GIF89a", "image/gif", {".gif"}),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", {".doc", ".xls", ".ppt"}),
]
_OFFICE_ZIP = {
    ".docx": ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".odt": ("content.xml", "application/vnd.oasis.opendocument.text"),
    ".ods": ("content.xml", "application/vnd.oasis.opendocument.spreadsheet"),
    ".odp": ("content.xml", "application/vnd.oasis.opendocument.presentation"),
}
ACCEPTED = ".pdf, .png, .jpg, .gif, .doc, .docx, .xls, .xlsx, .ppt, .pptx, .odt, .ods, .odp"


def safe_filename(name: str) -> str:
    """A file name safe to show and to send back: no path, no control characters, at most 150 characters."""
    name = os.path.basename(name.replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"[\x00-\x1f\x7f<>:\"/\\|?*]", "_", name).strip(" .")
    stem, ext = os.path.splitext(name)
    return (stem[:140] or "failas") + ext[:10].lower()


def check_evidence_file(upload):
    """Return (safe name, content type) or raise ValidationError saying what is wrong."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("Failas per didelis: daugiausia 10 MB."))
    if upload.size == 0:
        raise ValidationError(_("Failas tuščias."))
    name = safe_filename(upload.name)
    ext = os.path.splitext(name)[1]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type, extensions in _SIGNATURES:
        if head.startswith(signature):
            if ext not in extensions:
                break
            return name, content_type
    else:
        if head.startswith(b"PK\x03\x04") and ext in _OFFICE_ZIP:
            marker, content_type = _OFFICE_ZIP[ext]
            try:
                with zipfile.ZipFile(upload) as archive:
                    names = archive.namelist()
            except zipfile.BadZipFile:
                names = []
            upload.seek(0)
            if any(n.startswith(marker) for n in names):
                return name, content_type
    raise ValidationError(
        _("Netinkamas failo tipas arba turinys neatitinka plėtinio. Galima įkelti: %(types)s.") % {"types": ACCEPTED}
    )
