"""What each role sees on its dashboard: panels with a link or an empty state that says
what will appear there once the capability is in use. The apps register the panels
(:mod:`kompas.core.registry`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from kompas.core.registry import registry


@dataclass(frozen=True)
class Panel:
    title: str
    text: str
    link: str | None = None
    link_label: str | None = None
    cijfers: tuple[str, ...] = ()


@cache  # URLs are fixed once the URLconf is loaded; texts stay lazy, so language still applies
def _links() -> dict[str, str]:
    names = {entry.url_name for entries in registry.panels.values() for entry in entries}
    return {name: reverse(name) for name in names if name}


def dashboard_for(actor) -> list[Panel]:
    """The panels of every role the actor has, in the registered role order; a panel two roles
    share appears once."""
    panels: list[Panel] = []
    seen: set[str] = set()
    links = _links()
    for rol in registry.roles:
        if rol in actor.rollen:
            for entry in registry.panels.get(rol, ()):
                if str(entry.title) not in seen and entry.visible(actor):
                    seen.add(str(entry.title))
                    link = links[entry.url_name] if entry.url_name else None
                    cijfers = tuple(entry.cijfers(actor)) if entry.cijfers else ()
                    panels.append(Panel(entry.title, entry.text, link, entry.link_label, cijfers))
    return panels
