"""Navigation per role for the shell (header and menu). The items come from the apps, through
:mod:`kompas.core.registry`."""

from functools import cache

from django.urls import reverse
from django_otp import user_has_device

from kompas.core.registry import registry


@cache
def _urls() -> dict[str, str]:
    return {item.url_name: reverse(item.url_name) for item in registry.navigation}


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
    for item in registry.navigation:
        if item.visible(actor):
            url = urls[item.url_name]
            current = path == url or (url != dashboard and path.startswith(url))
            items.append({"label": item.label, "url": url, "current": current})
    return {"nav_items": items, "shell": frame}
