"""An optional PAdES signature on the finished PDF report.

The operator configures a certificate with its private key as a PKCS#12 file (REPORT_SIGNING_PKCS12,
with REPORT_SIGNING_PASSWORD); every PDF report is then signed with it (PAdES baseline B, SHA-256)
as an incremental update, so the PDF/A document stays as it was made. Without a certificate the PDF
is left unsigned. A certificate that is configured but cannot be read fails the report with the reason,
rather than giving out an unsigned document.
"""

import io
from pathlib import Path

from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

SIGNATURE_FIELD = "Parasas"


def signing_configured():
    return bool(settings.REPORT_SIGNING_PKCS12)


def _signer():
    password = settings.REPORT_SIGNING_PASSWORD
    return signers.SimpleSigner.load_pkcs12_data(
        Path(settings.REPORT_SIGNING_PKCS12).read_bytes(),
        other_certs=[],
        passphrase=password.encode() if password else None,
    )


def sign_pdf(data, *, reason, location):
    """The PDF `data` signed with the configured certificate, or unchanged when none is configured."""
    if not signing_configured():
        return data
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    return signers.sign_pdf(writer, meta, signer=_signer()).getvalue()
