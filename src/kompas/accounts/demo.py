"""Demo organisations and one demo user per role (step of ``kompas demo``; never in production).

Reads from the shared demo context what the reference-data step put there (the regions) and
leaves the organisations and users for the steps after it."""

from __future__ import annotations

import base64

from django.conf import settings

from kompas.accounts import services
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.accounts.models import User
from kompas.core.schrijven import SYSTEEM
from kompas.core.supervisor import kompas_commando

DEMO_PASSWORD = "Kompas-demo-2026!"  # noqa: S105 - printed on purpose; demo only
# 20 fixed bytes ("Kompas-demo-totp-key"), so the printed secret stays valid across runs.
DEMO_TOTP_KEY_HEX = "4b6f6d7061732d64656d6f2d746f74702d6b6579"
DEMO_DOMAIN = "demo.kompas.example"

GEMEENTEN = [
    ("GM0405", "Gemeente Hoorn"),
    ("GM0388", "Gemeente Enkhuizen"),
    ("GM0420", "Gemeente Medemblik"),
    ("GM0361", "Gemeente Alkmaar"),
]

# role → (username, organisation name); each fits the role table (accounts/constants.py)
DEMO_USERS = {
    Rol.MEDEWERKER: ("medewerker", "Gemeente Hoorn"),
    Rol.AANDACHTSFUNCTIONARIS: ("aandachtsfunctionaris", "Gemeente Hoorn"),
    Rol.BELEIDSADVISEUR: ("beleidsadviseur", "Gemeente Hoorn"),
    Rol.FUNCTIONEEL_BEHEERDER: ("beheerder", "Gemeente Hoorn"),
    Rol.PRIVACY_OFFICER: ("privacy", "Gemeente Hoorn"),
    Rol.ZORGCOORDINATOR: ("zorgcoordinator", "Zorg- en Veiligheidshuis Noord-Holland Noord"),
    Rol.PROCESREGISSEUR: ("procesregisseur", "Zorg- en Veiligheidshuis Noord-Holland Noord"),
    Rol.KETENREGISSEUR: ("ketenregisseur", "Zorg- en Veiligheidshuis Noord-Holland Noord"),
    Rol.ANALIST: ("analist", "VNG"),
    Rol.REDACTEUR: ("redacteur", "VNG"),
    Rol.CONTACTPERSOON: ("politie", "Politie eenheid Noord-Holland"),
    Rol.APPLICATIEBEHEERDER: ("applicatiebeheer", "VNG"),
}


def demo_totp_secret() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()


def demo_step(context: dict) -> list[str]:
    """Organisations and users; puts ``organisaties`` (by name) and ``gebruikers`` (by role) in
    the context and returns the login lines to print."""
    zvh_regio, politie = context["regio_zvh"], context["regio_politie"]
    orgs = {}
    for code, naam in GEMEENTEN:
        orgs[naam] = services.demo_organisatie_inrichten(
            actor=SYSTEEM, naam=naam, type=OrganisatieType.GEMEENTE, cbs_code=code
        )
    for naam, type_, regio in [
        ("Zorg- en Veiligheidshuis Noord-Holland Noord", OrganisatieType.ZVH, zvh_regio),
        ("RIEC Noord-Holland", OrganisatieType.RIEC, politie),
        ("Politie eenheid Noord-Holland", OrganisatieType.POLITIE, politie),
        ("Zorgaanbieder De Haven (fictief)", OrganisatieType.ZORGAANBIEDER, zvh_regio),
        ("CoMensha", OrganisatieType.COMENSHA, None),
        ("VNG", OrganisatieType.VNG, None),
    ]:
        orgs[naam] = services.demo_organisatie_inrichten(actor=SYSTEEM, naam=naam, type=type_, regio=regio)
    rows = []
    users = {}
    for rol, (username, org_name) in DEMO_USERS.items():
        users[rol] = services.demo_gebruiker_inrichten(
            actor=SYSTEEM,
            username=username,
            email=f"{username}@{DEMO_DOMAIN}",
            first_name=rol.label,
            rol=rol,
            organisatie=orgs[org_name],
            password=DEMO_PASSWORD,
            totp_key=DEMO_TOTP_KEY_HEX,
        )
        rows.append((rol.label, username, org_name))
    context["organisaties"] = orgs
    context["gebruikers"] = users
    width = max(len(r[1]) for r in rows)
    lines = [f"  {username.ljust(width)}  {label} – {org}" for label, username, org in rows]
    lines.append(f"Wachtwoord voor alle demogebruikers: {DEMO_PASSWORD}")
    lines.append(f"TOTP-geheim (voeg toe aan een authenticator-app): {demo_totp_secret()}")
    lines.append(f"Of laat de huidige code zien met: {kompas_commando()} demo_code")
    return lines


def start_samenvatting(kompas: str) -> list[str]:
    """The demo users, for the summary ``kompas start`` prints (only where the demo may run)."""

    if not settings.KOMPAS_DEMO_ALLOWED:
        return []
    namen = set(
        User.objects.filter(username__in=[u for u, _org in DEMO_USERS.values()]).values_list("username", flat=True)
    )
    demo = [(u, rol.label, org) for rol, (u, org) in DEMO_USERS.items() if u in namen]
    if not demo:
        return []
    breedte = max(len(u) for u, _l, _o in demo)
    regels = [f"Demogebruikers (wachtwoord {DEMO_PASSWORD}):"]
    regels += [f"  {u.ljust(breedte)}  {label} – {org}" for u, label, org in demo]
    regels.append(f"Tweestapscode van de demogebruikers: {kompas} demo_code")
    return regels
