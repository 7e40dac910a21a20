"""A real OpenID Connect provider for the tests: oidc-provider-mock (authlib + Flask) served by
werkzeug on 127.0.0.1 at a free port, in a thread. It signs id_tokens with its own RSA key
(published at /jwks), checks the authorization code, the client and the redirect URI, and puts
the claims given with :meth:`MockProvider.gebruiker` (email, email_verified, amr, acr…) in the
id_token."""

from __future__ import annotations

import threading
import warnings
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import requests
import werkzeug.serving

with warnings.catch_warnings():  # the mock imports authlib modules that authlib itself deprecates
    import authlib.deprecate  # sets its own "always" filter on import; ours goes in front of it

    warnings.simplefilter("ignore", authlib.deprecate.AuthlibDeprecationWarning)
    from oidc_provider_mock import app as oidc_app


class MockProvider:
    def __init__(self, server):
        self.server = server
        self.issuer = f"http://127.0.0.1:{server.server_port}"

    def gebruiker(self, sub: str, **claims) -> None:
        """Register (or replace) the person ``sub`` with these claims at the provider."""
        r = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        assert r.status_code == 204, r.text

    def inloggen(self, authorize_url: str, sub: str) -> str:
        """What the person does at the provider's login page: authenticate as ``sub``. Returns
        the URL the provider sends the browser back to (Kompas's callback with code and state)."""
        assert authorize_url.startswith(self.issuer), authorize_url
        r = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert r.status_code == 302, r.text
        return r.headers["Location"]

    @staticmethod
    def pad_en_query(url: str) -> tuple[str, dict]:
        parts = urlsplit(url)
        return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}


@contextmanager
def mock_provider():
    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_app(require_nonce=True), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield MockProvider(server)
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
