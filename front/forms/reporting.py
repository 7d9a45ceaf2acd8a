from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityProgress
from front.forms.choices import empty_choice_in_words
from indicators.models import IndicatorValue
from networking.models import NetworkingEvent
from reporting.models import ReportingPeriod
from reporting.uploads import ACCEPTED
from schools.models import School


class VersionedForm(forms.ModelForm):
    """Carries the version the person started from, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        empty_choice_in_words(self)


class SchoolChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, school):
        return school.code if not school.name else f"{school.code} {school.name}"


class ActivityProgressForm(VersionedForm):
    networking_schools = SchoolChoices(
        label=_("Dalyvavusios kitos mokyklos (tinklaveika)"), queryset=School.objects.none(), required=False
    )

    class Meta:
        model = ActivityProgress
        fields = ["status", "percent_done", "done_text", "next_text", "pupils", "teachers", "networking_schools"]
        widgets = {
            "done_text": forms.Textarea(attrs={"rows": 4}),
            "next_text": forms.Textarea(attrs={"rows": 3}),
            "percent_done": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "pupils": forms.NumberInput(attrs={"min": 0}),
            "teachers": forms.NumberInput(attrs={"min": 0}),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["networking_schools"].queryset = School.objects.filter(
            municipality_id=school.municipality_id
        ).exclude(pk=school.pk)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Įrodymo failas"), help_text=_("Iki 10 MB: %(types)s") % {"types": ACCEPTED})


class IndicatorValueForm(VersionedForm):
    value = forms.DecimalField(label=_("Reikšmė"), required=False, localize=True, max_digits=14, decimal_places=4)

    class Meta:
        model = IndicatorValue
        fields = ["value", "text", "not_measured", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3}), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, indicator=None, **kwargs):
        super().__init__(*args, **kwargs)
        # a described result is written in words; a measured one is a number in the indicator's unit
        del self.fields["value" if indicator is not None and indicator.is_text else "text"]
        if indicator is not None and indicator.unit_text and "value" in self.fields:
            self.fields["value"].label = _("Reikšmė (%(unit)s)") % {"unit": indicator.unit_text}


class NetworkingEventForm(VersionedForm):
    participating_schools = SchoolChoices(label=_("Dalyvavusios mokyklos"), queryset=School.objects.none())

    class Meta:
        model = NetworkingEvent
        fields = ["date", "form", "title", "participating_schools", "participants", "activity", "description"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.NumberInput(attrs={"min": 0}),
        }

    def __init__(self, *args, plan, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participating_schools"].queryset = School.objects.filter(
            municipality_id=plan.municipality_id
        ).exclude(pk=school.pk)
        self.fields["activity"].queryset = Activity.objects.filter(plan=plan)
        self.fields["activity"].label_from_instance = lambda a: f"{a.number}. {a.short_title}"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Priežastis"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Mokykla matys ją prie įrašo."),
    )


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["deadline", "grace_days"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ReopenForm(forms.Form):
    until = forms.DateField(label=_("Atidaryti iki"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Priežastis"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Jūsų atsakymas"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("Atsakymą matys koordinavimo komanda ir mokyklos koordinatorius."),
    )
