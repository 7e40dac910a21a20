"""Reference data: gemeenten per year, their regional divisions and herindelingen.

The set of gemeenten changes almost every 1 January. A :class:`Gemeente` row is the
gemeente *as it was in one year*; figures of different years stay comparable by mapping
codes through :class:`Herindeling` (see :func:`kompas.regio.selectors.opvolgers`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kompas.core.datums import datum
from kompas.regio.constants import BEHEERDE_INDELINGEN, CBS_INDELINGEN, Indeling  # noqa: F401 - re-exported


class Gemeente(models.Model):
    jaar = models.PositiveSmallIntegerField(_("jaar"), db_index=True)
    cbs_code = models.CharField(_("CBS-code"), max_length=6)
    naam = models.CharField(_("naam"), max_length=120)
    provincie = models.CharField(_("provincie"), max_length=60)
    inwoners = models.PositiveIntegerField(_("inwoners"), null=True, blank=True)
    inwoners_peildatum = models.DateField(
        _("peildatum inwoners"),
        null=True,
        blank=True,
        help_text=_("De datum waarop het inwonertal gold; kan afwijken van het jaar van de indeling."),
    )
    bron = models.CharField(_("bron"), max_length=300, blank=True)
    # when the row last changed: with the row counts, the version of the reference data that
    # cached tables (kompas.regio.selectors.regio_versie) are kept under
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["-jaar", "naam"]
        constraints = [models.UniqueConstraint(fields=["jaar", "cbs_code"], name="gemeente_unique_jaar_code")]

    def __str__(self) -> str:
        return f"{self.naam} ({self.jaar})"


class Regio(models.Model):
    indeling = models.CharField(_("indeling"), max_length=20, choices=Indeling.choices)
    code = models.CharField(_("code"), max_length=20)
    naam = models.CharField(_("naam"), max_length=150)
    centrumgemeente_code = models.CharField(
        _("centrumgemeente (CBS-code)"),
        max_length=6,
        blank=True,
        help_text=_("Voor regio's vrouwenopvang: de centrumgemeente die de regionale taken financiert."),
    )
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), auto_now=True, db_index=True)  # see Gemeente.bijgewerkt_op

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["indeling", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["indeling", "code"], name="regio_unique_code"),
            models.UniqueConstraint(fields=["indeling", "naam"], name="regio_unique_naam"),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.get_indeling_display()})"


class RegioLidmaatschap(models.Model):
    """A gemeente (in one year) belongs to one region of each division."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="lidmaatschappen")
    regio = models.ForeignKey(Regio, on_delete=models.PROTECT, related_name="lidmaatschappen")
    indeling = models.CharField(_("indeling"), max_length=20, choices=Indeling.choices)
    bron = models.CharField(_("bron"), max_length=300, blank=True)
    bijgewerkt_op = models.DateTimeField(_("bijgewerkt op"), auto_now=True, db_index=True)  # see Gemeente.bijgewerkt_op

    class Meta:
        verbose_name = _("regiolidmaatschap")
        verbose_name_plural = _("regiolidmaatschappen")
        constraints = [models.UniqueConstraint(fields=["gemeente", "indeling"], name="regiolid_unique_indeling")]

    def __str__(self) -> str:
        return f"{self.gemeente} → {self.regio}"


class Herindeling(models.Model):
    class Soort(models.TextChoices):
        SAMENVOEGING = "samenvoeging", _("Samenvoeging")
        OPSPLITSING = "opsplitsing", _("Opheffing met verdeling over buurgemeenten")
        NAAMSWIJZIGING = "naamswijziging", _("Naamswijziging")

    ingangsdatum = models.DateField(_("ingangsdatum"))
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    omschrijving = models.CharField(_("omschrijving"), max_length=300)
    bron = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("herindeling")
        verbose_name_plural = _("herindelingen")
        ordering = ["ingangsdatum", "omschrijving"]
        constraints = [models.UniqueConstraint(fields=["ingangsdatum", "omschrijving"], name="herindeling_unique")]

    def __str__(self) -> str:
        return f"{datum(self.ingangsdatum)}: {self.omschrijving}"

    @property
    def eerste_jaar(self) -> int:
        """The first reference year (indeling per 1 January) in which the change shows."""
        d = self.ingangsdatum
        return d.year if (d.month, d.day) == (1, 1) else d.year + 1


class HerindelingDeel(models.Model):
    """One arrow of a herindeling: gemeente ``van`` went (wholly or partly) to ``naar``."""

    herindeling = models.ForeignKey(Herindeling, on_delete=models.CASCADE, related_name="delen")
    van_code = models.CharField(_("van (CBS-code)"), max_length=6)
    van_naam = models.CharField(_("van (naam)"), max_length=120)
    naar_code = models.CharField(_("naar (CBS-code)"), max_length=6)
    naar_naam = models.CharField(_("naar (naam)"), max_length=120)

    class Meta:
        verbose_name = _("deel van een herindeling")
        verbose_name_plural = _("delen van herindelingen")
        constraints = [
            models.UniqueConstraint(fields=["herindeling", "van_code", "naar_code"], name="herindelingdeel_unique")
        ]

    def __str__(self) -> str:
        return f"{self.van_naam} → {self.naar_naam}"
