from django import forms
from django.utils.translation import gettext_lazy as _


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Plano failas (YAML)"),
        help_text=_("Tas pats formatas, kurį galima atsisiųsti šiame puslapyje. Netinkamas failas atmetamas visas."),
    )
