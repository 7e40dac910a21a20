"""A memory that lasts one read request.

Some reads are asked for several times while one page is built: the version of the reference
data, the version of a monitor wave, a coordinator's werkgebied. Under load every query is
also a wait for the GIL, so a page pays for each repeat. :func:`onthouden` computes such a
value once per request and hands out the same value for the rest of it.

Only GET and HEAD requests get a memory (see :class:`VerzoekgeheugenMiddleware`): a request
that writes may change what it read before, and must read it again. Outside a request (tasks,
the command line, tests that call a function directly) nothing is remembered.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_geheugen: ContextVar[dict | None] = ContextVar("kompas_verzoekgeheugen", default=None)


def onthouden(sleutel: Hashable, bereken: Callable[[], T]) -> T:
    """``bereken()``, once per read request for each ``sleutel``; outside one, every time."""
    geheugen = _geheugen.get()
    if geheugen is None:
        return bereken()
    if sleutel not in geheugen:
        geheugen[sleutel] = bereken()
    return geheugen[sleutel]


def vastleggen(sleutel: Hashable, waarde) -> None:
    """Remember ``waarde`` for ``sleutel`` in this read request (read along with another query);
    outside one, nothing."""
    geheugen = _geheugen.get()
    if geheugen is not None:
        geheugen[sleutel] = waarde


def opvragen(sleutel: Hashable):
    """What this read request remembered for ``sleutel`` (by :func:`onthouden` or
    :func:`vastleggen`), or None; never computes anything."""
    geheugen = _geheugen.get()
    return None if geheugen is None else geheugen.get(sleutel)


def vergeten() -> None:
    """Forget what this request remembered (after it changed something it had read)."""
    geheugen = _geheugen.get()
    if geheugen is not None:
        geheugen.clear()


class VerzoekgeheugenMiddleware:
    """Gives each GET and HEAD request its own memory for :func:`onthouden`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _geheugen.set({})
        try:
            return self.get_response(request)
        finally:
            _geheugen.reset(token)
