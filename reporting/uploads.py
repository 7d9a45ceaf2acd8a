"""Checking uploaded evidence by its content, not by its name.

Office documents are opened and looked through: macros (VBA projects, OpenDocument Basic and scripts),
embedded programs and OLE objects, and archives that unpack into far more than they weigh are refused.
"""

import io
import os
import re
import unicodedata
import zipfile
import zlib

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

MAX_ARCHIVE_ENTRIES = 2000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
PROGRAM_HEADS = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")  # Windows, Linux, Java, macOS
PROGRAM_EXTENSIONS = {
    ".exe",
    ".dll",
    ".com",
    ".scr",
    ".pif",
    ".cpl",
    ".msi",
    ".bat",
    ".cmd",
    ".ps1",
    ".vbs",
    ".vbe",
    ".js",
    ".jse",
    ".wsf",
    ".hta",
    ".jar",
    ".lnk",
    ".sh",
    ".app",
}
_MACRO_PART = re.compile(
    r"(^|/)(vbaproject\.bin|vbadata\.xml)$|(^|/)activex/|^scripts/|^basic/[^/]+/(?!script-l[bc]\.xml$)[^/]+$"
)
_OLE_OBJECT = re.compile(r"(^|/)embeddings/[^/]*\.bin$|(^|/)objectpool/")
# Stream names inside legacy (OLE) Office files, as they are stored: UTF-16LE.
_OLE_MACROS = "_VBA_PROJECT".encode("utf-16-le")
_OLE_PACKAGE = "Ole10Native".encode("utf-16-le")


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
            if content_type == "application/x-ole-storage":
                problem = _legacy_office_problem(upload)
                if problem:
                    raise ValidationError(problem)
            return name, content_type
    else:
        if head.startswith(b"PK\x03\x04") and ext in _OFFICE_ZIP:
            problem = _office_zip_problem(upload, _OFFICE_ZIP[ext][0])
            upload.seek(0)
            if problem is None:
                return name, _OFFICE_ZIP[ext][1]
            if problem is not _NOT_A_DOCUMENT:
                raise ValidationError(problem)
    raise ValidationError(
        _("Netinkamas failo tipas arba turinys neatitinka plėtinio. Galima įkelti: %(types)s.") % {"types": ACCEPTED}
    )


_NOT_A_DOCUMENT = object()


def _macros():
    return _(
        "Dokumente yra makrokomandų (makrosų), todėl jo įkelti negalima. Išsaugokite jį be makrokomandų "
        "(pvz., kaip .docx, o ne .docm) ir įkelkite dar kartą."
    )


def _embedded(what):
    return _(
        "Dokumente įterpta programa ar kitas objektas (%(what)s), todėl jo įkelti negalima. Pašalinkite įterptą "
        "objektą arba išsaugokite dokumentą kaip PDF ir įkelkite dar kartą."
    ) % {"what": what}


def _legacy_office_problem(upload):
    """Macros or embedded packages in a .doc, .xls or .ppt (an OLE compound file), or None."""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if _OLE_MACROS in content:
        return _macros()
    if _OLE_PACKAGE in content:
        return _embedded(_("įterptas paketas"))
    return None


def _office_zip_problem(upload, marker, depth=0):
    """Why an office document (a zip) is refused, `_NOT_A_DOCUMENT` if it is not one, or None."""
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ARCHIVE_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
                return _("Dokumento turinys per didelis arba neįprastas, todėl jo įkelti negalima.")
            names = [e.filename for e in entries]
            if depth == 0 and not any(n.startswith(marker) for n in names):
                return _NOT_A_DOCUMENT
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml")[:1_000_000].lower()
                if b"macroenabled" in types or b"vbaproject" in types:
                    return _macros()
            for entry in entries:
                problem = _entry_problem(archive, entry, depth)
                if problem is not None:
                    return problem
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, OSError):
        return _NOT_A_DOCUMENT if depth == 0 else None
    return None


def _entry_problem(archive, entry, depth):
    lower = entry.filename.lower()
    if _MACRO_PART.search(lower):
        return _macros()
    if os.path.splitext(lower)[1] in PROGRAM_EXTENSIONS or _OLE_OBJECT.search(lower):
        return _embedded(entry.filename)
    if entry.is_dir():
        return None
    with archive.open(entry) as handle:
        head = handle.read(4)
    if head.startswith(PROGRAM_HEADS):
        return _embedded(entry.filename)
    if entry.file_size > MAX_EVIDENCE_BYTES:
        return None
    if head.startswith(b"PK\x03\x04") and depth == 0:  # an embedded archive or document: one level down
        return _office_zip_problem(io.BytesIO(archive.read(entry)), "", depth=1)
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an embedded legacy Office file
        return _legacy_office_problem(io.BytesIO(archive.read(entry)))
    return None
