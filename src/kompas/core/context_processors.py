"""Navigation per role for the shell (header and menu)."""

from django.urls import reverse
from django_otp import user_has_device
from django.utils.translation import gettext_lazy as _

from kompas.accounts.constants import Rol


def shell(request):
    actor = getattr(request, "actor", None)
    if actor is None or not actor.is_authenticated:
        return {"nav_items": []}
    if not request.user.is_verified() and (request.user.requires_2fa or user_has_device(request.user)):
        return {"nav_items": []}  # halfway through login: nothing to navigate to yet
    items = [(_("Overzicht"), reverse("core:dashboard"))]
    if actor.has_role(Rol.BELEIDSADVISEUR, Rol.KETENREGISSEUR, Rol.ANALIST, Rol.APPLICATIEBEHEERDER):
        items.append((_("Gemeenten en regio's"), reverse("regio:gemeenten")))
    if actor.has_role(Rol.FUNCTIONEEL_BEHEERDER):
        items.append((_("Gebruikers"), reverse("accounts:users")))
    if actor.has_role(Rol.APPLICATIEBEHEERDER):
        items.append((_("Organisaties"), reverse("accounts:organisaties")))
    if actor.has_role(Rol.PRIVACY_OFFICER):
        items.append((_("Auditlog"), reverse("audit:list")))
    items.append((_("Mijn account"), reverse("accounts:profile")))
    current = request.path
    return {
        "nav_items": [
            {"label": label, "url": url, "current": current == url or (url != "/" and current.startswith(url) and url != reverse("core:dashboard"))}
            for label, url in items
        ]
    }
