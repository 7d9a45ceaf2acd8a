import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from budget.models import BudgetCategory
from plans.models import Area
from schools.models import School


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Paieška"), method="search")
    area = django_filters.ModelChoiceFilter(
        label=_("Sritis"), field_name="areas", queryset=Area.objects.all(), to_field_name="code"
    )
    category = django_filters.ModelChoiceFilter(label=_("Biudžeto kategorija"), queryset=BudgetCategory.objects.none())
    school = django_filters.ModelChoiceFilter(
        label=_("Mokykla"), method="by_school", queryset=School.objects.none(), to_field_name="code"
    )
    year = django_filters.ChoiceFilter(label=_("Metai"), method="by_year", choices=(), empty_label=_("visi metai"))

    class Meta:
        model = Activity
        fields = []

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].queryset = BudgetCategory.objects.filter(plan=plan)
        self.filters["school"].queryset = School.objects.filter(municipality_id=plan.municipality_id)
        years = range(plan.starts_on.year, plan.ends_on.year + 1)
        self.filters["year"].extra["choices"] = [(y, y) for y in years]
        self.form.fields["q"].widget = forms.TextInput(attrs={"type": "search", "placeholder": _("numeris ar žodis")})

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number=value)
            | Q(number__startswith=f"{value}.")
            | Q(title__icontains=value)
            | Q(description__icontains=value)
        )

    def by_school(self, queryset, name, school):
        return queryset.filter(school_roles__school=school).distinct()

    def by_year(self, queryset, name, year):
        year = int(year)
        return queryset.filter(Q(starts_on__year__lte=year) | Q(starts_on__isnull=True)).filter(
            Q(ends_on__year__gte=year) | Q(ends_on__isnull=True)
        )
