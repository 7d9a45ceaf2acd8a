"""A plan file uploaded on the page: previewed first, imported only when the person confirms it.

Between the two steps the file is kept in the database with its hash, for that municipality and
that person only; the confirmation imports exactly the content that was previewed.
"""

import datetime
import hashlib

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from planfile.importer import PreviewOutdated, plan_import
from planfile.schema import PlanFileError
from plans.models import PlanUpload

KEPT_FOR = datetime.timedelta(days=1)


def plan_upload_preview(*, user, municipality, name, content):
    """Check the file and work out what it would change (nothing is changed); keep it for the confirmation."""
    if not user.has_perm("tum.manage", municipality):
        raise PermissionDenied
    result = plan_import(content=content, source=name, municipality=municipality, dry_run=True)
    PlanUpload.objects.filter(
        Q(user=user, municipality=municipality) | Q(created_at__lt=timezone.now() - KEPT_FOR)
    ).delete()
    upload = PlanUpload.objects.create(
        municipality=municipality,
        user=user,
        name=name[:300],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        preview=result.summary(),
    )
    return upload, result


def plan_upload_confirm(*, user, municipality, upload_id, sha256, allow_removals):
    """Import the previewed file, if it is the same file and would still make the same changes."""
    if not user.has_perm("tum.manage", municipality):
        raise PermissionDenied
    upload = PlanUpload.objects.filter(
        pk=upload_id, user=user, municipality=municipality, created_at__gte=timezone.now() - KEPT_FOR
    ).first()
    content = bytes(upload.content) if upload else b""
    if upload is None or upload.sha256 != sha256 or hashlib.sha256(content).hexdigest() != sha256:
        raise PlanFileError([_("Peržiūrėto failo nebėra arba jis kitas. Įkelkite failą dar kartą.")])
    try:
        result = plan_import(
            content=content,
            source=upload.name,
            user=user,
            municipality=municipality,
            allow_removals=allow_removals,
            expected=upload.preview,
        )
    except PreviewOutdated as error:
        upload.preview = error.result.summary()
        upload.save(update_fields=["preview"])
        raise
    upload.delete()
    return result
