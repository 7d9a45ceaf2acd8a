"""Words the PDF and Excel renderers share."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import ActivityProgress
from reporting.models import ReviewState
from reports.models import Report


def report_title(content):
    kind = dict(Report.Kind.choices)[content["kind"]]
    return f"{str(kind).capitalize()}: {content['period_label']}"


def status_labels():
    return {**{k: str(v) for k, v in ActivityProgress.Status.choices}, "no_data": _("nėra patvirtintų duomenų")}


def spending_names():
    return {
        "committed_amount": _("Įsipareigota be PVM"),
        "committed_vat": _("Įsipareigotas PVM"),
        "paid_amount": _("Apmokėta be PVM"),
        "paid_vat": _("Apmokėtas PVM"),
    }


def pending_rows(content):
    names = {
        "activities": _("Veiklų pažanga"),
        "indicators": _("Rodiklių reikšmės"),
        "events": _("Tinklaveikos renginiai"),
        "expenditures": _("Išlaidų įrašai"),
    }
    states = dict(ReviewState.choices)
    return [
        (names[name], [(str(states.get(state, state)), count) for state, count in sorted(counts.items())])
        for name, counts in content["pending"].items()
    ]


def vat_missing_text(count):
    """Said beside a planned VAT sum that leaves out lines whose VAT the plan does not print."""
    return ngettext(
        "%(counter)s eilutė be PVM sumos neįskaičiuota", "%(counter)s eilutės be PVM sumos neįskaičiuotos", count
    ) % {"counter": count}
