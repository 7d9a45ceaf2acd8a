from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.jobs import BackgroundJob


class Report(BackgroundJob):
    """A report for the ministry, made in the background and stored with what it was made from."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("pažangos ataskaita")
        SCHOOL = "school", _("mokyklos ataskaita")
        BUDGET = "budget", _("biudžeto ataskaita")

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    class State(models.TextChoices):
        QUEUED = "queued", _("laukia eilėje")
        RUNNING = "running", _("ruošiama")
        DONE = "done", _("paruošta")
        FAILED = "failed", _("nepavyko")
        EXPIRED = "expired", _("failas ištrintas (saugojimo laikas baigėsi)")

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("rūšis"), max_length=20, choices=Kind.choices)
    period = models.CharField(_("laikotarpis"), max_length=20, help_text=_("2025-Q4, 2025-H2, 2025 arba all"))
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    format = models.CharField(_("formatas"), max_length=10, choices=Format.choices)
    state = models.CharField(_("būsena"), max_length=20, choices=State.choices, default=State.QUEUED)
    scheduled = models.BooleanField(_("suplanuota automatiškai"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data_as_of = models.DateTimeField(_("duomenys"), null=True, blank=True)
    figures = models.JSONField(_("pagrindiniai skaičiai"), default=dict, blank=True)
    data_checksum = models.CharField(_("duomenų kontrolinė suma"), max_length=64, blank=True)
    file = models.FileField(upload_to="reports/", blank=True, max_length=300)
    file_checksum = models.CharField(_("failo kontrolinė suma"), max_length=64, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("ataskaita")
        verbose_name_plural = _("ataskaitos")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["plan", "kind", "state"])]

    def __str__(self):
        school = f" {self.school.code}" if self.school_id else ""
        return f"{self.get_kind_display()} {self.period}{school} ({self.format})"

    @property
    def filename(self):
        """A Lithuanian file name without diacritics: kaunas-pazanga-2025-Q4.pdf."""
        school = f"-{self.school.code}" if self.school_id else ""
        kind = {"progress": "pazanga", "school": "mokykla", "budget": "biudzetas"}.get(self.kind, self.kind)
        period = "visa-programa" if self.period == "all" else self.period
        return f"{self.plan.municipality.code}-{kind}-{period}{school}.{self.format}"

    def get_absolute_url(self):
        return reverse("reports:download", args=[self.plan.municipality.code, self.pk])
