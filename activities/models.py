import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.numbering import sort_key
from plans.models import MONEY
from reporting.models import PERCENT_VALIDATORS, ReviewedItem


class Activity(models.Model):
    """A numbered activity of the plan (veikla); a sub-activity such as 8.3 has a parent."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("planas"), on_delete=models.CASCADE, related_name="activities"
    )
    number = models.CharField(_("numeris"), max_length=20)
    sort_key = models.CharField(max_length=60, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("veikla")
    )
    title = models.TextField(_("pavadinimas"))
    description = models.TextField(_("aprašymas"), blank=True)
    rationale = models.TextField(_("poreikio ir naudingumo pagrindimas"), blank=True)
    measurement = models.TextField(_("poveikio matavimas"), blank=True)
    documents = models.TextField(_("dokumentai, į kuriuos įtraukta"), blank=True)
    form = models.TextField(_("forma"), blank=True)
    period_text = models.CharField(_("įgyvendinimo laikotarpis"), max_length=200, blank=True)
    starts_on = models.DateField(_("pradžia"), null=True, blank=True)
    ends_on = models.DateField(_("pabaiga"), null=True, blank=True)
    areas = models.ManyToManyField("plans.Area", verbose_name=_("sritys"), blank=True, related_name="activities")
    category = models.ForeignKey(
        "budget.BudgetCategory",
        verbose_name=_("biudžeto kategorija"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    objectives = models.ManyToManyField(
        "plans.Objective", verbose_name=_("uždaviniai"), blank=True, related_name="activities"
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator", verbose_name=_("rodikliai"), blank=True, related_name="activities"
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("susijusios veiklos"), symmetrical=False, blank=True, related_name="related_from"
    )
    schools = models.ManyToManyField("schools.School", through="ActivitySchool", related_name="activities", blank=True)
    printed_amount = models.DecimalField(_("suma be PVM plane"), null=True, blank=True, **MONEY)
    printed_vat = models.DecimalField(_("PVM plane"), null=True, blank=True, **MONEY)
    schools_text = models.TextField(_("vykdančios mokyklos (plano tekstas)"), blank=True)
    networking_text = models.TextField(_("tinklaveika (plano tekstas)"), blank=True)
    source_line = models.PositiveIntegerField(_("plano eilutė"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("veikla")
        verbose_name_plural = _("veiklos")
        ordering = ["plan", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="activity_number_unique")]
        indexes = [models.Index(fields=["plan", "sort_key"])]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.number)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("activities:detail", args=[self.plan.municipality.code, self.number])

    @property
    def short_title(self):
        return self.title if len(self.title) <= 90 else self.title[:88].rstrip() + "…"


class ActivitySchool(models.Model):
    """A school's part in an activity: carries it out, or takes part through networking."""

    class Role(models.TextChoices):
        IMPLEMENTS = "implements", _("vykdo")
        NETWORKING = "networking", _("dalyvauja per tinklaveiką")
        RESPONSIBLE = "responsible", _("atsakinga")
        PARTNER = "partner", _("partneris")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="school_roles")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="activity_roles")
    role = models.CharField(_("vaidmuo"), max_length=20, choices=Role.choices)
    programme_year = models.PositiveSmallIntegerField(
        _("programos metai"),
        null=True,
        blank=True,
        help_text=_("1 – pirmi metai, 2 – antri metai; tuščia – visą laiką."),
    )

    class Meta:
        verbose_name = _("mokyklos dalyvavimas veikloje")
        verbose_name_plural = _("mokyklų dalyvavimas veiklose")
        ordering = ["activity", "role", "programme_year", "school__kind", "school__number"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "school", "role"], name="activity_school_role_unique"),
        ]

    def __str__(self):
        return f"{self.activity.number} – {self.school.code} ({self.get_role_display()})"


class ActivityProgress(ReviewedItem):
    """How an activity went in one school in one reporting period."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("nepradėta")
        IN_PROGRESS = "in_progress", _("vykdoma")
        DONE = "done", _("įvykdyta")
        DELAYED = "delayed", _("vėluoja")
        CANCELLED = "cancelled", _("atšaukta")

    activity = models.ForeignKey(Activity, verbose_name=_("veikla"), on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(_("būsena"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    percent_done = models.PositiveSmallIntegerField(_("įvykdyta, %"), default=0, validators=PERCENT_VALIDATORS)
    done_text = models.TextField(_("kas padaryta"), blank=True, max_length=5000)
    next_text = models.TextField(_("kas toliau"), blank=True, max_length=5000)
    pupils = models.PositiveIntegerField(_("dalyvavo mokinių"), default=0, validators=[MaxValueValidator(100000)])
    teachers = models.PositiveIntegerField(_("dalyvavo mokytojų"), default=0, validators=[MaxValueValidator(10000)])
    networking_schools = models.ManyToManyField(
        "schools.School", verbose_name=_("dalyvavo tinklaveikos mokyklos"), blank=True, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[networking_schools])

    class Meta:
        verbose_name = _("veiklos pažanga")
        verbose_name_plural = _("veiklų pažanga")
        ordering = ["period", "school", "activity__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["period", "school", "activity"], name="one_progress_per_activity"),
        ]
        indexes = [models.Index(fields=["state", "period"])]

    def __str__(self):
        return f"{self.activity.number} · {self.school.code} · {self.period.code}"

    def check_complete(self):
        """What a reviewer needs before the item can be submitted."""
        if self.status != self.Status.NOT_STARTED and not self.done_text.strip():
            raise ValidationError(
                {"done_text": _("Veikla %(number)s: aprašykite, kas padaryta.") % {"number": self.activity.number}}
            )


def evidence_path(instance, filename):
    return f"evidence/{instance.progress.period.plan.municipality.code}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file that shows the work was done; served only to those who may see the item."""

    progress = models.ForeignKey(
        ActivityProgress, verbose_name=_("veiklos pažanga"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("failas"), upload_to=evidence_path, max_length=300)
    name = models.CharField(_("failo vardas"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("įkėlė"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("įkelta"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("įrodymas")
        verbose_name_plural = _("įrodymai")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name
