"""Working pages served again from memory while nothing they show has changed.

A page that opts in (``pagina_cache = True`` on a :class:`~kompas.core.views.PolicyRequiredMixin`
view) is kept, after a normal GET, in this process's memory under a key of everything it
depends on:

- the version of the domain data (:mod:`kompas.core.gegevensversie`: any change to any
  domain table, by anyone, gives a new key);
- the user, the version of the user's authorisation (``sessie_versie``) and the active
  organisation: another user, a changed role or another organisation never share an entry;
- the path with its query, the language, HTMX or not, and today's date (pages say "te laat"
  and count days); an entry also expires after :data:`SECONDEN`;
- the CSRF secret of the browser, so the forms in the page carry a token that browser's
  cookie accepts;
- what a view adds with ``pagina_sleutel_extra()``: the audit log, which is no domain data,
  adds the version of the audit records.

On a hit the policy still decides first (a refused user gets 403/404 as before), and every
audit record the page wrote when it was built is written again, for this request: reading
from memory is a read of personal data like any other (:func:`opnemen` records them while the
page is built; the audit app plugs in the writer with :func:`herhaler_zetten`).

Never kept: a page with messages to show (they are shown once), a page whose building changed
domain data (the version moved while it was built), a response other than 200, a request
without a CSRF cookie yet, and anything but GET and HEAD. The memory is the process's own
(Kompas has no shared cache), so personal data never leaves the process that read it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextvars import ContextVar

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from kompas.core import gegevensversie

SECONDEN = 60

_opname: ContextVar[list | None] = ContextVar("kompas_paginacache_opname", default=None)
_herhaler: list[Callable] = []


def herhaler_zetten(herhaal: Callable) -> None:
    """The audit app's writer for a recorded record: ``herhaal(request, gegevens)``."""
    _herhaler[:] = [herhaal]


def opnemen(gegevens: dict | None) -> None:
    """Called by the audit app for each record a page writes while it is built; ``None``
    means the record cannot be written again from memory (the page is then not kept)."""
    opname = _opname.get()
    if opname is not None:
        opname.append(gegevens)


def sleutel(view, request) -> str | None:
    """The key of this request's page, or None when it may not come from or go to memory."""
    if request.method not in ("GET", "HEAD") or not _herhaler:
        return None
    csrf = request.META.get("CSRF_COOKIE")
    if not csrf:
        return None
    if len(messages.get_messages(request)):
        return None
    versie = gegevensversie.huidig_in_verzoek()
    if versie is None:
        return None
    actor = request.actor
    organisatie = getattr(actor.organisatie, "pk", None)
    extra = view.pagina_sleutel_extra() if hasattr(view, "pagina_sleutel_extra") else None
    delen = (
        type(view).__module__,
        type(view).__qualname__,
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.user.pk,
        getattr(request.user, "sessie_versie", 0),
        bool(getattr(request.user, "is_verified", lambda: True)()),
        organisatie,
        get_language(),
        timezone.localdate().isoformat(),
        versie,
        extra,
        csrf,
    )
    return "kompas.pagina:" + hashlib.sha256(repr(delen).encode()).hexdigest()


def uit_geheugen(request, sleutel_: str) -> HttpResponse | None:
    """The kept page, with its audit records written again for this request; or None."""
    bewaard = cache.get(sleutel_)
    if bewaard is None:
        return None
    inhoud, koppen, audit = bewaard
    for gegevens in audit:
        _herhaler[0](request, gegevens)
    # as rendering the page's forms would (django.middleware.csrf.get_token): the CSRF cookie is
    # sent again, so its expiry is renewed; the kept forms carry a token of the same secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    response = HttpResponse(inhoud)
    for naam, waarde in koppen:
        response[naam] = waarde
    return response


class Opname:
    """Around building a page: records its audit records, then keeps the page when it may."""

    def __init__(self, request, sleutel_: str):
        self.request = request
        self.sleutel = sleutel_

    def __enter__(self):
        self.versie = gegevensversie.huidig_in_verzoek()
        self.csrf = self.request.META.get("CSRF_COOKIE")
        self.audit: list = []
        self.token = _opname.set(self.audit)
        return self

    def __exit__(self, *exc):
        _opname.reset(self.token)
        return False

    def bewaren(self, response) -> None:
        if response.status_code != 200 or not hasattr(response, "render") or None in self.audit:
            return
        response.render()
        if self.request.META.get("CSRF_COOKIE") != self.csrf or gegevensversie.huidig() != self.versie:
            return  # a new CSRF secret, or the page changed data while it was built
        cache.set(self.sleutel, (response.content, list(response.items()), list(self.audit)), SECONDEN)


def via_geheugen(view, request, bouwen: Callable[[], HttpResponse]) -> HttpResponse:
    """The page from memory when it may and is there; else ``bouwen()``, kept when it may."""
    sleutel_ = sleutel(view, request)
    if sleutel_ is None:
        return bouwen()
    bewaard = uit_geheugen(request, sleutel_)
    if bewaard is not None:
        return bewaard
    with Opname(request, sleutel_) as opname:
        response = bouwen()
        opname.bewaren(response)
    return response
