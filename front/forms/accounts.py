from django import forms
from django.conf import settings
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from schools.models import School


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("El. paštas"))
    first_name = forms.CharField(label=_("Vardas"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Pavardė"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Vaidmuo"), choices=User.Role.choices)
    schools = forms.ModelMultipleChoiceField(
        label=_("Mokyklos"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tik koordinatoriams: mokyklos, kurių duomenis jie teiks."),
    )
    language = forms.ChoiceField(label=_("Kalba"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = School.objects.filter(municipality=municipality).participating()


class UserAccessForm(forms.Form):
    role = forms.ChoiceField(label=_("Vaidmuo"), choices=User.Role.choices)
    schools = forms.ModelMultipleChoiceField(
        label=_("Mokyklos"), queryset=School.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("Paskyra aktyvi"), required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = School.objects.filter(municipality=municipality).participating()


class InvitationPasswordForm(SetPasswordForm):
    """Django's set-password form, labelled for someone accepting an invitation."""
