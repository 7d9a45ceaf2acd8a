from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.models import MONEY
from tum_portal.money import ZERO


class BudgetCategory(models.Model):
    """One of the budget categories of the plan's section 7."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="budget_categories")
    number = models.PositiveSmallIntegerField(_("numeris"))
    name = models.CharField(_("pavadinimas"), max_length=200)
    name_en = models.CharField(_("pavadinimas anglų k."), max_length=200, blank=True)
    activities_text = models.CharField(_("veiklos (plano tekstas)"), max_length=300, blank=True)
    includes_indirect_costs = models.BooleanField(_("apima netiesiogines išlaidas"), default=False)

    class Meta:
        verbose_name = _("biudžeto kategorija")
        verbose_name_plural = _("biudžeto kategorijos")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="category_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.name}"


class BudgetLine(models.Model):
    """Money the plan gives an activity (optionally for one school): amount without VAT, and VAT."""

    activity = models.ForeignKey("activities.Activity", on_delete=models.CASCADE, related_name="budget_lines")
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="budget_lines"
    )
    amount = models.DecimalField(_("suma be PVM"), validators=[MinValueValidator(ZERO)], **MONEY)
    vat = models.DecimalField(_("PVM"), validators=[MinValueValidator(ZERO)], **MONEY)
    description = models.CharField(_("aprašymas"), max_length=300, blank=True)
    source_line = models.PositiveIntegerField(_("plano eilutė"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("biudžeto eilutė")
        verbose_name_plural = _("biudžeto eilutės")
        ordering = ["activity__sort_key", "school__number"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "school"], name="budget_line_unique_per_school"),
            models.UniqueConstraint(
                fields=["activity"], condition=models.Q(school__isnull=True), name="budget_line_unique_without_school"
            ),
        ]

    def __str__(self):
        where = f" ({self.school.code})" if self.school_id else ""
        return f"{self.activity.number}{where}"
