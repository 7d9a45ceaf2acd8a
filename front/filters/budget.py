import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budget.models import BudgetCategory, BudgetLine
from plans.models import Area
from schools.models import School


class BudgetLineFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Veikla"), method="search")
    category = django_filters.ModelChoiceFilter(
        label=_("Kategorija"), field_name="activity__category", queryset=BudgetCategory.objects.none()
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Sritis"), field_name="activity__areas", queryset=Area.objects.all(), to_field_name="code"
    )
    school = django_filters.ModelChoiceFilter(
        label=_("Mokykla"), field_name="school", queryset=School.objects.none(), to_field_name="code"
    )

    class Meta:
        model = BudgetLine
        fields = []

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].queryset = BudgetCategory.objects.filter(plan=plan)
        self.filters["school"].queryset = School.objects.filter(municipality_id=plan.municipality_id).participating()

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(activity__number=value)
            | Q(activity__number__startswith=f"{value}.")
            | Q(activity__title__icontains=value)
        )
