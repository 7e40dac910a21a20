"""The five bouwstenen of the Kader voor de aanpak van mensenhandel (2021), shared by the
monitor, the kennisbank and the zelfscan."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Bouwsteen(models.TextChoices):
    BELEID = "beleid", _("Beleidsmatige basis")
    SIGNALEREN = "signaleren", _("Signalerend vermogen")
    BEWUSTWORDING = "bewustwording", _("Aandacht voor en bewustwording van het fenomeen")
    SAMENWERKING = "samenwerking", _("Samenwerking in de keten en/of regio")
    OPVANG = "opvang", _("Opvang van en hulpverlening aan slachtoffers en daders")
