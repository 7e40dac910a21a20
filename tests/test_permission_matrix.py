"""Every actor × every URL × own/other organisation × GET and POST (with a valid CSRF token),
checked against an expectation table that is written out here by hand (not derived from the
policies it checks).

Actors sit in an organisation of a type that may hold their role (the role table in
accounts/constants.py): gemeente roles in Gemeente A; partners (politie, RIEC, ZVH); regional
(ketenregisseur at a ZVH and a RIEC) and national (analist at VNG and at CoMensha) actors.
"""

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.accounts.models import Lidmaatschap
from kompas.audit.models import Actie
from kompas.audit.services import audit_log_create
from kompas.regio.models import Gemeente, Regio
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory, SignaalFactory

# actor id → (role, organisation key in the world)
ACTORS = {
    "medewerker@gemeente": (Rol.MEDEWERKER, "a"),
    "aandachtsfunctionaris@gemeente": (Rol.AANDACHTSFUNCTIONARIS, "a"),
    "beleidsadviseur@gemeente": (Rol.BELEIDSADVISEUR, "a"),
    "functioneel_beheerder@gemeente": (Rol.FUNCTIONEEL_BEHEERDER, "a"),
    "privacy_officer@gemeente": (Rol.PRIVACY_OFFICER, "a"),
    "zorgcoordinator@zvh": (Rol.ZORGCOORDINATOR, "zvh"),
    "procesregisseur@zvh": (Rol.PROCESREGISSEUR, "zvh"),
    "ketenregisseur@zvh": (Rol.KETENREGISSEUR, "zvh"),
    "contactpersoon@zvh": (Rol.CONTACTPERSOON, "zvh"),
    "functioneel_beheerder@zvh": (Rol.FUNCTIONEEL_BEHEERDER, "zvh"),
    "ketenregisseur@riec": (Rol.KETENREGISSEUR, "riec"),
    "contactpersoon@riec": (Rol.CONTACTPERSOON, "riec"),
    "contactpersoon@politie": (Rol.CONTACTPERSOON, "politie"),
    "zorgcoordinator@zorgaanbieder": (Rol.ZORGCOORDINATOR, "zorgaanbieder"),
    "contactpersoon@opvang": (Rol.CONTACTPERSOON, "opvang"),  # a care partner in the zvh's zorgnetwerk
    "analist@vng": (Rol.ANALIST, "vng"),
    "redacteur@vng": (Rol.REDACTEUR, "vng"),
    "applicatiebeheerder@vng": (Rol.APPLICATIEBEHEERDER, "vng"),
    "analist@comensha": (Rol.ANALIST, "comensha"),
    # finding 1 of issue 11: national and regional roles in a gemeente (outside the role
    # table) count for nothing: this actor reaches only the pages without a policy
    "buiten_tabel@gemeente": ((Rol.ANALIST, Rol.REDACTEUR, Rol.KETENREGISSEUR, Rol.APPLICATIEBEHEERDER), "a"),
}
PARTNER_ORGS = {"zvh", "riec", "politie", "zorgaanbieder", "opvang"}

ALL = set(ACTORS) - {"buiten_tabel@gemeente"}  # every actor with a role that counts
GEMEENTE = {a for a, (_r, org) in ACTORS.items() if org == "a"} & ALL
PARTNERS = {a for a, (_r, org) in ACTORS.items() if org in PARTNER_ORGS}
FB = {"functioneel_beheerder@gemeente", "functioneel_beheerder@zvh"}
AB = {"applicatiebeheerder@vng"}
PO = {"privacy_officer@gemeente"}
AF = {"aandachtsfunctionaris@gemeente"}
KR = {"ketenregisseur@zvh", "ketenregisseur@riec"}
AN = {"analist@vng", "analist@comensha"}
MONITOR_GEMEENTE = {"aandachtsfunctionaris@gemeente", "beleidsadviseur@gemeente"}
CIJFERS = MONITOR_GEMEENTE | KR | AN
NOBODY: set[str] = set()
RED = {"redacteur@vng"}
ZC = {"zorgcoordinator@zvh", "zorgcoordinator@zorgaanbieder"}
# care partners: a contactpersoon (or a ZVH's procesregisseur) of an organisation that can be in a zorgnetwerk
ZP = {"contactpersoon@zvh", "procesregisseur@zvh", "contactpersoon@politie", "contactpersoon@opvang"}
# a partner's referrer (the aanmeldformulier): gemeente medewerkers and the aandachtsfunctionaris,
# the politie, a zorgaanbieder or opvang; not a ZVH's or RIEC's people, not a zorgcoördinator
VERWIJZERS = {
    "medewerker@gemeente",
    "aandachtsfunctionaris@gemeente",
    "contactpersoon@politie",
    "contactpersoon@opvang",
}

# (url name, kwargs builder key, actors allowed, kind[, POST expectation (actors, kind)])
#   kind "page": allowed → 200, otherwise 403
#   kind "object": allowed and own organisation → 200, everything else → 404
#   kind "national": allowed → 200 for own and other, otherwise 404
#   kind "redirect": a POST-only page; GET by the allowed actor redirects (302), otherwise 403
#   kind "action": an object URL that only takes POST; GET by the allowed actor on its own
#                  object redirects back (302), everything else → 404
#   kind "page404": allowed → 404 (past the policy, the form names no existing object), else 403
#   kind "page400": allowed → 400 (past the policy, a required parameter is missing), else 403
# POST (empty form, valid CSRF token; the API also PUT, PATCH and DELETE): a refused actor gets
# the same 403/404 as for GET; an allowed one gets past the policy (a form error 200/400, a
# redirect, or 405 for a read-only page). Without a fifth element POST expects what GET expects.
# A view without a POST handler may answer 405 instead of the refusal: the same for every
# object, so it tells nothing.
MATRIX = [
    ("core:dashboard", None, set(ACTORS), "page"),
    ("core:toegankelijkheid", None, set(ACTORS), "page"),
    ("accounts:profile", None, ALL, "page"),
    ("accounts:password_change", None, set(ACTORS), "page"),  # one's own password: no role needed
    ("accounts:users", None, FB, "page"),
    ("accounts:user_create", None, FB, "page"),
    ("accounts:user_detail", "user", FB, "object"),
    ("accounts:user_otp_reset", "user3", FB, "object"),
    ("accounts:user_remove", "user2", FB, "object"),
    ("accounts:organisaties", None, AB, "page"),
    ("accounts:organisatie_detail", "organisatie", AB, "national"),
    ("accounts:identiteitsprovider", "organisatie", AB, "national"),  # an organisation's OIDC provider
    ("audit:list", None, PO, "page"),
    ("audit:export", None, PO, "page"),
    ("audit:detail", "audit", PO, "object"),
    ("regio:gemeenten", None, ALL, "page"),
    ("regio:regios", None, ALL, "page"),
    ("regio:herindelingen", None, ALL, "page"),
    ("regio:gemeente_detail", "gemeente", ALL, "page"),
    ("regio:regio_detail", "regio", ALL, "page"),
    ("regio:lidmaatschappen_import", None, AB, "page"),
    ("meldroute:melden", None, GEMEENTE, "page"),
    ("meldroute:mijn_signalen", None, GEMEENTE, "page"),
    ("meldroute:mijn_signaal", "eigen_signaal", GEMEENTE, "object"),
    ("meldroute:inbox", None, AF, "page"),
    ("meldroute:signaal", "signaal", AF, "object"),
    ("meldroute:verrijken", "signaal", AF, "action"),
    ("meldroute:transitie", "signaal", AF, "action"),
    ("meldroute:koppelen", "signaal", AF, "action"),
    ("meldroute:bijlage_upload", "signaal", AF, "action"),
    ("meldroute:doorverwijzen", "signaal", AF, "action"),
    ("meldroute:bijlage", "bijlage", AF, "object"),
    ("meldroute:partnerverzoek", "signaal", AF, "action"),
    ("meldroute:verzoeken", None, PARTNERS, "page"),
    ("meldroute:verzoek", "verzoek", PARTNERS, "object"),
    ("meldroute:cijfers", None, CIJFERS, "page"),
    ("meldroute:instellingen", None, AF | {"functioneel_beheerder@gemeente"}, "page"),
    ("api:signalen", None, AF, "page", (GEMEENTE, "page")),  # POST melden
    ("api:signaal", "signaal", AF, "object", (NOBODY, "object")),
    ("api:transitie", "signaal", NOBODY, "object", (AF, "object")),
    ("api:mijn_signalen", None, GEMEENTE, "page", (NOBODY, "page")),
    ("api:mijn_signaal", "eigen_signaal", GEMEENTE, "object", (NOBODY, "object")),
    ("api:cijfers", None, CIJFERS, "page"),
    # zorgcoördinatie's API (issue 10, item 16): the same policies as the screens; the CoMensha
    # export asks for its purpose, so an allowed request without one is refused with 400
    ("api:zorg_trajecten", None, ZC, "page", (NOBODY, "page")),  # read-only: no policy action for POST
    ("api:zorg_traject", "traject", ZC, "object", (NOBODY, "object")),
    ("api:zorg_comensha", None, ZC | {"analist@comensha"}, "page400"),
    ("monitor:metingen", None, AN, "page"),
    ("monitor:meting_nieuw", None, AN, "page"),
    ("monitor:meting", "meting", AN, "page"),
    ("monitor:uitnodigingen", "meting", AN, "page"),
    ("monitor:importeren", "meting", AN, "page"),
    ("monitor:opschonen", "meting", AN, "page"),
    ("monitor:coderen", "meting", AN, "page"),
    ("monitor:coderingen_export", "meting", AN, "page"),
    ("monitor:rapport", "meting", AN, "page"),
    ("monitor:rapport_status", "rapport", AN, "page"),
    ("monitor:inlezing", "inlezing", AN, "page"),
    ("monitor:rapport_download", "rapport", AN, "page"),
    ("monitor:export", "meting", AN, "page"),
    ("monitor:sjabloon", "meting", AN, "page"),
    ("monitor:handleiding", None, AN, "page"),
    ("monitor:mijn", None, MONITOR_GEMEENTE, "page"),
    ("monitor:mijn_meting", "meting", MONITOR_GEMEENTE, "national"),
    ("monitor:mijn_download", "meting", MONITOR_GEMEENTE, "national"),
    ("monitor:regio", None, KR, "page"),
    ("kennisbank:bibliotheek", None, ALL, "page"),
    ("kennisbank:leerpad", None, ALL, "page"),
    ("kennisbank:artikel", "artikel", ALL, "page"),
    ("kennisbank:artikel_pdf", "artikel", ALL, "page"),
    ("kennisbank:redactie", None, RED, "page"),
    ("kennisbank:nieuw", None, RED, "page"),
    ("kennisbank:bewerken", "artikel", RED, "page"),
    ("kennisbank:versies", "artikel", RED, "page", (RED, "page404")),  # POST without a version: 404
    ("zelfscan:overzicht", None, MONITOR_GEMEENTE, "page"),
    ("zelfscan:scan", "zelfscan", MONITOR_GEMEENTE, "action"),  # resumes: redirects to the first open step
    ("zelfscan:stap", "zelfscan_stap", MONITOR_GEMEENTE, "object"),
    ("zelfscan:samenvatting", "zelfscan", MONITOR_GEMEENTE, "object"),
    ("zelfscan:resultaat", "zelfscan", MONITOR_GEMEENTE, "object"),
    ("zelfscan:resultaat_pdf", "zelfscan", MONITOR_GEMEENTE, "object"),
    ("zelfscan:beleidsplan", "zelfscan", MONITOR_GEMEENTE, "action"),
    ("zelfscan:regio", None, KR, "page"),
    ("zelfscan:regio_scan", None, KR, "page"),
    ("zelfscan:regio_beleidsplan", None, KR, "redirect"),
    ("zelfscan:fte", None, ALL, "page"),
    # the verantwoording to the centrumgemeente: the zorgcoördinator, a gemeente's beleidsadviseur
    # and a ketenregisseur pass the policy (each then sees only the werkgebieden that are theirs:
    # tests/test_zorg_verantwoording.py)
    ("zorg:verantwoording", None, ZC | {"beleidsadviseur@gemeente"} | KR, "page"),
    # zorgcoördinatie: a zorgcoördinator (ZVH or zorgaanbieder) works on their own organisation's
    # referrals and trajecten; the referring gemeente only withdraws its own referral
    ("zorg:caseload", None, ZC, "page"),
    ("zorg:werkgebied", None, ZC | {"functioneel_beheerder@zvh"}, "page"),
    ("zorg:comensha", None, ZC | {"analist@comensha"}, "page"),
    ("zorg:consultaties", None, ZC, "page"),
    ("zorg:aanmelding_nieuw", None, ZC, "page"),
    ("zorg:aanmelding", "aanmelding", ZC, "object"),
    ("zorg:intrekken", "aanmelding", AF, "action"),
    ("zorg:afwijzen", "aanmelding", ZC, "action"),
    ("zorg:accepteren", "aanmelding", ZC, "action"),
    ("zorg:traject", "traject", ZC, "object"),
    ("zorg:transitie", "traject", ZC, "action"),
    ("zorg:gegevens", "traject", ZC, "action"),
    ("zorg:kenmerken", "traject", ZC, "action"),
    ("zorg:intake", "traject", ZC, "action"),
    ("zorg:toestemming", "traject", ZC, "action"),
    ("zorg:zorgactie", "traject", ZC, "action"),
    ("zorg:zorgactie_stand", "zorgactie", ZC, "action"),
    ("zorg:netwerk", None, ZC, "page"),
    ("zorg:netwerkpartner", "netwerkpartner", ZC, "object"),  # own: in the actor's own werkgebied's zorgnetwerk
    ("zorg:partner", None, ZP, "page"),
    ("zorg:partner_actie", "partner_actie", ZP, "object"),  # own: an action handed to the actor's organisation
    ("zorg:zorgoverleg_nieuw", "traject", ZC, "action"),
    ("zorg:behandelaar", "traject", ZC, "action"),
    ("zorg:journaal", "traject", ZC, "action"),
    ("zorg:bijlage_upload", "traject", ZC, "action"),
    ("zorg:bijlage", "traject_bijlage", ZC, "object"),
    ("zorg:zorgoverleg", "zorgoverleg", ZC, "object"),
    ("zorg:overleg_partner", "uitnodiging", ZP, "object"),
    ("zorg:aanmelden", None, VERWIJZERS, "page"),
    ("zorg:verwijzingen", None, VERWIJZERS, "page"),
    # own: a referral the actor sent themselves; other: one a colleague of the politie sent
    (
        "zorg:verwijzing",
        "verwijzing",
        VERWIJZERS,
        "object",
    ),  # own: a zorgoverleg the actor's organisation is invited to
]
POST_ONLY: set[str] = set()  # every unsafe URL is in the matrix

# URLs outside the matrix: reachable before login or part of the login itself.
PUBLIC = {
    "core:home",
    "accounts:login",
    "accounts:otp_verify",
    "accounts:otp_setup",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:switch_organisation",
    "core:toegankelijkheid",
    "accounts:oidc_login",
    "accounts:oidc_callback",  # login through the organisation's provider (tests/test_oidc.py)
    "api:schema",  # the OpenAPI document: no data
    "core:favicon",  # the site icon (tests/test_lokaal.py)
    # answering the monitor by personal link, without an account (tests/test_monitor_invullen.py)
    "monitor:invullen",
    "monitor:invullen_pagina",
    "monitor:invullen_versturen",
    "monitor:afmelden",
}


@pytest.fixture
def world(db):
    org_a = OrganisatieFactory(naam="Gemeente A")
    org_b = OrganisatieFactory(naam="Gemeente B")
    g = Gemeente.objects.create(jaar=2026, cbs_code="GM0001", naam="Testdorp", provincie="Utrecht")
    r = Regio.objects.create(indeling="veiligheidsregio", code="VR99", naam="Testregio")
    zvh_regio = Regio.objects.create(indeling="zvh", code="ZVH-T", naam="ZVH-regio")
    orgs = {"a": org_a, "b": org_b}
    for key, type_, regio in [
        ("zvh", OrganisatieType.ZVH, zvh_regio),
        ("riec", OrganisatieType.RIEC, r),
        ("politie", OrganisatieType.POLITIE, r),
        ("zorgaanbieder", OrganisatieType.ZORGAANBIEDER, zvh_regio),
        ("vng", OrganisatieType.VNG, None),
        ("comensha", OrganisatieType.COMENSHA, None),
        ("opvang", OrganisatieType.ZORGAANBIEDER, None),
    ]:
        orgs[key] = OrganisatieFactory(naam=key.upper(), type=type_, cbs_code="", regio=regio)
    # three colleagues per organisation with a beheerder: user, user2, user3 (a POST may
    # strip one of its roles, remove it or reset its device; the next URL uses the next one)
    targets = {
        key: [member(Rol.MEDEWERKER if key in ("a", "b") else Rol.CONTACTPERSOON, orgs[key]) for _ in range(3)]
        for key in ("a", "b", "zvh")
    }
    entries = {
        key: audit_log_create(
            actie=Actie.VIEW, user=targets[key][0], organisatie=orgs[key], object_repr=f"iets van {key}"
        )
        for key in ("a", "b", "zvh")
    }
    signaal_a = SignaalFactory(gemeente=org_a, melder=targets["a"][0])
    signaal_b = SignaalFactory(gemeente=org_b, melder=targets["b"][0])
    verzoeken = {key: _verzoek(signaal_a, orgs[key]) for key in ("politie", "riec", "zvh", "zorgaanbieder", "opvang")}
    meting, rapport = _meting()
    from kompas.monitor.models import Inlezing

    inlezing = Inlezing.objects.create(meting=meting, bestandsnaam="x.csv", status=Inlezing.Status.MISLUKT, fout="leeg")
    from kompas.zelfscan.models import Zelfscan

    scan_a = Zelfscan.objects.create(organisatie=org_a, cbs_code=org_a.cbs_code, gemeente_naam="A")
    scan_b = Zelfscan.objects.create(organisatie=org_b, cbs_code=org_b.cbs_code, gemeente_naam="B")
    zorg = {
        "zvh": _zorg(orgs["zvh"], org_a, signaal_a),
        "zorgaanbieder": _zorg(orgs["zorgaanbieder"], org_b, signaal_b),
    }
    netwerk, partner_acties = _zorgnetwerk(orgs, zorg)
    uitnodigingen = _zorgoverleg(orgs, zorg)
    verwijzing_ander = _verwijzing(member(Rol.CONTACTPERSOON, orgs["politie"]), orgs["politie"], orgs["zvh"])
    return {
        "verwijzing_ander": verwijzing_ander,
        "orgs": orgs,
        "targets": targets,
        "entries": entries,
        "verzoeken": verzoeken,
        "zorg": zorg,
        "netwerk": netwerk,
        "partner_acties": partner_acties,
        "uitnodigingen": uitnodigingen,
        "signaal": {"own": signaal_a, "other": signaal_b},
        "bijlage": {"own": _bijlage(signaal_a), "other": _bijlage(signaal_b)},
        "zelfscan": {"own": scan_a, "other": scan_b},
        "shared": {
            "gemeente": {"jaar": g.jaar, "cbs_code": g.cbs_code},
            "regio": {"pk": r.pk},
            "meting": {"code": meting.code},
            "rapport": {"code": meting.code, "pk": rapport.pk},
            "inlezing": {"code": meting.code, "pk": inlezing.pk},
            "artikel": {"slug": _artikel().slug},
        },
    }


def _kwargs(world, key, scope, org_key, own_signal, own_verwijzing=None):
    """URL kwargs for ``key``: the actor's own organisation's object, or another one's."""
    if key is None:
        return None
    if key == "verwijzing":
        return {"pk": (own_verwijzing if scope == "own" and own_verwijzing else world["verwijzing_ander"]).pk}
    if key in world["shared"]:
        return world["shared"][key]
    if key in ("user", "user2", "user3"):
        index = ("user", "user2", "user3").index(key)
        owner = (org_key if org_key in world["targets"] else "a") if scope == "own" else "b"
        return {"pk": world["targets"][owner][index].pk}
    if key == "organisatie":
        return {"pk": world["orgs"][org_key if scope == "own" else "b"].pk}
    if key == "audit":
        owner = (org_key if org_key in world["entries"] else "a") if scope == "own" else "b"
        return {"pk": world["entries"][owner].pk}
    if key == "verzoek":
        v = world["verzoeken"]
        if scope == "own":
            return {"pk": v.get(org_key, v["politie"]).pk}
        return {"pk": (v["riec"] if org_key == "politie" else v["politie"]).pk}
    if key in ("aanmelding", "traject", "zorgactie", "traject_bijlage", "zorgoverleg"):
        # own: the actor's zorgorganisatie's (a gemeente's own: the one it referred); other: the other one's
        eigen = org_key if org_key in world["zorg"] else "zvh"
        return {
            "pk": world["zorg"][eigen if scope == "own" else ("zorgaanbieder" if eigen == "zvh" else "zvh")][key].pk
        }
    if key == "netwerkpartner":
        eigen = org_key if org_key in world["netwerk"] else "zvh"
        return {"pk": world["netwerk"][eigen if scope == "own" else ("zorgaanbieder" if eigen == "zvh" else "zvh")].pk}
    if key == "uitnodiging":
        u = world["uitnodigingen"]
        return {"pk": (u.get(org_key, u["opvang"]) if scope == "own" else u["zorgaanbieder"]).pk}
    if key == "partner_actie":
        acties = world["partner_acties"]
        return {"pk": (acties.get(org_key, acties["opvang"]) if scope == "own" else acties["zorgaanbieder"]).pk}
    if key == "eigen_signaal":
        return {"pk": (own_signal if scope == "own" else world["signaal"]["other"]).pk}
    if key == "zelfscan_stap":
        return {"pk": world["zelfscan"][scope].pk, "bouwsteen": "signaleren"}
    return {"pk": world[key][scope].pk}  # signaal, bijlage, zelfscan: of Gemeente A or B


def _verwijzing(user, organisatie, zorgorganisatie):
    """A referral ``user`` sent through the aanmeldformulier while acting for ``organisatie``."""
    from django.utils import timezone

    from kompas.zorg.models import Aanmelding

    return Aanmelding.objects.create(
        zorgorganisatie=zorgorganisatie,
        verwijzer_organisatie=organisatie,
        door=user,
        bron="formulier",
        toelichting="t",
        toestemming="gegeven",
        verwijzer_contact="c",
        tijdstip=timezone.now(),
    )


def _zorg(zorgorganisatie, gemeente, signaal):
    """A referral from ``gemeente``'s signal, a traject and a zorgactie at ``zorgorganisatie``."""
    from django.utils import timezone

    from kompas.zorg.models import Aanmelding, Traject, Zorgactie

    now = timezone.now()
    a = Aanmelding.objects.create(
        zorgorganisatie=zorgorganisatie, signaal=signaal, verwijzer_organisatie=gemeente, toelichting="t", tijdstip=now
    )
    t = Traject.objects.create(
        zorgorganisatie=zorgorganisatie, clientcode=f"ZC-T-{a.pk}", fase_sinds=now, aangemaakt_op=now
    )
    z = Zorgactie.objects.create(
        traject=t, domein="werk", hulpvraag="h", partner=zorgorganisatie, aangemaakt_op=now, bijgewerkt_op=now
    )
    from django.core.files.base import ContentFile

    from kompas.zorg.models import TrajectBijlage, Zorgoverleg

    b = TrajectBijlage(traject=t, naam="verslag.pdf", content_type="application/pdf", grootte=8, tijdstip=now)
    b.bestand.save("x", ContentFile(b"%PDF-1.7"), save=False)
    b.save()
    o = Zorgoverleg.objects.create(traject=t, datum=now, agenda="a", aangemaakt_op=now)
    return {"aanmelding": a, "traject": t, "zorgactie": z, "traject_bijlage": b, "zorgoverleg": o}


def _zorgoverleg(orgs, zorg):
    """Who is invited where: the zvh's zorgoverleg invites the zvh itself (its procesregisseur),
    the opvang and the politie; the zorgaanbieder's invites only the zorgaanbieder."""
    zorg["zvh"]["zorgoverleg"].genodigden.set([orgs["zvh"], orgs["opvang"], orgs["politie"]])
    zorg["zorgaanbieder"]["zorgoverleg"].genodigden.set([orgs["zorgaanbieder"]])
    return {
        "zvh": zorg["zvh"]["zorgoverleg"],
        "opvang": zorg["zvh"]["zorgoverleg"],
        "politie": zorg["zvh"]["zorgoverleg"],
        "zorgaanbieder": zorg["zorgaanbieder"]["zorgoverleg"],
    }


def _zorgnetwerk(orgs, zorg):
    """Each zorgorganisatie's werkgebied with one partner in its zorgnetwerk (the zvh: the
    opvang; the zorgaanbieder: the politie), and a zorgactie handed to each partner organisation
    (with the cliënt's consent); the zorgaanbieder's own action is nobody's partner action."""
    from django.utils import timezone

    from kompas.zorg.models import Toestemming, Werkgebied, Zorgactie, Zorgpartner

    now = timezone.now()
    netwerk = {}
    for key, partner in (("zvh", "opvang"), ("zorgaanbieder", "politie")):
        w = Werkgebied.objects.create(zorgorganisatie=orgs[key], gemeente_codes=["GM0001"])
        netwerk[key] = Zorgpartner.objects.create(organisatie=orgs[partner], vormen=["arbeid"])
        w.netwerk.add(netwerk[key])
    traject = zorg["zvh"]["traject"]
    acties = {"zvh": zorg["zvh"]["zorgactie"], "zorgaanbieder": zorg["zorgaanbieder"]["zorgactie"]}
    for key in ("opvang", "politie"):
        Toestemming.objects.create(
            traject=traject,
            doel="delen_organisatie",
            organisatie=orgs[key],
            gegeven=True,
            datum=now.date(),
            door_repr="zc",
            tijdstip=now,
        )
        acties[key] = Zorgactie.objects.create(
            traject=traject,
            domein="hulp_opvang",
            hulpvraag="Opvang voor de cliënt",
            partner=orgs[key],
            aangemaakt_op=now,
            bijgewerkt_op=now,
        )
    return netwerk, acties


def test_care_partner_with_and_without_consent(world):
    """The matrix rows of the partner's pages hold with and without consent; what changes
    without it is the content: only the stand remains, and it can still be updated."""
    from django.utils import timezone

    from kompas.zorg.models import Toestemming

    actie = world["partner_acties"]["opvang"]
    url = reverse("zorg:partner_actie", kwargs={"pk": actie.pk})
    partner = verified_client(member(Rol.CONTACTPERSOON, world["orgs"]["opvang"]))
    ander = verified_client(member(Rol.CONTACTPERSOON, world["orgs"]["politie"]))
    assert "Opvang voor de cliënt" in partner.get(url).content.decode()
    assert ander.get(url).status_code == 404 and ander.post(url, {"stand": "gestart"}).status_code == 404
    now = timezone.now()
    Toestemming.objects.create(
        traject=actie.traject,
        doel="delen_organisatie",
        organisatie=world["orgs"]["opvang"],
        gegeven=False,
        datum=now.date(),
        door_repr="zc",
        tijdstip=now,
    )
    r = partner.get(url)
    assert r.status_code == 200 and "Opvang voor de cliënt" not in r.content.decode()
    assert "Opvang voor de cliënt" not in partner.get(reverse("zorg:partner")).content.decode()
    assert partner.post(url, {"stand": "gestart"}).status_code == 302
    assert ander.get(reverse("zorg:partner")).status_code == 200  # its own page, without this action
    assert f"Zorgactie {actie.pk}<" not in ander.get(reverse("zorg:partner")).content.decode()


def test_comensha_analyst_gets_the_national_pseudonymised_export(world):
    gemeente = world["orgs"]["a"]
    analist = verified_client(member(Rol.ANALIST, world["orgs"]["comensha"]))
    r = analist.post(reverse("zorg:comensha"), {"doel": "Landelijke registratie", "formaat": "csv"})
    assert r.status_code == 200 and b"ZVH" in r.content and b"ZORGAANBIEDER" in r.content
    assert analist.get(reverse("zorg:traject", kwargs={"pk": world["zorg"]["zvh"]["traject"].pk})).status_code == 404
    assert gemeente.naam.encode() not in r.content


def _artikel():
    from kompas.core.schrijven import SYSTEEM
    from kompas.kennisbank.models import Artikel
    from kompas.kennisbank.services import opslaan

    return opslaan(
        artikel=Artikel(
            slug="proef",
            titel="Proef",
            samenvatting="s",
            bouwsteen="beleid",
            onderwerp="o",
            bronnen="CoMensha, *Suggesties* (2018)",
            inhoud="Tekst",
        ),
        publiceren=True,
        actor=SYSTEEM,
    )


def _meting():
    from kompas.monitor.models import Meting, Rapport, Vragenlijst

    m = Meting.objects.create(code="m2026", naam="Monitor 2026", jaar=2026)
    m.vragenlijsten.set(Vragenlijst.objects.filter(code="gemeente-2021"))
    return m, Rapport.objects.create(
        meting=m, formaat="csv", status=Rapport.Status.KLAAR, voortgang=100, inhoud=b"a;b\n"
    )


def _verzoek(signaal, partner):
    from datetime import timedelta

    from django.utils import timezone

    from kompas.meldroute.models import PartnerVerzoek

    return PartnerVerzoek.objects.create(
        signaal=signaal,
        partner=partner,
        stap=4,
        gedeeld="g",
        vraag="v",
        deadline=timezone.localdate() + timedelta(days=7),
        aangemaakt_op=timezone.now(),
    )


def _bijlage(signaal):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from kompas.meldroute.models import Bijlage

    b = Bijlage(signaal=signaal, naam="foto.png", content_type="image/png", grootte=8, tijdstip=timezone.now())
    b.bestand.save("x", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    b.save()
    return b


def _expected(kind, allowed, actor, scope):
    if kind == "redirect":  # a POST-only page: GET by the allowed actor goes back to where the form is
        return 302 if actor in allowed else 403
    if kind == "page":
        return 200 if actor in allowed else 403
    if kind == "national":
        return 200 if actor in allowed else 404
    if kind == "page404":
        return 404 if actor in allowed else 403
    if kind == "page400":
        return 400 if actor in allowed else 403
    if kind == "action":
        return 302 if (actor in allowed and scope == "own") else 404
    return 200 if (actor in allowed and scope == "own") else 404


# An allowed POST with an empty form gets past the policy: a form error, a redirect, a 400
# from the API, or 405 on a page that only reads.
PASSED_POLICY = {200, 201, 302, 400, 405}


def _read_only_views(resolver=None, prefix="") -> set[str]:
    """URL names whose view has no POST handler at all (405 for everybody)."""
    names = set()
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver) and p.namespace != "admin":
            names |= _read_only_views(p, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            view_class = getattr(p.callback, "view_class", None) or getattr(p.callback, "cls", None)
            if view_class is not None and not hasattr(view_class, "post"):
                names.add(prefix + p.name)
    return names


def _csrf_client(user):
    """A verified client that enforces CSRF, with a valid token (cookie + header) to send."""
    from django.conf import settings

    client = verified_client(user)
    client.handler.enforce_csrf_checks = True
    token = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    return client, token


@pytest.mark.parametrize("actor", list(ACTORS))
def test_actor_matrix(world, actor, request, monkeypatch):
    # who may download a PDF is the question here, not how it looks: skip the rendering
    monkeypatch.setattr("weasyprint.HTML.write_pdf", lambda self, *args, **kwargs: b"%PDF-1.7 matrix")
    rollen, org_key = ACTORS[actor]
    rollen = rollen if isinstance(rollen, tuple) else (rollen,)
    user = member(rollen[0], world["orgs"][org_key])
    for rol in rollen[1:]:
        Lidmaatschap.objects.create(user=user, organisatie=world["orgs"][org_key], rol=rol)
    own_signal = SignaalFactory(gemeente=world["orgs"]["a"], melder=user) if org_key == "a" else world["signaal"]["own"]
    own_verwijzing = _verwijzing(user, world["orgs"][org_key], world["orgs"]["zvh"])
    client, token = _csrf_client(user)
    read_only = _read_only_views()
    cells = 0
    failures = []
    for name, key, allowed, kind, *post in MATRIX:
        post_allowed, post_kind = post[0] if post else (allowed, kind)
        scopes = ["own", "other"] if {kind, post_kind} & {"object", "national", "action"} else ["own"]
        for scope in scopes:
            url = reverse(name, kwargs=_kwargs(world, key, scope, org_key, own_signal, own_verwijzing))
            status = client.get(url).status_code
            expected = _expected(kind, allowed, actor, scope)
            cells += 1
            if status != expected:
                failures.append(f"{actor} GET {scope} {url}: {status}, verwacht {expected}")
            if name.startswith("api:"):
                response = client.post(url, "{}", content_type="application/json", HTTP_X_CSRFTOKEN=token)
            else:
                response = client.post(url, {}, HTTP_X_CSRFTOKEN=token)
            expected = _expected(post_kind, post_allowed, actor, scope)
            cells += 1
            if response.status_code == 405 and name in read_only:
                pass
            elif expected in (403, 404) and response.status_code != expected:
                failures.append(f"{actor} POST {scope} {url}: {response.status_code}, verwacht {expected}")
            elif expected not in (403, 404) and response.status_code not in PASSED_POLICY:
                failures.append(
                    f"{actor} POST {scope} {url}: {response.status_code}, verwacht een van {sorted(PASSED_POLICY)}"
                )
            if name.startswith("api:"):
                # the API's other unsafe methods: nobody changes anything with them; a 405
                # means the permission let the actor through, so only an allowed actor sees it
                for method in ("put", "patch", "delete"):
                    status = getattr(client, method)(
                        url, "{}", content_type="application/json", HTTP_X_CSRFTOKEN=token
                    ).status_code
                    cells += 1
                    if status not in (403, 404, 405) or (status == 405 and actor not in allowed | post_allowed):
                        failures.append(f"{actor} {method.upper()} {scope} {url}: {status}")
    request.node.user_properties.append(("matrix_cells", cells))
    assert not failures, "\n".join(failures)


def test_post_without_csrf_token_is_refused(world):
    """The POST cells above are meaningful: without the token the same request is refused."""
    user = member(Rol.FUNCTIONEEL_BEHEERDER, world["orgs"]["a"])
    client, token = _csrf_client(user)
    target = world["targets"]["a"][1]
    url = reverse("accounts:user_remove", args=[target.pk])
    assert client.post(url, {}).status_code == 403
    assert target.lidmaatschappen.exists()
    assert client.post(url, {}, HTTP_X_CSRFTOKEN=token).status_code == 302
    assert not target.lidmaatschappen.exists()


def test_anonymous_is_sent_to_login_everywhere(world, request):

    client = Client()
    cells = 0
    for name, key, *_rest in MATRIX:
        kwargs = _kwargs(world, key, "own", "a", world["signaal"]["other"])
        response = client.get(reverse(name, kwargs=kwargs))
        if name == "core:toegankelijkheid":
            assert response.status_code == 200
        elif name == "api:transitie":
            assert response.status_code == 403, name  # only POST; anonymous is refused first
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

    user = member(Rol.FUNCTIONEEL_BEHEERDER, world["orgs"]["a"])
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
    user = member(Rol.FUNCTIONEEL_BEHEERDER, world["orgs"]["a"])
    LidmaatschapFactory(user=user, organisatie=org_b, rol=Rol.MEDEWERKER)
    client = verified_client(user)
    assert client.get("/beheer/gebruikers/").status_code == 200
    response = client.post(reverse("accounts:switch_organisation"), {"organisatie": org_b.pk})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == org_b.pk
    assert client.get("/beheer/gebruikers/").status_code == 403
    # switching to an organisation one is not a member of is ignored
    client.post(reverse("accounts:switch_organisation"), {"organisatie": world["orgs"]["b"].pk})
    assert client.session[SESSION_KEY] == org_b.pk
