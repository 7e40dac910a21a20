import json

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import LidmaatschapFactory, OrganisatieFactory, UserFactory


def organisation_for(rol):
    """A fresh organisation of a type that may hold ``rol`` (a gemeente when it can)."""
    from kompas.accounts.constants import OrganisatieType, organisatietypen_voor

    types = organisatietypen_voor(rol)
    if OrganisatieType.GEMEENTE in types:
        return OrganisatieFactory()
    type_ = next(t for t in OrganisatieType if t in types)
    return OrganisatieFactory(type=type_, cbs_code="")


def member(rol, organisatie=None, totp=True, **user_kwargs):
    organisatie = organisatie or organisation_for(rol)
    user = UserFactory(totp=totp, **user_kwargs)
    LidmaatschapFactory(user=user, organisatie=organisatie, rol=rol)
    return user


def verified_client(user) -> Client:
    """A client logged in with password and a verified second factor, as after real login."""
    client = Client()
    client.force_login(user, backend="kompas.accounts.backends.UsernameOrEmailBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def make_member(db):
    return member


@pytest.fixture
def login(db):
    return verified_client


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: what its browser tests checked, for the controller
        from tests.browser.conftest import axe_samenvatting

        workeroutput["kompas_axe"] = json.dumps(axe_samenvatting())


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist's controller: add up what each worker's browser tests checked."""
    samenvatting = getattr(node, "workeroutput", {}).get("kompas_axe")
    if samenvatting:
        from tests.browser.conftest import axe_samenvoegen

        axe_samenvoegen(json.loads(samenvatting))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    from tests.browser.conftest import axe_regel

    if regel := axe_regel():
        terminalreporter.write_line(regel)
    cells = 0
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", []):
                if name == "matrix_cells" and getattr(report, "when", None) == "call":
                    cells += value
    if cells:
        terminalreporter.write_line(
            f"Permissiematrix: {cells} cellen (actor × URL × eigen/andere organisatie × methode) gecontroleerd."
        )


@pytest.fixture
def zonder_paginacache(monkeypatch):
    """For tests of what building a page costs: every request builds it (the page cache of
    kompas.core.paginacache is tested in tests/test_paginacache.py)."""
    from kompas.core import paginacache

    monkeypatch.setattr(paginacache, "sleutel", lambda view, request: None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The local-memory cache (sessions, cached figures) must not carry over between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
