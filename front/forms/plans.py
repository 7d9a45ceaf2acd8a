from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from planfile.schema import MAX_FILE_BYTES


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Plano failas (YAML)"),
        help_text=_(
            "Tas pats formatas, kurį galima atsisiųsti šiame puslapyje. Pirmiausia parodoma, kas pasikeistų; "
            "planas keičiamas tik jums patvirtinus. Netinkamas failas atmetamas visas."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("Failas per didelis (daugiausia 10 MB)."))
        return upload


class PlanConfirmForm(forms.Form):
    """The yes to a previewed upload: which file (and its hash), and whether removals are meant."""

    upload = forms.UUIDField(widget=forms.HiddenInput)
    sha256 = forms.CharField(widget=forms.HiddenInput, validators=[RegexValidator(r"^[0-9a-f]{64}$")])
    allow_removals = forms.BooleanField(
        label=_("Taip, pašalinti šiuos įrašus iš portalo"),
        label_suffix="",
        required=False,
    )
