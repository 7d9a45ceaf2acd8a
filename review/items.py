"""The three kinds of item a school submits, and how to find one for a person."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.models import ActivityProgress
from budget.models import Expenditure
from indicators.models import IndicatorValue
from networking.models import NetworkingEvent

KINDS = {
    "activity": (ActivityProgress, _("veiklos pažanga")),
    "indicator": (IndicatorValue, _("rodiklio reikšmė")),
    "event": (NetworkingEvent, _("tinklaveikos renginys")),
    "expenditure": (Expenditure, _("išlaidos")),
}


def kind_of(item):
    for kind, (model, _label) in KINDS.items():
        if isinstance(item, model):
            return kind
    raise TypeError(type(item).__name__)


def item_for_user(user, municipality, kind, pk, perm="tum.view_school_work", allow_published=False):
    """Load an item of this municipality that `user` may see (404 if it is not there, 403 if not theirs).

    With `allow_published`, an approved item may be read by every member of the municipality.
    """
    if kind not in KINDS:
        raise Http404
    model = KINDS[kind][0]
    item = (
        model.objects.filter(pk=pk, period__plan__municipality=municipality)
        .select_related(
            "school__municipality",
            "period__plan__municipality",
            "created_by",
            "updated_by",
            "submitted_by",
            "reviewed_by",
        )
        .first()
    )
    if item is None:
        raise Http404
    published = allow_published and item.state == "approved" and user.has_perm("tum.view", municipality)
    target = item.school or municipality
    if perm != "tum.manage" and item.school is None:
        perm = "tum.manage"
    if not (published or user.has_perm(perm, target)):
        raise PermissionDenied
    return item


def item_url(item):
    kind = kind_of(item)
    municipality = item.period.plan.municipality.code
    if kind == "activity":
        args = [municipality, item.period.code, item.school.code, item.activity.number]
        return reverse("reporting:activity", args=args)
    if kind == "indicator":
        args = [municipality, item.period.code, item.school.code, item.indicator.number]
        return reverse("reporting:indicator", args=args)
    if kind == "expenditure":
        return reverse("budget:expenditure", args=[item.period.plan.municipality.code, item.pk])
    return reverse("networking:event", args=[municipality, item.pk])


def item_title(item):
    kind = kind_of(item)
    if kind == "activity":
        return f"{item.activity.number}. {item.activity.short_title}"
    if kind == "indicator":
        return f"{_('Rodiklis')} {item.indicator.number}. {item.indicator.name[:80]}"
    if kind == "expenditure":
        return f"{item.date:%Y-%m-%d} {item.supplier} {item.document_number}"
    return f"{item.date:%Y-%m-%d} {item.title}"
