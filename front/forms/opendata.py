import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from api.services import LICENCES


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Sistema"), max_length=200, help_text=gettext_lazy("Kuri sistema naudos raktą.")
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Galioja iki"),
        help_text=gettext_lazy("Ne ilgiau kaip dvejus metus."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=365)


class PublicationForm(forms.Form):
    published = forms.BooleanField(label=gettext_lazy("Skelbti pažangą viešai"), required=False)
    licence = forms.ChoiceField(
        label=gettext_lazy("Atvirų duomenų licencija"), choices=[(k, v[0]) for k, v in LICENCES.items()]
    )
