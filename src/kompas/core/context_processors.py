"""Navigation per role for the shell (header and menu)."""

from functools import cache

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from kompas.accounts.constants import Rol
from kompas.meldroute.policies import may_see_figures
from kompas.meldroute.policies import policy as meldroute
from kompas.monitor.policies import policy as monitor
from kompas.zelfscan.policies import policy as zelfscan
from kompas.zorg.policies import policy as zorg


def _roles(*roles):
    return lambda actor: bool(actor.rollen & set(roles))


def _can(policy, action):
    return lambda actor: policy.allows(actor, action)


# (label, url name, who sees it)
NAVIGATION = [
    (_("Overzicht"), "core:dashboard", lambda actor: True),
    (_("Signaal melden"), "meldroute:melden", _can(meldroute, "melden")),
    (_("Mijn signalen"), "meldroute:mijn_signalen", _can(meldroute, "eigen_signalen")),
    (_("Signalen"), "meldroute:inbox", _can(meldroute, "behandelen")),
    (_("Verzoeken"), "meldroute:verzoeken", _can(meldroute, "verzoeken_beantwoorden")),
    (_("Cijfers meldroute"), "meldroute:cijfers", may_see_figures),
    (_("Zorgcoördinatie"), "zorg:caseload", _can(zorg, "coordineren")),
    (_("Kennisbank"), "kennisbank:bibliotheek", lambda actor: True),
    (_("Zelfscan"), "zelfscan:overzicht", _can(zelfscan, "scannen")),
    (_("Zelfscan: de regio"), "zelfscan:regio", _can(zelfscan, "regio")),
    (_("Monitor"), "monitor:metingen", _can(monitor, "beheren")),
    (_("Monitor: onze resultaten"), "monitor:mijn", _can(monitor, "eigen_resultaten")),
    (_("Monitor: de regio"), "monitor:regio", _can(monitor, "regio_resultaten")),
    (_("Gemeenten en regio's"), "regio:gemeenten", _roles(Rol.BELEIDSADVISEUR, Rol.KETENREGISSEUR, Rol.ANALIST, Rol.APPLICATIEBEHEERDER)),
    (_("Gebruikers"), "accounts:users", _roles(Rol.FUNCTIONEEL_BEHEERDER)),
    (_("Organisaties"), "accounts:organisaties", _roles(Rol.APPLICATIEBEHEERDER)),
    (_("Auditlog"), "audit:list", _roles(Rol.PRIVACY_OFFICER)),
    (_("Mijn account"), "accounts:profile", lambda actor: True),
]


@cache
def _urls() -> dict[str, str]:
    return {name: reverse(name) for _label, name, _visible in NAVIGATION}


def shell(request):
    """Everything the page frame needs, resolved once per request (templates then read
    plain values instead of walking lazy objects)."""
    actor = getattr(request, "actor", None)
    if actor is None or not actor.is_authenticated:
        return {"nav_items": [], "shell": None}
    actor = actor._wrapped if hasattr(actor, "_wrapped") and actor._wrapped is not None else actor
    frame = {
        "actor": actor,
        "user_label": str(actor.user),
        "organisatie": actor.organisatie,
        "organisaties": actor.organisaties if len(actor.organisaties) > 1 else (),
    }
    if not request.user.is_verified() and (request.user.requires_2fa or user_has_device(request.user)):
        return {"nav_items": [], "shell": frame}  # halfway through login: nothing to navigate to yet
    urls = _urls()
    dashboard = urls["core:dashboard"]
    path = request.path
    items = []
    for label, name, visible in NAVIGATION:
        if visible(actor):
            url = urls[name]
            current = path == url or (url != dashboard and path.startswith(url))
            items.append({"label": label, "url": url, "current": current})
    return {"nav_items": items, "shell": frame}
