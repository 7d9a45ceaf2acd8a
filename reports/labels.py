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
        "pipeline_amount": _("Planuojami įsipareigojimai be PVM"),
        "pipeline_vat": _("Planuojamų įsipareigojimų PVM"),
        "committed_amount": _("Įsipareigota be PVM"),
        "committed_vat": _("Įsipareigotas PVM"),
        "paid_amount": _("Apmokėta be PVM"),
        "paid_vat": _("Apmokėtas PVM"),
    }


def money_columns(with_period):
    """(header, key, in the period?) of the money columns: the plan, then spending in the period alone
    (unless the report covers the whole programme), then spending up to the period's end."""
    names = spending_names()
    columns = [(_("Planuota be PVM"), "planned_amount", False), (_("Planuotas PVM"), "planned_vat", False)]
    if with_period:
        columns += [(_("%(figure)s, per laikotarpį") % {"figure": names[k]}, k, True) for k in names]
    columns += [(_("%(figure)s, sukauptai") % {"figure": names[k]}, k, False) for k in names]
    return columns


def money_value(row, key, in_period):
    return (row.get("period") or {}).get(key) if in_period else row[key]


def _pending_names():
    return {
        "activities": _("Veiklų pažanga"),
        "indicators": _("Rodiklių reikšmės"),
        "events": _("Tinklaveikos renginiai"),
        "expenditures": _("Išlaidų įrašai"),
    }


def pending_rows(content):
    names, states = _pending_names(), dict(ReviewState.choices)
    return [
        (names[name], [(str(states.get(state, state)), count) for state, count in sorted(counts.items())])
        for name, counts in content["pending"].items()
    ]


def pending_items(content):
    """(school, what, number, item, state, period) of every item left out, by school and item."""
    names, states = _pending_names(), dict(ReviewState.choices)
    return [
        (
            i["school"] or _("savivaldybė"),
            names[i["what"]],
            i["number"],
            i["item"],
            str(states.get(i["state"], i["state"])),
            i["period"],
        )
        for i in content.get("pending_items", [])
    ]


def vat_missing_text(count):
    """Said beside a planned VAT sum that leaves out lines whose VAT the plan does not print."""
    return ngettext(
        "%(counter)s eilutė be PVM sumos neįskaičiuota", "%(counter)s eilutės be PVM sumos neįskaičiuotos", count
    ) % {"counter": count}


def local_time(iso):
    """'2026-01-05T22:14:03+02:00' (already local) -> '2026-01-05 22:14'."""
    return iso.replace("T", " ")[:16] if iso else ""


def no_previous_text(content):
    if content.get("previous_period") is None:
        return _("Ataskaita apima visą programos laikotarpį iki šiol, todėl su ankstesniu laikotarpiu nelyginama.")
    return _("Ataskaitos už ankstesnį laikotarpį (%(period)s) nėra, todėl palyginti nėra su kuo.") % {
        "period": content["previous_period_label"]
    }


def previous_text(content):
    previous = content["previous"]
    return _("Lyginama su ataskaita už ankstesnį laikotarpį – %(period)s (paruošta %(when)s).") % {
        "period": previous["period_label"],
        "when": local_time(previous["finished_at"]),
    }


def activity_money_note(content, row):
    """Why a section-6 row has no amounts: the plan has no budget line for it, or none of the school's own."""
    if row["has_lines"]:
        return ""
    if content["school"]:
        return _("Planas šios veiklos lėšų mokyklai atskirai neskiria („–“).")
    return _("Plane šiai veiklai biudžeto eilučių nėra.")
