from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """Dashboard figures computed by a background task; pages only read them.

    One row for the municipality (school empty) and one for each participating school.
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="snapshots")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    data = models.JSONField()
    data_hash = models.CharField(max_length=64)
    computed_at = models.DateTimeField(_("apskaičiuota"))

    class Meta:
        verbose_name = _("suvestinės duomenys")
        verbose_name_plural = _("suvestinių duomenys")
        constraints = [
            models.UniqueConstraint(fields=["plan", "school"], name="one_snapshot_per_school"),
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(school__isnull=True), name="one_municipality_snapshot"
            ),
        ]

    def __str__(self):
        return f"{self.plan} · {self.school.code if self.school_id else '—'}"
