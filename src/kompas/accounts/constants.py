"""Organisation types and roles. Domain nouns stay Dutch, as the field uses them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisatieType(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    ZVH = "zvh", _("Zorg- en Veiligheidshuis")
    RIEC = "riec", _("RIEC")
    POLITIE = "politie", _("Politie")
    ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    GGD = "ggd", _("GGD")
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
    CONTACTPERSOON = "contactpersoon", _("Contactpersoon ketenpartner")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Functioneel beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    APPLICATIEBEHEERDER = "applicatiebeheerder", _("Applicatiebeheerder")


# Every role requires the second factor. Most roles see personal data (signals, victims, users,
# audit trails); beleidsadviseur, ketenregisseur and analist see the answers or figures of other
# organisations; the contactpersoon of a partner reads what a gemeente shares about a case; the
# redacteur publishes to every user of Kompas. A password alone is never enough.
ROLES_REQUIRING_2FA = frozenset(Rol)

# Roles whose scope is wider than their own organisation: only an applicatiebeheerder grants
# them, and only in an organisation of a type that may hold them.
REGIONAL_ROLES = frozenset({Rol.KETENREGISSEUR})
NATIONAL_ROLES = frozenset({Rol.ANALIST, Rol.REDACTEUR})

# Organisations that serve a region (their ``regio`` is the area a ketenregisseur sees) and
# the national organisations that run the monitor and write the kennisbank.
REGIONALE_ORGANISATIETYPEN = frozenset({OrganisatieType.ZVH, OrganisatieType.RIEC})
LANDELIJKE_ORGANISATIETYPEN = frozenset({OrganisatieType.VNG, OrganisatieType.COMENSHA})

_BEHEER = (Rol.FUNCTIONEEL_BEHEERDER, Rol.PRIVACY_OFFICER)
_ZORG = (Rol.ZORGCOORDINATOR, Rol.CONTACTPERSOON, *_BEHEER)

# THE table: which roles an organisation of each type may hold. A membership outside it does
# not count (kompas.accounts.policy), cannot be granted (kompas.accounts.services) and is
# reported by ``kompas rollen_controleren``.
ROLLEN_PER_ORGANISATIETYPE: dict[str, frozenset[str]] = {
    OrganisatieType.GEMEENTE: frozenset({Rol.MEDEWERKER, Rol.AANDACHTSFUNCTIONARIS, Rol.BELEIDSADVISEUR, *_BEHEER}),
    OrganisatieType.ZVH: frozenset(
        {Rol.ZORGCOORDINATOR, Rol.PROCESREGISSEUR, Rol.KETENREGISSEUR, Rol.CONTACTPERSOON, *_BEHEER}
    ),
    OrganisatieType.RIEC: frozenset({Rol.KETENREGISSEUR, Rol.CONTACTPERSOON, *_BEHEER}),
    OrganisatieType.POLITIE: frozenset({Rol.CONTACTPERSOON, *_BEHEER}),
    OrganisatieType.ZORGAANBIEDER: frozenset(_ZORG),
    OrganisatieType.VEILIG_THUIS: frozenset(_ZORG),
    OrganisatieType.GGD: frozenset(_ZORG),
    OrganisatieType.COMENSHA: frozenset({Rol.ANALIST, Rol.REDACTEUR, *_BEHEER}),
    OrganisatieType.VNG: frozenset({Rol.ANALIST, Rol.REDACTEUR, Rol.APPLICATIEBEHEERDER, *_BEHEER}),
    OrganisatieType.ANDERS: frozenset({Rol.CONTACTPERSOON, *_BEHEER}),
}

# Roles a functioneel beheerder may never grant: they reach beyond one organisation.
ROLES_ONLY_BY_APPLICATIEBEHEER = NATIONAL_ROLES | REGIONAL_ROLES | {Rol.APPLICATIEBEHEERDER}


def rol_past_bij(rol: str, organisatie_type: str) -> bool:
    """May an organisation of this type hold this role (the table above)?"""
    return rol in ROLLEN_PER_ORGANISATIETYPE.get(organisatie_type, frozenset())


def organisatietypen_voor(rol: str) -> frozenset[str]:
    """The organisation types in which ``rol`` may be held."""
    return frozenset(t for t, rollen in ROLLEN_PER_ORGANISATIETYPE.items() if rol in rollen)


def rollen_door_functioneel_beheerder(organisatie_type: str) -> list[str]:
    """Roles a functioneel beheerder of such an organisation may grant there, in table order."""
    allowed = ROLLEN_PER_ORGANISATIETYPE.get(organisatie_type, frozenset())
    return [r.value for r in Rol if r in allowed and r not in ROLES_ONLY_BY_APPLICATIEBEHEER]


def rollen_door_applicatiebeheer(organisatie_type: str) -> list[str]:
    """Roles an applicatiebeheerder grants in such an organisation: beheer and the wide roles."""
    allowed = ROLLEN_PER_ORGANISATIETYPE.get(organisatie_type, frozenset())
    wide = ROLES_ONLY_BY_APPLICATIEBEHEER | {Rol.FUNCTIONEEL_BEHEERDER}
    return [r.value for r in Rol if r in allowed and r in wide]
