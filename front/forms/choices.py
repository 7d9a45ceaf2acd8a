"""A select's empty choice in words, not Django's "---------"."""

from django import forms
from django.utils.translation import gettext_lazy as _

EMPTY_CHOICE = _("– pasirinkite –")
DASHES = "---------"


def empty_choice_in_words(form):
    for field in form.fields.values():
        if isinstance(field, forms.ModelMultipleChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = EMPTY_CHOICE
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0][0] in ("", None) and choices[0][1] == DASHES:
                field.choices = [("", EMPTY_CHOICE), *choices[1:]]
