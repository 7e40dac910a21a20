from django.db import models


class AppendOnly(models.Model):
    """A history row: created once, never changed (meldroute's route, zorg's phases and consent)."""

    wijzigen_geweigerd = "Deze geschiedenis wordt niet gewijzigd, alleen aangevuld."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(self.wijzigen_geweigerd)
        super().save(*args, **kwargs)


class GeplandeTaak(models.Model):
    """When a periodic task was last put on the queue by ``kompas planner``."""

    naam = models.CharField(max_length=100, unique=True)
    laatst_ingepland = models.DateTimeField()

    class Meta:
        verbose_name = "geplande taak"
        verbose_name_plural = "geplande taken"

    def __str__(self) -> str:
        return f"{self.naam} ({self.laatst_ingepland:%Y-%m-%d %H:%M})"


class OnbezorgdeMail(models.Model):
    """An e-mail that could not be delivered after every retry (see ``kompas.core.mail``).

    The functioneel beheerder sees the ones addressed to colleagues of the organisation on the
    users page, so a message that never arrived (a password link, a reminder) is noticed."""

    onderwerp = models.CharField(max_length=300)
    aan = models.JSONField(default=list)
    fout = models.TextField()
    pogingen = models.PositiveSmallIntegerField()
    tijdstip = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "onbezorgde e-mail"
        verbose_name_plural = "onbezorgde e-mails"
        ordering = ["-tijdstip"]

    def __str__(self) -> str:
        return f"{self.onderwerp} → {', '.join(self.aan)}"


class Gegevensversie(models.Model):
    """One row: how often the domain data changed (SQLite). Database triggers raise it on every
    insert, update and delete of a domain table, so a page cached under it can tell that
    anything it shows changed (see :mod:`kompas.core.gegevensversie`). On PostgreSQL the
    triggers write :class:`Gegevenswijziging` rows instead and ``teller`` counts the cleanups."""

    teller = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "gegevensversie"
        verbose_name_plural = "gegevensversies"

    def __str__(self) -> str:
        return str(self.teller)


class Gegevenswijziging(models.Model):
    """PostgreSQL: one row per statement that changed domain data (see
    :mod:`kompas.core.gegevensversie`); emptied when it grows and by the cleanup task."""

    id = models.BigAutoField(primary_key=True)
    transactie = models.BigIntegerField()

    class Meta:
        verbose_name = "gegevenswijziging"
        verbose_name_plural = "gegevenswijzigingen"

    def __str__(self) -> str:
        return str(self.transactie)
