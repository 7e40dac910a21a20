"""The regional divisions of the reference data, as constants other apps may import (they
never import kompas.regio.models; ADR 0001 and the import contracts)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Indeling(models.TextChoices):
    VEILIGHEIDSREGIO = "veiligheidsregio", _("Veiligheidsregio")
    POLITIE_EENHEID = "politie_eenheid", _("Politie-eenheid (RIEC-regio)")
    ZVH = "zvh", _("Zorg- en Veiligheidshuisregio")
    VROUWENOPVANG = "vrouwenopvang", _("Regio vrouwenopvang (centrumgemeente)")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis-regio")
    GGD = "ggd", _("GGD-regio")
    ARBEIDSMARKT = "arbeidsmarkt", _("Arbeidsmarktregio")


# Divisions that CBS publishes as a gebiedsindeling; the others are maintained in Kompas.
CBS_INDELINGEN = (
    Indeling.VEILIGHEIDSREGIO,
    Indeling.POLITIE_EENHEID,
    Indeling.GGD,
    Indeling.VEILIG_THUIS,
    Indeling.ARBEIDSMARKT,
)
BEHEERDE_INDELINGEN = (Indeling.ZVH, Indeling.VROUWENOPVANG)
