"""Writing an indicator's value measured at a school."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Indicator, IndicatorValue
from reporting.workflow import check_can_edit, item_for_saving
from schools.models import School


def check_value_against_unit(indicator, value):
    """A share is 0–100, a count is a whole number ≥ 0, a ratio or an amount is ≥ 0."""
    if value is None:
        return
    if indicator.unit == Indicator.Unit.PERCENT and not (Decimal(0) <= value <= Decimal(100)):
        raise ValidationError({"value": _("Procentinė reikšmė turi būti nuo 0 iki 100.")})
    if indicator.unit == Indicator.Unit.COUNT and (value < 0 or value != value.to_integral_value()):
        raise ValidationError({"value": _("Skaičius turi būti sveikas ir ne mažesnis nei 0.")})
    if indicator.unit == Indicator.Unit.RATIO and value < 0:
        raise ValidationError({"value": _("Santykis negali būti neigiamas.")})
    if indicator.unit == Indicator.Unit.AMOUNT and value < 0:
        raise ValidationError({"value": _("Kiekis negali būti neigiamas.")})


def indicator_judge(*, user, indicator, judgement):
    """Staff's judgement of a described (text) target: achieved, partly, not achieved, or not yet judged ("")."""
    if not user.has_perm("tum.manage", indicator.plan.municipality):
        raise PermissionDenied
    if not indicator.is_text:
        raise ValidationError(_("Vertinami tik žodžiais aprašyti rodikliai; kitų pažangą portalas apskaičiuoja."))
    if judgement not in ("", *Indicator.Judgement.values):
        raise ValidationError({"judgement": _("Pasirinkite vertinimą iš sąrašo.")})
    indicator.judgement = judgement
    indicator.save(update_fields=["judgement"])
    return indicator


def check_school_count(indicator, school, value):
    """A count of schools cannot be larger than the number of the municipality's participating schools."""
    if value is None or not indicator.counts_schools:
        return
    schools = School.objects.filter(municipality_id=school.municipality_id).participating().count()
    if value > schools:
        raise ValidationError(
            {
                "value": _(
                    "Mokyklų negali būti daugiau nei savivaldybės TŪM mokyklų (%(schools)s). "
                    "Patikrinkite reikšmę: ar neįrašėte mokinių ar kito skaičiaus?"
                )
                % {"schools": schools}
            }
        )


def indicator_value_save(*, user, period, school, indicator, data, version=None):
    check_can_edit(user, period, school)
    if indicator.computation:
        raise ValidationError(_("Šį rodiklį portalas apskaičiuoja pats; jo įvesti nereikia."))
    value, not_measured = data.get("value"), bool(data.get("not_measured"))
    text = (data.get("text") or "").strip()
    if indicator.is_text:
        # a described result: what was achieved, in words; staff judge it against the plan's target
        if value is not None:
            raise ValidationError(
                {"text": _("Šio rodiklio siekiama reikšmė aprašyta žodžiais: aprašykite, kas pasiekta.")}
            )
        if not text and not not_measured:
            raise ValidationError(
                {"text": _("Aprašykite, kas pasiekta, arba pažymėkite, kad šiuo laikotarpiu nematuota.")}
            )
        if text and not_measured:
            raise ValidationError({"text": _("Nematuotas rodiklis negali turėti reikšmės.")})
    elif value is None and not not_measured:
        raise ValidationError({"value": _("Įrašykite reikšmę arba pažymėkite, kad šiuo laikotarpiu nematuota.")})
    if value is not None and not_measured:
        raise ValidationError({"value": _("Nematuotas rodiklis negali turėti reikšmės.")})
    check_value_against_unit(indicator, value)
    check_school_count(indicator, school, value)
    with transaction.atomic():
        item = item_for_saving(
            IndicatorValue, user=user, period=period, school=school, version=version, indicator=indicator
        )
        item.value = value
        item.text = text
        item.not_measured = not_measured
        item.note = data.get("note", "")
        item.full_clean()
        item.save()
    return item
