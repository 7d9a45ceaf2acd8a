import django_filters
from django import forms
from django.utils.translation import gettext_lazy

from networking.models import NetworkingEvent
from schools.models import School


class EventFilter(django_filters.FilterSet):
    school = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Mokykla"), method="by_school", queryset=School.objects.none(), to_field_name="code"
    )
    form = django_filters.ChoiceFilter(label=gettext_lazy("Forma"), choices=NetworkingEvent.Form.choices)
    date_from = django_filters.DateFilter(
        label=gettext_lazy("Nuo"), field_name="date", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=gettext_lazy("Iki"), field_name="date", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = NetworkingEvent
        fields = ["form", "state"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = School.objects.filter(municipality=municipality)

    def by_school(self, queryset, name, school):
        return queryset.filter(school=school) | queryset.filter(participating_schools=school)
