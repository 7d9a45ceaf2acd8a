"""Sense checks on indicator values: impossible counts refused, big jumps flagged, shares within 0–100."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.models import Indicator, IndicatorValue
from indicators.selectors import value_jump
from indicators.services import indicator_value_save
from reporting import workflow
from schools.models import School

from .fingerprint import changed_tables, database_fingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools_indicator(kaunas):
    """Indicator 21 of the Kaunas plan: „Mokyklų, kuriose įdiegti inovatyvūs … modeliai, skaičius“."""
    return Indicator.objects.get(plan=kaunas, number=21)


def save(user, period, school, indicator, value):
    return indicator_value_save(
        user=user, period=period, school=school, indicator=indicator, data={"value": Decimal(value)}
    )


def test_more_schools_than_take_part_is_refused_in_lithuanian(coordinator, period, g1, schools_indicator):
    participating = School.objects.filter(municipality=g1.municipality, kind=School.Kind.PARTICIPATING).count()
    assert schools_indicator.counts_schools
    before = database_fingerprint()
    with pytest.raises(ValidationError, match=rf"daugiau nei savivaldybės TŪM mokyklų \({participating}\)"):
        save(coordinator, period, g1, schools_indicator, "150")
    assert changed_tables(before, database_fingerprint()) == []
    assert save(coordinator, period, g1, schools_indicator, str(participating)).value == participating


def test_counts_of_other_things_are_not_limited_by_schools(coordinator, period, g1, kaunas):
    lessons = Indicator.objects.get(plan=kaunas, number=23)  # „Pamokų, kurios …“
    assert not lessons.counts_schools
    assert save(coordinator, period, g1, lessons, "150").value == 150


def test_a_share_must_be_between_0_and_100(coordinator, period, g1, kaunas):
    share = Indicator.objects.get(plan=kaunas, number=1)
    with pytest.raises(ValidationError, match="nuo 0 iki 100"):
        save(coordinator, period, g1, share, "100.5")
    with pytest.raises(ValidationError, match="nuo 0 iki 100"):
        save(coordinator, period, g1, share, "-1")
    assert save(coordinator, period, g1, share, "100").value == 100


@pytest.fixture
def approved_earlier(kaunas, staff, other_staff, g1):
    """G1's value of indicator 1 for 2025-Q3, entered by staff and approved by another: 60."""
    earlier = kaunas.periods.get(code="2025-Q3")
    share = Indicator.objects.get(plan=kaunas, number=1)
    value = save(staff, earlier, g1, share, "60")
    workflow.items_submit(user=staff, items=[value])
    workflow.items_approve(user=other_staff, items=[value])
    return share


@pytest.mark.parametrize("value, flagged", [("95", True), ("25", True), ("90", False), ("30", False), ("60", False)])
def test_a_jump_of_more_than_half_from_the_last_approved_value_is_flagged(
    coordinator, period, g1, approved_earlier, value, flagged
):
    item = save(coordinator, period, g1, approved_earlier, value)
    jump = value_jump(item)
    assert (jump is not None) == flagged
    if flagged:
        assert jump.previous == 60 and jump.period_code == "2025-Q3"
        assert jump.change_percent == round((Decimal(value) - 60) / 60 * 100)


def test_the_jump_is_a_warning_on_the_page_not_a_refusal(client_for, coordinator, period, g1, approved_earlier):
    client = client_for(coordinator)
    url = reverse("reporting:indicator", args=["kaunas", period.code, "G1", 1])
    response = client.post(url, {"value": "95", "note": ""}, follow=True)
    assert IndicatorValue.objects.get(period=period, school=g1, indicator=approved_earlier).value == 95
    page = response.content.decode()
    assert "Patikrinkite reikšmę." in page and "(60, 2025-Q3) +58 %" in page
