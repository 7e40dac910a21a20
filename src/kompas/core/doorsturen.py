"""Where a request may send the user on to: a ``next`` only when it stays on this site."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def veilige_volgende(request, doel: str, standaard: str) -> str:
    """``doel`` when it is a URL of this site (same host; https when the request is), else
    ``standaard``: an open redirect through a posted or linked ``next`` is refused."""
    if doel and url_has_allowed_host_and_scheme(
        doel, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return doel
    return standaard
