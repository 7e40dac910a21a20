"""Every role × every URL × own/other organisation, checked against an expectation table
that is written out here by hand (not derived from the policies it checks)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kompas.accounts.constants import Rol
from kompas.audit.models import Actie
from kompas.audit.services import audit_log_create
from kompas.regio.models import Gemeente, Regio
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory, SignaalFactory

ALL = set(Rol)
FB = {Rol.FUNCTIONEEL_BEHEERDER}
AB = {Rol.APPLICATIEBEHEERDER}
PO = {Rol.PRIVACY_OFFICER}
AF = {Rol.AANDACHTSFUNCTIONARIS}
CIJFERS = {Rol.AANDACHTSFUNCTIONARIS, Rol.BELEIDSADVISEUR, Rol.ANALIST}  # ketenregisseur needs a region
AN = {Rol.ANALIST}
MONITOR_GEMEENTE = {Rol.AANDACHTSFUNCTIONARIS, Rol.BELEIDSADVISEUR}

# (url name, kwargs builder key, roles allowed, kind)
#   kind "page": allowed → 200, otherwise 403
#   kind "object": allowed and own organisation → 200, everything else → 404
#   kind "national": allowed → 200 for own and other, otherwise 404
#   kind "redirect": a POST-only page; GET by the allowed role redirects (302), otherwise 403
#   kind "action": an object URL that only takes POST; GET by the allowed role on its own
#                  object redirects back (302), everything else → 404
MATRIX = [
    ("core:dashboard", None, ALL, "page"),
    ("core:toegankelijkheid", None, ALL, "page"),
    ("accounts:profile", None, ALL, "page"),
    ("accounts:password_change", None, ALL, "page"),
    ("accounts:users", None, FB, "page"),
    ("accounts:user_create", None, FB, "page"),
    ("accounts:user_detail", "user", FB, "object"),
    ("accounts:user_remove", "user", FB, "object"),
    ("accounts:user_otp_reset", "user", FB, "object"),
    ("accounts:organisaties", None, AB, "page"),
    ("accounts:organisatie_detail", "organisatie", AB, "national"),
    ("audit:list", None, PO, "page"),
    ("audit:export", None, PO, "page"),
    ("audit:detail", "audit", PO, "object"),
    ("regio:gemeenten", None, ALL, "page"),
    ("regio:regios", None, ALL, "page"),
    ("regio:herindelingen", None, ALL, "page"),
    ("regio:gemeente_detail", "gemeente", ALL, "page"),
    ("regio:regio_detail", "regio", ALL, "page"),
    ("regio:lidmaatschappen_import", None, AB, "page"),
    ("meldroute:melden", None, ALL, "page"),
    ("meldroute:mijn_signalen", None, ALL, "page"),
    ("meldroute:mijn_signaal", "eigen_signaal", ALL, "object"),
    ("meldroute:inbox", None, AF, "page"),
    ("meldroute:signaal", "signaal", AF, "object"),
    ("meldroute:verrijken", "signaal", AF, "action"),
    ("meldroute:transitie", "signaal", AF, "action"),
    ("meldroute:koppelen", "signaal", AF, "action"),
    ("meldroute:bijlage_upload", "signaal", AF, "action"),
    ("meldroute:doorverwijzen", "signaal", AF, "action"),
    ("meldroute:bijlage", "bijlage", AF, "object"),
    ("meldroute:partnerverzoek", "signaal", AF, "action"),
    ("meldroute:verzoeken", None, set(), "page"),  # world's organisations are gemeenten: no partner
    ("meldroute:verzoek", "verzoek", set(), "object"),
    ("meldroute:cijfers", None, CIJFERS, "page"),
    ("meldroute:instellingen", None, {Rol.AANDACHTSFUNCTIONARIS, Rol.FUNCTIONEEL_BEHEERDER}, "page"),
    ("api:signalen", None, AF, "page"),
    ("api:signaal", "signaal", AF, "object"),
    ("api:mijn_signalen", None, ALL, "page"),
    ("api:mijn_signaal", "eigen_signaal", ALL, "object"),
    ("api:cijfers", None, CIJFERS, "page"),
    ("monitor:metingen", None, AN, "page"),
    ("monitor:meting_nieuw", None, AN, "page"),
    ("monitor:meting", "meting", AN, "page"),
    ("monitor:uitnodigingen", "meting", AN, "page"),
    ("monitor:importeren", "meting", AN, "page"),
    ("monitor:opschonen", "meting", AN, "page"),
    ("monitor:coderen", "meting", AN, "page"),
    ("monitor:rapport", "meting", AN, "page"),
    ("monitor:rapport_status", "rapport", AN, "page"),
    ("monitor:rapport_download", "rapport", AN, "page"),
    ("monitor:export", "meting", AN, "page"),
    ("monitor:mijn", None, MONITOR_GEMEENTE, "page"),
    ("monitor:mijn_meting", "meting", MONITOR_GEMEENTE, "national"),
    ("monitor:mijn_download", "meting", MONITOR_GEMEENTE, "national"),
    ("monitor:regio", None, {Rol.KETENREGISSEUR}, "page"),
    ("kennisbank:bibliotheek", None, ALL, "page"),
    ("kennisbank:leerpad", None, ALL, "page"),
    ("kennisbank:artikel", "artikel", ALL, "page"),
    ("kennisbank:artikel_pdf", "artikel", ALL, "page"),
    ("kennisbank:redactie", None, {Rol.REDACTEUR}, "page"),
    ("kennisbank:nieuw", None, {Rol.REDACTEUR}, "page"),
    ("kennisbank:bewerken", "artikel", {Rol.REDACTEUR}, "page"),
    ("kennisbank:versies", "artikel", {Rol.REDACTEUR}, "page"),
    ("zelfscan:overzicht", None, MONITOR_GEMEENTE, "page"),
    ("zelfscan:scan", "zelfscan", MONITOR_GEMEENTE, "action"),  # resumes: redirects to the first open step
    ("zelfscan:stap", "zelfscan_stap", MONITOR_GEMEENTE, "object"),
    ("zelfscan:samenvatting", "zelfscan", MONITOR_GEMEENTE, "object"),
    ("zelfscan:resultaat", "zelfscan", MONITOR_GEMEENTE, "object"),
    ("zelfscan:resultaat_pdf", "zelfscan", MONITOR_GEMEENTE, "object"),
    ("zelfscan:beleidsplan", "zelfscan", MONITOR_GEMEENTE, "action"),
    ("zelfscan:regio", None, {Rol.KETENREGISSEUR}, "page"),
    ("zelfscan:regio_scan", None, {Rol.KETENREGISSEUR}, "page"),
    ("zelfscan:regio_beleidsplan", None, {Rol.KETENREGISSEUR}, "redirect"),
    ("zelfscan:fte", None, ALL, "page"),
]
# Checked with POST in tests/test_api.py (role × own/other organisation).
POST_ONLY = {"api:transitie"}

# URLs outside the matrix: reachable before login or part of the login itself.
PUBLIC = {
    "core:home", "accounts:login", "accounts:otp_verify", "accounts:otp_setup", "accounts:logout",
    "accounts:password_reset", "accounts:password_reset_done", "accounts:password_reset_confirm",
    "accounts:password_reset_complete", "accounts:switch_organisation", "core:toegankelijkheid",
    "api:schema",  # the OpenAPI document: no data
    # answering the monitor by personal link, without an account (tests/test_monitor_invullen.py)
    "monitor:invullen", "monitor:invullen_pagina", "monitor:invullen_versturen", "monitor:afmelden",
}


@pytest.fixture
def world(db):
    org_a = OrganisatieFactory(naam="Gemeente A")
    org_b = OrganisatieFactory(naam="Gemeente B")
    target_a = member(Rol.MEDEWERKER, org_a)
    target_b = member(Rol.MEDEWERKER, org_b)
    entry_a = audit_log_create(actie=Actie.VIEW, user=target_a, organisatie=org_a, object_repr="iets van A")
    entry_b = audit_log_create(actie=Actie.VIEW, user=target_b, organisatie=org_b, object_repr="iets van B")
    g = Gemeente.objects.create(jaar=2026, cbs_code="GM0001", naam="Testdorp", provincie="Utrecht")
    r = Regio.objects.create(indeling="veiligheidsregio", code="VR99", naam="Testregio")
    signaal_a = SignaalFactory(gemeente=org_a, melder=target_a)
    signaal_b = SignaalFactory(gemeente=org_b, melder=target_b)
    bijlage_a = _bijlage(signaal_a)
    bijlage_b = _bijlage(signaal_b)
    politie = OrganisatieFactory(naam="Politie", type="politie", cbs_code="")
    verzoek_a = _verzoek(signaal_a, politie)
    meting, rapport = _meting()
    from kompas.zelfscan.models import Zelfscan

    scan_a = Zelfscan.objects.create(cbs_code=org_a.cbs_code, gemeente_naam="A")
    scan_b = Zelfscan.objects.create(cbs_code=org_b.cbs_code, gemeente_naam="B")
    monitor = {"meting": {"code": meting.code}, "rapport": {"code": meting.code, "pk": rapport.pk}, "artikel": {"slug": _artikel().slug}}
    return {
        "a": org_a,
        "own": {"user": {"pk": target_a.pk}, "organisatie": {"pk": org_a.pk}, "audit": {"pk": entry_a.pk},
                "signaal": {"pk": signaal_a.pk}, "bijlage": {"pk": bijlage_a.pk}, "verzoek": {"pk": verzoek_a.pk}, **monitor, "zelfscan": {"pk": scan_a.pk},
                "zelfscan_stap": {"pk": scan_a.pk, "bouwsteen": "signaleren"}},
        "other": {"user": {"pk": target_b.pk}, "organisatie": {"pk": org_b.pk}, "audit": {"pk": entry_b.pk},
                  "signaal": {"pk": signaal_b.pk}, "bijlage": {"pk": bijlage_b.pk}, "eigen_signaal": {"pk": signaal_b.pk},
                  "verzoek": {"pk": verzoek_a.pk}, **monitor, "zelfscan": {"pk": scan_b.pk},
                  "zelfscan_stap": {"pk": scan_b.pk, "bouwsteen": "signaleren"}},
        "shared": {"gemeente": {"jaar": g.jaar, "cbs_code": g.cbs_code}, "regio": {"pk": r.pk}},
    }


def _artikel():
    from kompas.kennisbank.models import Artikel
    from kompas.kennisbank.services import opslaan

    return opslaan(artikel=Artikel(slug="proef", titel="Proef", samenvatting="s", bouwsteen="beleid", onderwerp="o", bronnen="CoMensha, *Suggesties* (2018)",
                                   inhoud="Tekst"), publiceren=True)


def _meting():
    from kompas.monitor.models import Meting, Rapport, Vragenlijst

    m = Meting.objects.create(code="m2026", naam="Monitor 2026", jaar=2026)
    m.vragenlijsten.set(Vragenlijst.objects.filter(code="gemeente-2021"))
    return m, Rapport.objects.create(meting=m, formaat="csv", status=Rapport.Status.KLAAR, voortgang=100, inhoud=b"a;b\n")


def _verzoek(signaal, partner):
    from datetime import timedelta

    from django.utils import timezone

    from kompas.meldroute.models import PartnerVerzoek

    return PartnerVerzoek.objects.create(signaal=signaal, partner=partner, stap=4, gedeeld="g", vraag="v",
                                         deadline=timezone.localdate() + timedelta(days=7), aangemaakt_op=timezone.now())


def _bijlage(signaal):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from kompas.meldroute.models import Bijlage

    b = Bijlage(signaal=signaal, naam="foto.png", content_type="image/png", grootte=8, tijdstip=timezone.now())
    b.bestand.save("x", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    b.save()
    return b


def _expected(kind, allowed, rol, scope):
    if kind == "redirect":  # a POST-only page: GET by the allowed role goes back to where the form is
        return 302 if rol in allowed else 403
    if kind == "page":
        return 200 if rol in allowed else 403
    if kind == "national":
        return 200 if rol in allowed else 404
    if kind == "action":
        return 302 if (rol in allowed and scope == "own") else 404
    return 200 if (rol in allowed and scope == "own") else 404


@pytest.mark.parametrize("rol", list(Rol), ids=[r.value for r in Rol])
def test_role_matrix(world, rol, request):
    user = member(rol, world["a"])
    own_signal = SignaalFactory(gemeente=world["a"], melder=user)
    client = verified_client(user)
    cells = 0
    failures = []
    for name, key, allowed, kind in MATRIX:
        scopes = ["own", "other"] if kind in ("object", "national", "action") else ["own"]
        for scope in scopes:
            kwargs = None
            if key in ("gemeente", "regio"):
                kwargs = world["shared"][key]
            elif key == "eigen_signaal" and scope == "own":
                kwargs = {"pk": own_signal.pk}
            elif key:
                kwargs = world[scope][key]
            url = reverse(name, kwargs=kwargs)
            status = client.get(url).status_code
            expected = _expected(kind, allowed, rol, scope)
            cells += 1
            if status != expected:
                failures.append(f"{rol} {scope} {url}: {status}, verwacht {expected}")
    request.node.user_properties.append(("matrix_cells", cells))
    assert not failures, "\n".join(failures)


def test_anonymous_is_sent_to_login_everywhere(world, request):
    from django.test import Client

    client = Client()
    cells = 0
    for name, key, _allowed, _kind in MATRIX:
        if key in ("gemeente", "regio"):
            kwargs = world["shared"][key]
        elif key == "eigen_signaal":
            kwargs = world["other"][key]
        else:
            kwargs = world["own"][key] if key else None
        response = client.get(reverse(name, kwargs=kwargs))
        if name == "core:toegankelijkheid":
            assert response.status_code == 200
        elif name.startswith("api:"):
            assert response.status_code == 403, name  # the API never redirects: a plain refusal
        else:
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("accounts:login")), name
        cells += 1
    request.node.user_properties.append(("matrix_cells", cells))


def _named_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            if p.namespace == "admin":
                continue
            yield from _named_urls(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


def test_every_url_is_in_the_matrix_or_explicitly_public():
    """Deny by default: a new URL fails this test until someone decides who may use it."""
    covered = {name for name, *_ in MATRIX} | PUBLIC | POST_ONLY
    missing = sorted(set(_named_urls()) - covered)
    assert not missing, f"URL's zonder plaats in de permissiematrix: {missing}"


def test_unverified_session_reaches_nothing(world):
    """A password without the second factor opens no page."""
    from django.test import Client

    user = member(Rol.FUNCTIONEEL_BEHEERDER, world["a"])
    client = Client()
    client.force_login(user, backend="kompas.accounts.backends.UsernameOrEmailBackend")
    for url in ["/overzicht/", "/beheer/gebruikers/", f"/beheer/gebruikers/{user.pk}/", "/audit/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:otp_verify"))


def test_roles_count_only_in_the_active_organisation(world):
    """A beheerder of A who is medewerker of B has no beheer rights while acting for B."""
    from kompas.accounts.actor import SESSION_KEY
    from tests.factories import LidmaatschapFactory

    org_b = OrganisatieFactory(naam="Gemeente C")
    user = member(Rol.FUNCTIONEEL_BEHEERDER, world["a"])
    LidmaatschapFactory(user=user, organisatie=org_b, rol=Rol.MEDEWERKER)
    client = verified_client(user)
    assert client.get("/beheer/gebruikers/").status_code == 200
    response = client.post(reverse("accounts:switch_organisation"), {"organisatie": org_b.pk})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == org_b.pk
    assert client.get("/beheer/gebruikers/").status_code == 403
    # switching to an organisation one is not a member of is ignored
    client.post(reverse("accounts:switch_organisation"), {"organisatie": world["other"]["organisatie"]["pk"]})
    assert client.session[SESSION_KEY] == org_b.pk
