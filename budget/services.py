"""Writing expenditures; the rules every entry obeys, whether typed in or imported from Excel."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from budget.access import spending_access
from budget.models import BudgetLine, Expenditure
from core.money import CENT
from reporting.models import ReviewState
from reporting.periods import period_containing
from reporting.signals import published_data_changed
from reporting.uploads import check_evidence_file
from reporting.workflow import check_can_edit, locked_for_update, mark_saved

EXPENDITURE_FIELDS = (
    "date",
    "amount",
    "vat",
    "vat_exception",
    "supplier",
    "document_number",
    "description",
    "status",
)


def _euros(value):
    """An amount as the person reads it: '1 234,50 €' (in English '1,234.50 €')."""
    return f"{number_format(value, 2, force_grouping=True)}\u00a0€"


def vat_allowance(line: BudgetLine, amount: Decimal) -> Decimal | None:
    """The most VAT an amount may carry at the line's own VAT rate (to the cent, rounded up); None when
    the plan prints no VAT for the line, so there is no rate to hold the entry to."""
    if line.vat is None:
        return None
    if not line.amount:
        return Decimal("0.00")
    return (amount * line.vat / line.amount).quantize(CENT, rounding="ROUND_CEILING")


def expenditure_problems(
    *,
    plan,
    line,
    date,
    amount,
    vat,
    vat_exception,
    supplier,
    document_number,
    exclude_pk=None,
    documents=None,
    periods=None,
):
    """Everything wrong with one entry, as {field: message}; empty when it may be saved.

    `documents` ({(supplier, number) in lower case: pk} of the plan's entries) and `periods` (the plan's
    reporting periods), read once, let a bulk import check many entries without a query each."""
    problems = {}
    if line.activity.plan_id != plan.pk:
        problems["budget_line"] = _("Tokios biudžeto eilutės plane nėra.")
    for field, value in (("amount", amount), ("vat", vat)):
        if value is None:
            problems[field] = _("Įrašykite sumą.")
        elif value < 0:
            problems[field] = _("Suma negali būti neigiama.")
        elif value != value.quantize(CENT):
            problems[field] = _("Suma gali turėti daugiausia 2 skaitmenis po kablelio.")
        elif value >= Decimal("1e10"):
            problems[field] = _("Suma per didelė.")
    allowance = None if problems.keys() & {"amount", "vat"} else vat_allowance(line, amount)
    if allowance is not None and not vat_exception and vat > allowance:
        problems["vat"] = _(
            "PVM %(vat)s viršija eilutės PVM tarifą (daugiausia %(allowed)s). Jei tai pagrįsta, pažymėkite išimtį."
        ) % {"vat": _euros(vat), "allowed": _euros(allowance)}
    if date is None or not (plan.starts_on <= date <= plan.ends_on):
        problems["date"] = _("Data turi būti programos laikotarpyje (%(start)s – %(end)s).") % {
            "start": plan.starts_on.isoformat(),
            "end": plan.ends_on.isoformat(),
        }
    elif period_containing(plan.periods.all() if periods is None else periods, date) is None:
        problems["date"] = _("Šiai datai dar nėra ataskaitinio laikotarpio: paprašykite savivaldybės jį sukurti.")
    if not (supplier or "").strip():
        problems["supplier"] = _("Nurodykite tiekėją.")
    if not (document_number or "").strip():
        problems["document_number"] = _("Nurodykite dokumento numerį.")
    elif supplier and duplicate_document(plan, supplier, document_number, exclude_pk, documents):
        problems["document_number"] = _("Šio tiekėjo dokumentas tokiu numeriu jau įvestas.")
    return problems


def document_key(supplier, document_number):
    """How a supplier's document is told apart from others: case and surrounding spaces do not count."""
    return supplier.strip().lower(), document_number.strip().lower()


def duplicate_document(plan, supplier, document_number, exclude_pk=None, documents=None):
    if documents is not None:
        pk = documents.get(document_key(supplier, document_number))
        return pk is not None and pk != exclude_pk
    same = Expenditure.objects.filter(
        budget_line__activity__plan=plan,
        supplier__iexact=supplier.strip(),
        document_number__iexact=document_number.strip(),
    )
    if exclude_pk:
        same = same.exclude(pk=exclude_pk)
    return same.exists()


def expenditure_save(*, user, line, data, expenditure=None, version=None, document=None):
    """Create or change an entry. Staff entries count at once; a coordinator's entry starts as a draft."""
    plan = line.activity.plan
    access = spending_access(user, line)
    access.check_enter()
    is_staff = access.manages
    problems = expenditure_problems(
        plan=plan,
        line=line,
        exclude_pk=expenditure.pk if expenditure else None,
        **{k: data.get(k) for k in ("date", "amount", "vat", "vat_exception", "supplier", "document_number")},
    )
    if problems:
        raise ValidationError(problems)
    period = period_containing(plan.periods.all(), data["date"])
    if not is_staff:
        check_can_edit(user, period, line.school, expenditure)
    document_info = check_evidence_file(document) if document else None
    with transaction.atomic():
        if expenditure is None:
            expenditure = Expenditure(
                budget_line=line, school=line.school, created_by=user, updated_by=user, entered_by_school=not is_staff
            )
        else:
            expenditure = locked_for_update(Expenditure, expenditure.pk, version)
            if not (is_staff and _is_municipal_bookkeeping(expenditure, plan)):
                check_can_edit(user, period, line.school, expenditure)
            mark_saved(expenditure, user)
        expenditure.budget_line = line
        expenditure.school = line.school
        expenditure.period = period
        for field in EXPENDITURE_FIELDS:
            setattr(expenditure, field, data.get(field, getattr(expenditure, field)))
        expenditure.supplier = expenditure.supplier.strip()
        expenditure.document_number = expenditure.document_number.strip()
        if is_staff and _is_municipal_bookkeeping(expenditure, plan):
            mark_published(expenditure, user)
        if document_info:
            expenditure.document_name, expenditure.document_content_type = document_info
            expenditure.document.save(document_info[0], document, save=False)
        expenditure.full_clean()
        expenditure.save()
        if expenditure.state == ReviewState.APPROVED:
            transaction.on_commit(lambda: published_data_changed.send(sender=None, items=[expenditure]))
    return expenditure


def _is_municipal_bookkeeping(expenditure, plan):
    """Staff's own entries count at once; a school's entry that staff change still needs another reviewer."""
    return not expenditure.entered_by_school


def mark_published(expenditure, user):
    """Staff entries (and imports) count at once: they are approved as they are written."""
    now = timezone.now()
    expenditure.state = ReviewState.APPROVED
    expenditure.submitted_by = expenditure.submitted_by or user
    expenditure.submitted_at = expenditure.submitted_at or now
    expenditure.reviewed_by = user
    expenditure.reviewed_at = now


def expenditure_delete(*, user, expenditure):
    if not spending_access(user, expenditure.budget_line, expenditure).may_edit:
        raise PermissionDenied
    with transaction.atomic():
        expenditure = Expenditure.objects.select_for_update().get(pk=expenditure.pk)
        was_published = expenditure.state == ReviewState.APPROVED
        expenditure.delete()
        if was_published:
            transaction.on_commit(lambda: published_data_changed.send(sender=None, items=[expenditure]))


def plan_school_spending_set(*, user, plan, allowed):
    """Whether the plan's coordinators may enter their school's spending (staff review it)."""
    if not user.has_perm("tum.manage", plan.municipality):
        raise PermissionDenied
    plan.school_spending_entries = allowed
    plan.save(update_fields=["school_spending_entries"])
