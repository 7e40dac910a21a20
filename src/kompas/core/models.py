from django.db import models


class GeplandeTaak(models.Model):
    """When a periodic task was last put on the queue by ``kompas planner``."""

    naam = models.CharField(max_length=100, unique=True)
    laatst_ingepland = models.DateTimeField()

    class Meta:
        verbose_name = "geplande taak"
        verbose_name_plural = "geplande taken"

    def __str__(self) -> str:
        return f"{self.naam} ({self.laatst_ingepland:%Y-%m-%d %H:%M})"
