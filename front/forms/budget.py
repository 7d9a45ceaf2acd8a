from django import forms
from django.utils.translation import gettext_lazy

from budget.models import Expenditure
from front.forms.reporting import VersionedForm
from reporting.uploads import ACCEPTED


class ExpenditureForm(VersionedForm):
    amount = forms.DecimalField(
        label=gettext_lazy("Suma be PVM"), localize=True, max_digits=14, decimal_places=2, min_value=0
    )
    vat = forms.DecimalField(label=gettext_lazy("PVM"), localize=True, max_digits=14, decimal_places=2, min_value=0)
    document_file = forms.FileField(
        label=gettext_lazy("Dokumentas (neprivaloma)"),
        required=False,
        help_text=gettext_lazy("Iki 10 MB: %(types)s") % {"types": ACCEPTED},
    )

    class Meta:
        model = Expenditure
        fields = ["date", "amount", "vat", "vat_exception", "supplier", "document_number", "status", "description"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 2}),
        }


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Užpildytas Excel šablonas (.xlsx)"))
