"""The small places where a clerk used to be tripped: dead ends, pages that said nothing, words that meant nothing."""

import pytest
from django.test import override_settings


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_a_missing_page_is_our_own_404_even_with_debug_on(client):
    response = client.get("/kaunas/no-such-page/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Puslapis nerastas" in content and "URLconf" not in content
