from django import forms
from django.utils.translation import gettext_lazy

from front.forms.choices import empty_choice_in_words
from reports.access import report_access
from reports.models import Report
from reports.periods import report_periods
from reports.services import RETENTION_DAYS
from schools.models import School


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Ataskaita"), choices=Report.Kind.choices)
    period = forms.ChoiceField(label=gettext_lazy("Laikotarpis"), initial="all")
    school = forms.ModelChoiceField(
        label=gettext_lazy("Mokykla"),
        queryset=School.objects.none(),
        required=False,
        to_field_name="code",
        help_text=gettext_lazy("Tik mokyklos ataskaitai."),
    )
    format = forms.ChoiceField(label=gettext_lazy("Formatas"), choices=Report.Format.choices)

    def __init__(self, *args, municipality, plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = report_periods(plan)
        schools = School.objects.filter(municipality=municipality).participating()
        access = report_access(user, municipality)
        if not access.every_report:
            schools = schools.filter(pk__in=access.school_ids)
            self.fields["kind"].choices = [(Report.Kind.SCHOOL, Report.Kind.SCHOOL.label)]
        self.fields["school"].queryset = schools
        empty_choice_in_words(self)


class RetentionForm(forms.Form):
    report_retention_days = forms.IntegerField(
        label=gettext_lazy("Saugoti ataskaitų failus, dienų"), min_value=RETENTION_DAYS[0], max_value=RETENTION_DAYS[1]
    )
