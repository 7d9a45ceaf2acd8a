import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportingPeriod(models.Model):
    """A reporting period (ataskaitinis laikotarpis), normally a quarter, with its submission deadline."""

    plan = models.ForeignKey("plans.Plan", verbose_name=_("planas"), on_delete=models.CASCADE, related_name="periods")
    code = models.CharField(_("kodas"), max_length=20, help_text=_("Pvz., 2025-Q1."))
    starts_on = models.DateField(_("pradžia"))
    ends_on = models.DateField(_("pabaiga"))
    deadline = models.DateField(_("pateikimo terminas"))
    grace_days = models.PositiveSmallIntegerField(
        _("papildomos dienos po termino"),
        default=7,
        validators=[MaxValueValidator(90)],
        help_text=_("Tiek dienų po termino duomenis dar galima pateikti; paskui laikotarpis užrakinamas."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ataskaitinis laikotarpis")
        verbose_name_plural = _("ataskaitiniai laikotarpiai")
        ordering = ["plan", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="period_code_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(deadline__gte=models.F("ends_on")), name="deadline_after_period"),
        ]

    def __str__(self):
        return self.code

    @property
    def locks_on(self) -> datetime.date:
        """The last day on which schools can still enter and submit."""
        return self.deadline + datetime.timedelta(days=self.grace_days)

    def is_late(self, moment) -> bool:
        return moment is not None and timezone.localdate(moment) > self.deadline


class PeriodReopening(models.Model):
    """Staff reopen a locked period for one school, until a date."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reopenings")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="reopenings")
    until = models.DateField(_("atidaryta iki"))
    reason = models.TextField(_("priežastis"))
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("laikotarpio atidarymas mokyklai")
        verbose_name_plural = _("laikotarpio atidarymai mokykloms")
        ordering = ["-created_at"]


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("juodraštis")
    SUBMITTED = "submitted", _("pateikta")
    RETURNED = "returned", _("grąžinta taisyti")
    APPROVED = "approved", _("patvirtinta")


class ReviewedItem(models.Model):
    """What a school submits for a period and staff review: the shared workflow fields.

    `version` counts saves; a save that started from an older version is refused (no lost update).
    """

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("laikotarpis"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey("schools.School", verbose_name=_("mokykla"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("būsena"), max_length=20, choices=ReviewState.choices, default=ReviewState.DRAFT)
    return_reason = models.TextField(_("grąžinimo priežastis"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sukūrė"), on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pakeitė"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pateikė"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peržiūrėjo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sukurta"), auto_now_add=True)
    updated_at = models.DateTimeField(_("pakeista"), auto_now=True)
    submitted_at = models.DateTimeField(_("pateikta"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("peržiūrėta"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self):
        return self.state in (ReviewState.DRAFT, ReviewState.RETURNED)

    @property
    def is_late(self):
        return self.period.is_late(self.submitted_at)


class ReminderLog(models.Model):
    """One row per e-mail sent by the reminder tasks, so that a rerun sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="reminder_sent_once")]


PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class ItemComment(models.Model):
    """One message in the conversation on a school's item (usually about why it was returned)."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("autorius"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("atsakymas"), max_length=4000)
    is_return_reason = models.BooleanField(
        _("grąžinimo priežastis"), default=False, help_text=_("Įrašas grąžintas taisyti su šia priežastimi.")
    )
    created_at = models.DateTimeField(_("parašyta"), auto_now_add=True)

    class Meta:
        verbose_name = _("įrašo komentaras")
        verbose_name_plural = _("įrašų komentarai")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="item_comment_thread")]

    def __str__(self):
        return f"{self.author}: {self.text[:40]}"
