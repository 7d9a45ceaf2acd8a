from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reporting.models import ReviewedItem


class NetworkingEvent(ReviewedItem):
    """A networking event (tinklaveikos renginys) held by a school; `school` is the host."""

    class Form(models.TextChoices):
        LESSON = "lesson", _("integruota / atvira pamoka")
        SEMINAR = "seminar", _("seminaras, mokymai")
        VISIT = "visit", _("vizitas, stažuotė")
        PROJECT = "project", _("bendras projektas")
        EVENT = "event", _("renginys, konkursas")
        MEETING = "meeting", _("susitikimas, konsultacija")
        OTHER = "other", _("kita")

    date = models.DateField(_("data"))
    form = models.CharField(_("forma"), max_length=20, choices=Form.choices)
    title = models.CharField(_("pavadinimas"), max_length=300)
    participating_schools = models.ManyToManyField(
        "schools.School", verbose_name=_("dalyvavusios mokyklos"), related_name="networking_events"
    )
    participants = models.PositiveIntegerField(_("dalyvių skaičius"), validators=[MaxValueValidator(100000)])
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("susijusi veikla"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="networking_events",
    )
    description = models.TextField(_("aprašymas"), blank=True, max_length=5000)

    history = HistoricalRecords(m2m_fields=[participating_schools])

    class Meta:
        verbose_name = _("tinklaveikos renginys")
        verbose_name_plural = _("tinklaveikos renginiai")
        ordering = ["-date", "pk"]
        indexes = [models.Index(fields=["state", "period"]), models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.date} {self.title}"
