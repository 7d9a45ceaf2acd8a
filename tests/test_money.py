"""Money parsing and rounding: the exact value of every accepted way of writing an amount, and the refusals."""

from decimal import Decimal

import pytest

from core.money import parse_amount, to_cents

D = Decimal
NBSP = "\u00a0"  # what Excel puts between thousands when a cell is copied
NNBSP = "\u202f"  # narrow no-break space, the same from newer Excel and from LibreOffice


@pytest.mark.parametrize(
    "text, value",
    [
        ("120 139,15", D("120139.15")),  # the format the plan file documents
        (f"120{NBSP}139,15", D("120139.15")),
        (f"120{NNBSP}139,15", D("120139.15")),
        (f"1{NBSP}234{NBSP}567,8", D("1234567.8")),
        ("120139.15", D("120139.15")),
        ("120139,15", D("120139.15")),
        ("1 000", D("1000")),
        ("-1 000,50", D("-1000.50")),
        ("12,30 €", D("12.30")),
        ("€12.30", D("12.30")),
        (f"1 234,50{NBSP}€", D("1234.50")),
        ("  12,5 ", D("12.5")),
        ("\t7\n", D("7")),
        ("0", D("0")),
        ("1.500", D("1.500")),  # trailing zeros are not a third decimal
    ],
)
def test_it_reads_an_amount_to_its_exact_value(text, value):
    parsed = parse_amount(text)
    assert isinstance(parsed, Decimal)
    assert parsed == value


@pytest.mark.parametrize(
    "number, value", [(5, D("5")), (-3, D("-3")), (0.1, D("0.1")), (2.675, D("2.675")), (D("9.90"), D("9.90"))]
)
def test_numbers_keep_their_written_value(number, value):
    """A float is read as it prints (0.1 is 0.1, not 0.1000000000000000055…)."""
    parsed = parse_amount(number, max_decimals=3)
    assert parsed == value and str(parsed) == str(value)


@pytest.mark.parametrize(
    "text",
    [
        "1e5",
        "1E5",
        "1_000",
        "12 0139,15",  # a space that does not group thousands
        "1 2345",
        "1234 567",
        "1,2,3",
        "1.234,56",
        "1,234.56",
        "0x10",
        "NaN",
        "Infinity",
        "-inf",
        "",
        " ",
        "€",
        "12 €€ 3",
        "+5",
        ".5",
        "5.",
    ],
)
def test_it_refuses_what_is_not_an_amount(text):
    with pytest.raises(ValueError, match=r"^not a number$"):
        parse_amount(text)


@pytest.mark.parametrize("value", [True, False, float("nan"), float("inf"), D("NaN"), D("-Infinity")])
def test_it_refuses_booleans_and_non_finite_numbers(value):
    with pytest.raises(ValueError, match=r"^not a number$"):
        parse_amount(value)


@pytest.mark.parametrize("text", ["1.005", "0,001", "120 139,155", D("1.001")])
def test_it_refuses_a_third_decimal(text):
    with pytest.raises(ValueError, match=r"^more than 2 decimals$"):
        parse_amount(text)


def test_the_number_of_decimals_can_be_raised_for_rates():
    assert parse_amount("0,0225", max_decimals=4) == D("0.0225")
    with pytest.raises(ValueError, match=r"^more than 4 decimals$"):
        parse_amount("0,00225", max_decimals=4)
    with pytest.raises(ValueError, match=r"^more than 0 decimals$"):
        parse_amount("1,5", max_decimals=0)


@pytest.mark.parametrize(
    "value, cents",
    [
        ("0.005", D("0.01")),  # half up, not to even
        ("0.015", D("0.02")),
        ("2.675", D("2.68")),
        ("-0.005", D("-0.01")),
        ("0.004", D("0.00")),
        (7, D("7.00")),
    ],
)
def test_to_cents_rounds_half_up(value, cents):
    rounded = to_cents(value)
    assert rounded == cents and str(rounded) == str(cents)


def test_the_shared_constants_are_cents():
    from core.money import CENT, ZERO

    assert str(ZERO) == "0.00" and str(CENT) == "0.01"
