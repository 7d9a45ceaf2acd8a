"""Writes on a school's item besides the review workflow: the conversation on it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reporting.access import item_access
from reporting.models import ItemComment

COMMENT_MAX = 4000


def item_comment_add(*, user, item, text):
    """Add `user`'s reply to the conversation on `item`; only those who may read the item may write in it."""
    item_access(user, item).check_read()
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Parašykite atsakymo tekstą.")})
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            {"text": _("Atsakymas per ilgas: ne daugiau kaip %(max)s ženklų.") % {"max": COMMENT_MAX}}
        )
    return ItemComment.objects.create(item=item, author=user, text=text)
