"""A zelfscan of one gemeente at one moment: answers per statement, draft or completed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompas.core.datums import datum


class Zelfscan(models.Model):
    """A scan of one gemeente. ``organisatie`` is that gemeente as it takes part in Kompas (an
    organisation of type gemeente): whose scans are "ours" follows it, so a scan stays with its
    gemeente when the CBS code changes by a herindeling. It is empty only for a regional scan of a
    gemeente without an account yet, and filled when that organisation is created (see
    :mod:`kompas.zelfscan.koppeling`). PROTECT: a scan is the gemeente's own record, so an
    organisation with scans is deactivated, not deleted. ``cbs_code`` and ``gemeente_naam`` stay as
    they were when the scan started (file names, the regional overview of this year's gemeenten)."""

    class Status(models.TextChoices):
        CONCEPT = "concept", _("Concept")
        AFGEROND = "afgerond", _("Afgerond")

    cbs_code = models.CharField(_("gemeente (CBS-code)"), max_length=6, db_index=True)
    gemeente_naam = models.CharField(_("gemeente"), max_length=120)
    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zelfscans",
        verbose_name=_("gemeente (organisatie)"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONCEPT)
    antwoorden = models.JSONField(default=dict)
    toelichting = models.TextField(_("toelichting"), blank=True, max_length=5000)
    regionaal = models.BooleanField(_("ingevuld voor de hele regio"), default=False)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    bijgewerkt_op = models.DateTimeField(auto_now=True)
    afgerond_op = models.DateTimeField(null=True, blank=True)
    evaluatie_op = models.DateField(_("evaluatie beleidsplan"), null=True, blank=True)

    class Meta:
        verbose_name = _("zelfscan")
        verbose_name_plural = _("zelfscans")
        ordering = ["-aangemaakt_op"]

    def __str__(self) -> str:
        return f"Zelfscan {self.gemeente_naam} ({datum(self.aangemaakt_op)})"
