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


def test_the_activities_table_names_the_budget_category(client_for, viewer, kaunas):
    from django.urls import reverse

    category = kaunas.activities.get(number="1").category
    content = client_for(viewer).get(reverse("activities:list", args=["kaunas"]), {"q": "Verslo laboratorij"})
    assert f"{category.number}. {category.name}" in content.content.decode()


def test_approving_with_nothing_ticked_says_so(client_for, staff, kaunas):
    from django.urls import reverse

    response = client_for(staff).post(reverse("reporting:queue", args=["kaunas"]), {}, follow=True)
    assert "Nepažymėtas nė vienas įrašas" in response.content.decode()


def test_the_review_queue_puts_title_and_submitted_data_in_their_own_columns(
    client_for, staff, coordinator, period, g1
):
    from django.urls import reverse

    from reporting import workflow

    from .conftest import save_progress

    progress = save_progress(coordinator, period, g1, percent_done=40)
    workflow.items_submit(user=coordinator, items=[progress])
    content = client_for(staff).get(reverse("reporting:queue", args=["kaunas"])).content.decode()
    title = f"{progress.activity.number}. {progress.activity.short_title}"
    assert f"{title}</a></td>" in content
    assert "<th>Pateikti duomenys</th>" in content and '<td class="small">vykdoma, 40 %</td>' in content


def test_forms_leave_checking_to_the_server_and_name_their_empty_choice(client_for, viewer, coordinator, period):
    """No browser-made English "Please fill out this field", no Django "---------"."""
    import re

    from django.urls import reverse

    pages = [
        (viewer, reverse("reports:list", args=["kaunas"])),
        (coordinator, reverse("networking:event_create", args=["kaunas", "G1"])),
    ]
    for user, url in pages:
        content = client_for(user).get(url).content.decode()
        forms = re.findall(r"<form[^>]*>", content)
        assert forms and all("novalidate" in form for form in forms), url
        assert "---------" not in content and "– pasirinkite –" in content, url


def test_filters_name_their_any_choice(client_for, viewer):
    from django.urls import reverse

    content = client_for(viewer).get(reverse("budget:overview", args=["kaunas"]), {"by": "month"}).content.decode()
    assert "---------" not in content and "– visos –" in content
