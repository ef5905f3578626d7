"""Alumni: the record made when a camp participant graduates; the alumni forums will build on it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AlumniRecord(models.Model):
    """One graduation of one person: which programme, which cohort, which year."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("alumnus"),
        on_delete=models.CASCADE,
        related_name="alumni_records",
    )
    programme = models.ForeignKey(
        "camps.ProgrammePage", verbose_name=_("programme"), on_delete=models.PROTECT, related_name="+"
    )
    cohort = models.ForeignKey(
        "camps.Cohort", verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="alumni_records"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("alumni record")
        verbose_name_plural = _("alumni records")
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "cohort"], name="alumni_once_per_cohort")]

    def __str__(self):
        return f"{self.user} — {self.cohort} ({self.year})"
