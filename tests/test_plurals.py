"""Where a count meets a noun the Lithuanian agrees with the number: 1 and 21 take one form, 2 another, 0 and 10 a third."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext

# Each counted noun: the Lithuanian for 1, 2, 10, 21 and 0, written out by hand.
MESSAGES = [
    (
        ("Peržiūrai pateiktas %(count)s įrašas.", "Peržiūrai pateikti %(count)s įrašai."),
        {
            1: "Peržiūrai pateiktas 1 įrašas.",
            2: "Peržiūrai pateikti 2 įrašai.",
            10: "Peržiūrai pateikta 10 įrašų.",
            21: "Peržiūrai pateiktas 21 įrašas.",
            0: "Peržiūrai pateikta 0 įrašų.",
        },
    ),
    (
        ("Patvirtintas %(count)s įrašas.", "Patvirtinti %(count)s įrašai."),
        {
            1: "Patvirtintas 1 įrašas.",
            2: "Patvirtinti 2 įrašai.",
            10: "Patvirtinta 10 įrašų.",
            21: "Patvirtintas 21 įrašas.",
            0: "Patvirtinta 0 įrašų.",
        },
    ),
    (
        ("Sukurtas %(count)s laikotarpis.", "Sukurti %(count)s laikotarpiai."),
        {
            1: "Sukurtas 1 laikotarpis.",
            2: "Sukurti 2 laikotarpiai.",
            10: "Sukurta 10 laikotarpių.",
            21: "Sukurtas 21 laikotarpis.",
            0: "Sukurta 0 laikotarpių.",
        },
    ),
]

TEMPLATES = [
    (
        "{% blocktranslate count counter=n %}{{ counter }} dalyvis{% plural %}{{ counter }} dalyviai{% endblocktranslate %}",
        {1: "1 dalyvis", 2: "2 dalyviai", 10: "10 dalyvių", 21: "21 dalyvis", 0: "0 dalyvių"},
    ),
    (
        "{% blocktranslate count counter=n %}{{ counter }} pastaba iš plano teksto{% plural %}"
        "{{ counter }} pastabos iš plano teksto{% endblocktranslate %}",
        {
            1: "1 pastaba iš plano teksto",
            2: "2 pastabos iš plano teksto",
            10: "10 pastabų iš plano teksto",
            21: "21 pastaba iš plano teksto",
            0: "0 pastabų iš plano teksto",
        },
    ),
    (
        "{% blocktranslate count counter=n %}{{ counter }} mokinys{% plural %}{{ counter }} mokiniai{% endblocktranslate %}",
        {1: "1 mokinys", 2: "2 mokiniai", 10: "10 mokinių", 21: "21 mokinys", 0: "0 mokinių"},
    ),
    (
        "{% blocktranslate count counter=n %}{{ counter }} mokytojas{% plural %}{{ counter }} mokytojai{% endblocktranslate %}",
        {1: "1 mokytojas", 2: "2 mokytojai", 10: "10 mokytojų", 21: "21 mokytojas", 0: "0 mokytojų"},
    ),
    (
        "{% blocktranslate count counter=n %}{{ counter }} įrašas pateiktas po termino{% plural %}"
        "{{ counter }} įrašai pateikti po termino{% endblocktranslate %}",
        {
            1: "1 įrašas pateiktas po termino",
            2: "2 įrašai pateikti po termino",
            10: "10 įrašų pateikta po termino",
            21: "21 įrašas pateiktas po termino",
            0: "0 įrašų pateikta po termino",
        },
    ),
]


@pytest.mark.parametrize("forms, expected", MESSAGES)
def test_messages_agree_with_the_count(forms, expected):
    with translation.override("lt"):
        assert {n: ngettext(*forms, n) % {"count": n} for n in expected} == expected


@pytest.mark.parametrize("source, expected", TEMPLATES)
def test_pages_agree_with_the_count(source, expected):
    template = Template("{% load i18n %}" + source)
    with translation.override("lt"):
        assert {n: template.render(Context({"n": n})) for n in expected} == expected
