"""The four kinds of item a school submits, and how to find one for a person."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.models import ActivityProgress
from budget.models import Expenditure
from indicators.models import IndicatorValue
from networking.models import NetworkingEvent
from reporting.access import item_access

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


def item_for_user(user, municipality, kind, pk, *, allow_published=False, to_review=False):
    """Load an item of this municipality with what `user` may do with it: (item, `ItemAccess`).

    404 if it is not there; 403 if `user` may not read it (with `to_review`: may not review it).
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
    access = item_access(user, item, municipality=municipality, published_readable=allow_published)
    if to_review:
        access.check_review()
    else:
        access.check_read()
    return item, access


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
