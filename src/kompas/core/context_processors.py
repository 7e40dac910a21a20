"""Navigation per role for the shell (header and menu)."""

from functools import cache

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from kompas.accounts.constants import Rol

# (label, url name, roles that see it; None = everyone)
NAVIGATION = [
    (_("Overzicht"), "core:dashboard", None),
    (_("Gemeenten en regio's"), "regio:gemeenten", {Rol.BELEIDSADVISEUR, Rol.KETENREGISSEUR, Rol.ANALIST, Rol.APPLICATIEBEHEERDER}),
    (_("Gebruikers"), "accounts:users", {Rol.FUNCTIONEEL_BEHEERDER}),
    (_("Organisaties"), "accounts:organisaties", {Rol.APPLICATIEBEHEERDER}),
    (_("Auditlog"), "audit:list", {Rol.PRIVACY_OFFICER}),
    (_("Mijn account"), "accounts:profile", None),
]


@cache
def _urls() -> dict[str, str]:
    return {name: reverse(name) for _label, name, _roles in NAVIGATION}


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
    for label, name, roles in NAVIGATION:
        if roles is None or actor.rollen & roles:
            url = urls[name]
            current = path == url or (url != dashboard and path.startswith(url))
            items.append({"label": label, "url": url, "current": current})
    return {"nav_items": items, "shell": frame}
