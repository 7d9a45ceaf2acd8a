"""Property-based tests: random and hostile input to the forms and importers is refused with a message,
never a crash, and nothing is half-saved."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import ActivityProgress
from budget.models import Expenditure
from budget.spreadsheet import ImportFileError, expenditure_import, expenditure_template
from core.money import parse_amount
from indicators.models import IndicatorValue
from planfile.importer import plan_import
from planfile.schema import PlanFileError
from plans.models import Plan
from review.selectors import due_activity_roles

from .conftest import import_plan, open_period, people_of, schools_of
from .plans import small_plan_data, to_yaml, with_indicators_of_every_unit

pytestmark = pytest.mark.django_db
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

junk_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "1e309",
            "NaN",
            "Infinity",
            "0x10",
            "12 0139,15",
            "1,2,3",
            "９９",
            "1.005",
            "99999999999999999999",
            "<script>",
            "' OR 1=1 --",
            "\x00",
            "𝟘",
            "٣",
        ]
    ),
)
junk_number = st.one_of(junk_text, st.integers(), st.floats(allow_nan=True, allow_infinity=True).map(repr))


@FAST
@given(value=junk_number)
def test_amount_parsing_accepts_only_amounts(value):
    try:
        amount = parse_amount(value)
    except ValueError:
        return
    assert amount.is_finite() and -amount.as_tuple().exponent <= 2 or amount == amount.quantize(Decimal("0.01"))


@FAST
@given(
    data=st.fixed_dictionaries(
        {
            "status": st.one_of(st.sampled_from(["done", "in_progress", "x"]), junk_text),
            "percent_done": junk_number,
            "pupils": junk_number,
            "teachers": junk_number,
            "done_text": st.text(max_size=6000),
            "next_text": junk_text,
        }
    )
)
def test_the_progress_form_refuses_junk_and_saves_whole_or_nothing(client_for, coordinator, period, g1, data):
    activity = due_activity_roles(period, [g1]).first().activity
    ActivityProgress.objects.filter(activity=activity, school=g1, period=period).delete()
    response = client_for(coordinator).post(
        reverse("reporting:activity", args=["kaunas", period.code, "G1", activity.number]), data
    )
    assert response.status_code in (200, 302)
    saved = ActivityProgress.objects.filter(activity=activity, school=g1, period=period).first()
    if response.status_code == 200:
        assert response.context["form"].errors and saved is None
    else:
        saved.full_clean()  # what was saved is valid
        assert 0 <= saved.percent_done <= 100


@pytest.fixture
def measured():
    """The small plan with an indicator of every unit a school enters (1 percent, 3 count, 4 ratio), 2025-Q4 open."""
    plan = import_plan(with_indicators_of_every_unit(small_plan_data(code="matai", name="Matų savivaldybė")))
    return open_period(plan), people_of(plan)["g1"], schools_of(plan)["G1"]


@FAST
@given(value=junk_number, number=st.sampled_from([1, 3, 4]))
def test_indicator_values_are_checked_against_their_unit(client_for, measured, value, number):
    period, coordinator, g1 = measured
    IndicatorValue.objects.filter(period=period, school=g1).delete()
    response = client_for(coordinator).post(
        reverse("reporting:indicator", args=[period.plan.municipality.code, period.code, "G1", number]),
        {"value": value},
    )
    assert response.status_code in (200, 302)
    saved = IndicatorValue.objects.filter(period=period, school=g1).first()
    assert (saved is None) == (response.status_code == 200)
    if saved is not None:
        unit = saved.indicator.unit
        assert saved.indicator.number == str(number) and saved.value >= 0
        if unit == "percent":
            assert saved.value <= 100
        if unit == "count":
            assert saved.value == saved.value.to_integral_value()


@FAST
@given(
    mutation=st.fixed_dictionaries(
        {
            "path": st.sampled_from(
                [
                    ("activities", 0, "budget_lines", 0, "amount"),
                    ("activities", 0, "number"),
                    ("indicators", 0, "target"),
                    ("plan", "starts_on"),
                    ("schools", 0, "code"),
                    ("activities", 1, "areas"),
                    ("goals", 0, "objectives"),
                    ("plan", "declared_totals"),
                ]
            ),
            "value": st.one_of(
                junk_text,
                st.integers(),
                st.none(),
                st.lists(st.text(max_size=5), max_size=3),
                st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
            ),
        }
    )
)
def test_a_mangled_plan_file_is_refused_whole(kaunas, mutation):
    data = small_plan_data(code="fuzzmiestis", name="Fuzz")
    target = data
    for step in mutation["path"][:-1]:
        target = target[step]
    target[mutation["path"][-1]] = mutation["value"]
    before = list(Plan.objects.filter(municipality__code="fuzzmiestis").values_list("title", "imported_at"))
    try:
        plan_import(content=to_yaml(data))
    except PlanFileError as error:
        assert error.problems and all(isinstance(p, str) for p in error.problems)
        assert list(Plan.objects.filter(municipality__code="fuzzmiestis").values_list("title", "imported_at")) == before


@FAST
@given(
    content=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from(
            [
                b"\xef\xbb\xbf",
                b"\xff\xfe\x00\x00",
                "ą".encode("utf-16"),
                b"!!python/object:os.system ls",
                b"a: &a [*a]",
                b"- " * 5000,
            ]
        ),
    )
)
def test_any_bytes_as_a_plan_file_are_refused_with_a_message(kaunas, content):
    before = Plan.objects.count()
    try:
        plan_import(content=content)
    except PlanFileError as error:
        assert error.problems
    assert Plan.objects.count() == before


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@FAST
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.builds(lambda junk: b"PK\x03\x04" + junk, st.binary(max_size=2000)),
        st.builds(lambda xml: _zip({"xl/workbook.xml": xml, "[Content_Types].xml": "<Types/>"}), st.text(max_size=300)),
        st.builds(lambda cut: expenditure_template_cache()[:cut], st.integers(min_value=1, max_value=4000)),
    )
)
def test_malformed_workbooks_are_refused_with_a_message(other_plan, content):
    from accounts.models import User

    staff = User.objects.filter(role="staff").first() or User.objects.create_user(
        email="fuzz@small.test", role="staff", municipality=other_plan.municipality
    )
    before = Expenditure.objects.count()
    try:
        outcome = expenditure_import(user=staff, plan=other_plan, content=content)
    except ImportFileError as error:
        assert str(error)
    else:
        assert not outcome.ok or outcome.created == 0
    assert Expenditure.objects.count() == before


_TEMPLATE = {}


def expenditure_template_cache():
    if "bytes" not in _TEMPLATE:
        plan = Plan.objects.first()
        _TEMPLATE["bytes"] = expenditure_template(plan)
    return _TEMPLATE["bytes"]


@FAST
@given(
    row=st.lists(
        st.one_of(junk_text, st.integers(), st.floats(allow_nan=False), st.none(), st.dates()), min_size=9, max_size=9
    )
)
def test_junk_rows_in_the_spending_import_are_refused_with_an_error_column(other_plan, row):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    from accounts.models import User

    staff = User.objects.filter(role="staff", municipality=other_plan.municipality).first() or User.objects.create_user(
        email="fuzz2@small.test", role="staff", municipality=other_plan.municipality
    )
    workbook = load_workbook(io.BytesIO(expenditure_template(other_plan)))
    sheet = workbook["Išlaidos"]
    for column, value in enumerate(row, start=1):
        try:
            sheet.cell(row=2, column=column, value=value)
        except (ValueError, TypeError, IllegalCharacterError):
            return  # a value a workbook cannot hold is not a workbook a person could upload
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = Expenditure.objects.count()
    try:
        outcome = expenditure_import(user=staff, plan=other_plan, content=buffer.getvalue())
    except ImportFileError:
        return
    if not outcome.ok:
        returned = load_workbook(io.BytesIO(outcome.error_workbook))["Išlaidos"]
        assert returned.cell(row=2, column=10).value
        assert Expenditure.objects.count() == before
    elif outcome.created:
        Expenditure.objects.latest("pk").full_clean()


def test_a_huge_text_is_refused_not_truncated(client_for, coordinator, period, g1):
    activity = due_activity_roles(period, [g1]).first().activity
    response = client_for(coordinator).post(
        reverse("reporting:activity", args=["kaunas", period.code, "G1", activity.number]),
        {"status": "in_progress", "percent_done": "10", "done_text": "ą" * 100_000, "pupils": "0", "teachers": "0"},
    )
    assert response.status_code == 200 and response.context["form"].errors["done_text"]
    assert not ActivityProgress.objects.filter(activity=activity, school=g1).exists()


def test_a_service_refuses_what_a_form_would(coordinator, period, g1):
    from activities.services import activity_progress_save

    with pytest.raises(ValidationError, match="mažesnė arba lygi 100") as error:
        activity_progress_save(
            user=coordinator,
            period=period,
            school=g1,
            activity=due_activity_roles(period, [g1]).first().activity,
            data={"status": "in_progress", "percent_done": 250, "done_text": "x"},
        )
    assert list(error.value.message_dict) == ["percent_done"]
