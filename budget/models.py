import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.jobs import BackgroundJob
from core.money import ZERO
from plans.models import MONEY
from reporting.models import ReviewedItem


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

    activity = models.ForeignKey(
        "activities.Activity", verbose_name=_("veikla"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("mokykla"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
    )
    amount = models.DecimalField(_("suma be PVM"), validators=[MinValueValidator(ZERO)], **MONEY)
    # Empty where the plan prints no VAT figure: unknown is not zero.
    vat = models.DecimalField(_("PVM"), validators=[MinValueValidator(ZERO)], null=True, blank=True, **MONEY)
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


def expenditure_document_path(instance, filename):
    return f"expenditures/{instance.budget_line.activity.plan.municipality.code}/{uuid.uuid4().hex}"


class Expenditure(ReviewedItem):
    """Money committed or spent against a budget line: amount without VAT and VAT kept apart.

    Staff entries count at once; entries by school coordinators (where the plan allows them)
    are reviewed like progress items. Only approved entries count in totals.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("planuojamas įsipareigojimas")
        CONTRACTED = "contracted", _("sutartis pasirašyta")
        PAID = "paid", _("apmokėta")

    school = models.ForeignKey(
        "schools.School", verbose_name=_("mokykla"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("biudžeto eilutė"), on_delete=models.PROTECT, related_name="expenditures"
    )
    date = models.DateField(_("data"))
    amount = models.DecimalField(_("suma be PVM"), validators=[MinValueValidator(ZERO)], **MONEY)
    vat = models.DecimalField(_("PVM"), validators=[MinValueValidator(ZERO)], **MONEY)
    vat_exception = models.BooleanField(
        _("PVM viršija eilutės tarifą (pagrįsta)"),
        default=False,
        help_text=_("Pažymėkite, jei PVM pagrįstai didesnis, nei leidžia eilutės PVM tarifas."),
    )
    supplier = models.CharField(_("tiekėjas"), max_length=300)
    document_number = models.CharField(
        _("dokumento numeris"), max_length=100, help_text=_("Sąskaitos, sutarties ar pirkimo numeris.")
    )
    description = models.TextField(_("aprašymas"), blank=True, max_length=2000)
    status = models.CharField(_("būsena"), max_length=20, choices=Status.choices)
    document = models.FileField(_("dokumentas"), upload_to=expenditure_document_path, blank=True, max_length=300)
    document_name = models.CharField(max_length=200, blank=True)
    document_content_type = models.CharField(max_length=100, blank=True)
    entered_by_school = models.BooleanField(
        _("įvedė mokykla"),
        default=False,
        editable=False,
        help_text=_("Mokyklos įrašą tvirtina darbuotojas, kuris jo nekeitė; savivaldybės įrašai galioja iškart."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("išlaidos")
        verbose_name_plural = _("išlaidos")
        ordering = ["-date", "pk"]
        indexes = [
            models.Index(fields=["state", "status"]),
            models.Index(fields=["budget_line", "state"]),
            models.Index(fields=["supplier", "document_number"]),
        ]

    def __str__(self):
        return f"{self.date} {self.supplier} {self.document_number}"


def import_file_path(instance, filename):
    return f"imports/{instance.plan.municipality.code}/{uuid.uuid4().hex}.xlsx"


class ExpenditureImport(BackgroundJob):
    """A spending workbook imported in the background: the file, its progress and what came of it."""

    class State(models.TextChoices):
        QUEUED = "queued", _("laukia eilėje")
        RUNNING = "running", _("importuojama")
        DONE = "done", _("importuota")
        REFUSED = "refused", _("neimportuota: faile yra klaidų")
        FAILED = "failed", _("nepavyko")

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("būsena"), max_length=20, choices=State.choices, default=State.QUEUED)
    file_name = models.CharField(_("failas"), max_length=200)
    file = models.FileField(upload_to=import_file_path, max_length=300)
    rows = models.PositiveIntegerField(_("eilučių"), null=True, blank=True)
    created = models.PositiveIntegerField(_("naujų"), default=0)
    updated = models.PositiveIntegerField(_("pakeistų"), default=0)
    unchanged = models.PositiveIntegerField(_("nepakitusių"), default=0)
    error_count = models.PositiveIntegerField(_("eilučių su klaidomis"), default=0)
    row_errors = models.JSONField(default=list, blank=True, help_text="[[row, [messages]], …], the first 100")
    error_file = models.FileField(upload_to=import_file_path, blank=True, max_length=300)

    class Meta:
        verbose_name = _("išlaidų importas")
        verbose_name_plural = _("išlaidų importai")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"
