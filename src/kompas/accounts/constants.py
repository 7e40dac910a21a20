"""Organisation types and roles. Domain nouns stay Dutch, as the field uses them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisatieType(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    ZVH = "zvh", _("Zorg- en Veiligheidshuis")
    RIEC = "riec", _("RIEC")
    POLITIE = "politie", _("Politie")
    ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")
    COMENSHA = "comensha", _("CoMensha")
    VNG = "vng", _("VNG")
    ANDERS = "anders", _("Andere organisatie")


class Rol(models.TextChoices):
    MEDEWERKER = "medewerker", _("Medewerker")
    AANDACHTSFUNCTIONARIS = "aandachtsfunctionaris", _("Aandachtsfunctionaris")
    BELEIDSADVISEUR = "beleidsadviseur", _("Beleidsadviseur")
    ZORGCOORDINATOR = "zorgcoordinator", _("Zorgcoördinator")
    PROCESREGISSEUR = "procesregisseur", _("Procesregisseur")
    KETENREGISSEUR = "ketenregisseur", _("Ketenregisseur")
    ANALIST = "analist", _("Analist")
    REDACTEUR = "redacteur", _("Redacteur")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    APPLICATIEBEHEERDER = "applicatiebeheerder", _("Applicatiebeheerder")


# Roles that can see personal data (signals, victims, users, audit trails) must use TOTP.
# Analysts, ketenregisseurs, beleidsadviseurs and redacteuren see aggregates or content only;
# they may still enrol a device voluntarily, and once they have one it is always asked.
ROLES_REQUIRING_2FA = frozenset(
    {
        Rol.MEDEWERKER,
        Rol.AANDACHTSFUNCTIONARIS,
        Rol.ZORGCOORDINATOR,
        Rol.PROCESREGISSEUR,
        Rol.FUNCTIONEEL_BEHEERDER,
        Rol.PRIVACY_OFFICER,
        Rol.APPLICATIEBEHEERDER,
    }
)

# Roles whose scope is wider than their own organisation.
REGIONAL_ROLES = frozenset({Rol.KETENREGISSEUR})
NATIONAL_ROLES = frozenset({Rol.ANALIST})
