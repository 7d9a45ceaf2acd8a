"""The small places where a clerk used to be tripped: dead ends, pages that said nothing, words that meant nothing."""

from decimal import Decimal

import pytest
from django.test import override_settings


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_a_missing_page_is_our_own_404_even_with_debug_on(client):
    response = client.get("/kaunas/no-such-page/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Puslapis nerastas" in content and "URLconf" not in content


def test_a_small_chart_spans_only_its_values_so_a_change_shows():
    from dashboards.charts import line_chart

    series = [("2024-Q1", 79), ("2024-Q2", 81), ("2024-Q3", 83)]
    small = line_chart(series, target=83, baseline=79, from_zero=False)
    # the axis runs a tenth of the span beyond the values: 79 - 0,4 … 83 + 0,4, labelled bottom, middle, top
    assert ">78,6<" in small and ">81,0<" in small and ">83,4<" in small and ">0,0<" not in small
    assert ">0,0<" in line_chart(series, target=83, baseline=79)
    near_zero = line_chart([("2024-Q1", Decimal("0.3")), ("2024-Q2", Decimal("0.1"))], target=0, from_zero=False)
    assert ">0,0<" in near_zero and ">-" not in near_zero  # no axis below zero for values that cannot be
