"""Reads of the zelfscan: a gemeente sees its own scans; a ketenregisseur the latest scan
status of every gemeente in the region (scan results only)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kompas.accounts.policy import get_object_for_actor
from kompas.accounts.selectors import organisatie_ids_per_code
from kompas.core.bouwstenen import Bouwsteen
from kompas.kennisbank.selectors import gepubliceerd_per_slug
from kompas.regio.constants import Indeling
from kompas.regio.selectors import (
    centrumgemeente_van,
    gemeente_in_jaar,
    gemeenten_in_regio,
    huidig_jaar,
    per_regio_versie,
    regio_met_id,
    regio_van,
    regios_van,
)
from kompas.zelfscan.definitie import ITEMS
from kompas.zelfscan.models import Zelfscan
from kompas.zelfscan.policies import policy
from kompas.zelfscan.scoring import Profiel, basisniveau, plateaus


def profiel_voor(cbs_code: str, jaar: int | None = None) -> Profiel:
    """The gemeente as the scan's rules see it in ``jaar`` (default: the current year); its
    regions by kompas.regio's one rule, so the monitor and meldroute name the same ones. Read
    from the reference data only, so cached per version of them (one query a page, not four)."""
    return per_regio_versie("zelfscan.profiel", _profiel_berekenen, cbs_code, jaar or huidig_jaar())


def _profiel_berekenen(cbs_code: str, jaar: int) -> Profiel:
    g = gemeente_in_jaar(jaar, cbs_code)
    if g is None:
        return Profiel(naam=cbs_code)
    regios = {indeling: regio.naam for indeling, regio in regios_van(cbs_code, jaar).items()}
    centrum = centrumgemeente_van(cbs_code)
    return Profiel(
        naam=g.naam,
        inwoners=g.inwoners,
        centrumgemeente_vo=centrum is not None,
        zvh_regio=regios.get(Indeling.ZVH, ""),
        vo_regio=centrum.naam if centrum else regios.get(Indeling.VROUWENOPVANG, ""),
    )


def zvh_regio(cbs_code: str):
    """The gemeente's zorg- en veiligheidshuisregio in the current year (for the fte calculator),
    cached per version of the reference data."""
    return per_regio_versie("zelfscan.zvh_regio", regio_van, cbs_code, huidig_jaar())


def hulpartikelen() -> dict:
    """The published articles the next steps link to, by slug (one query)."""
    return gepubliceerd_per_slug(s for i in ITEMS for s in i.artikelen)


def stappen(antwoorden: dict) -> list[dict]:
    """The steps of the scan, one per bouwsteen, with how many of its statements are answered."""

    uit = []
    for nummer, (code, label) in enumerate(Bouwsteen.choices, start=1):
        items = [i for i in ITEMS if i.bouwsteen == code]
        uit.append(
            {
                "nummer": nummer,
                "code": code,
                "label": label,
                "items": items,
                "totaal": len(items),
                "beantwoord": sum(1 for i in items if antwoorden.get(i.code)),
            }
        )
    return uit


def eerste_open_stap(antwoorden: dict) -> str | None:
    """Where to resume: the first step with an unanswered statement (None: all answered)."""
    return next((s["code"] for s in stappen(antwoorden) if s["beantwoord"] < s["totaal"]), None)


def scans(actor) -> QuerySet[Zelfscan]:
    """The scans of the actor's own gemeente: those that point at its organisation (so they stay
    its own when a herindeling changes its CBS code, and never pass to another organisation that
    gets the old code)."""
    org = getattr(actor, "organisatie", None)
    return Zelfscan.objects.filter(organisatie=org) if org is not None and org.pk else Zelfscan.objects.none()


def van_gemeenten(codes) -> Q:
    """The scans of the gemeenten with these CBS codes (this year's, as a region lists them): by
    the organisation a scan points at; by the code it started with only for a scan of a gemeente
    that has no organisation in Kompas."""
    codes = set(codes)
    return Q(organisatie_id__in=list(organisatie_ids_per_code(codes).values())) | Q(
        organisatie__isnull=True, cbs_code__in=codes
    )


def gemeente_code(scan: Zelfscan) -> str:
    """The scan's gemeente's code now: its organisation's, else the code the scan started with."""
    return (scan.organisatie.cbs_code if scan.organisatie_id else "") or scan.cbs_code


def zelfde_gemeente(scan: Zelfscan) -> Q:
    """The scans of the same gemeente as ``scan``."""
    if scan.organisatie_id:
        return Q(organisatie_id=scan.organisatie_id)
    return Q(organisatie__isnull=True, cbs_code=scan.cbs_code)


def scan_get(actor, pk) -> Zelfscan:
    # with its organisation (the gemeente's code now, see gemeente_code): no second query
    return get_object_for_actor(scans(actor).select_related("organisatie"), pk=pk)


def codes_wijzigbaar(actor, *, regionaal: bool) -> set[str]:
    """The gemeenten whose scan the actor may start or change: its own gemeente (beleidsadviseur,
    aandachtsfunctionaris), or for a regional scan the gemeenten of its region (ketenregisseur)."""
    if regionaal:
        return {c for c, _n in regio_gemeenten(actor)} if policy.allows(actor, "regio") else set()
    code = actor.organisatie.cbs_code if getattr(actor, "organisatie", None) else ""
    return {code} if code and policy.allows(actor, "scannen") else set()


def scans_wijzigbaar(actor) -> QuerySet[Zelfscan]:
    """The scans the actor may change (what the write services re-fetch a scan through): the own
    gemeente's scans, and the regional scans of the region's gemeenten for a ketenregisseur."""
    eigen, regio = codes_wijzigbaar(actor, regionaal=False), codes_wijzigbaar(actor, regionaal=True)
    if not (eigen or regio):
        return Zelfscan.objects.none()
    q = Q(pk__in=[])
    if eigen:
        q |= Q(organisatie=actor.organisatie)
    if regio:
        q |= van_gemeenten(regio) & Q(regionaal=True)
    return Zelfscan.objects.filter(q)


def vorige_afgeronde(scan: Zelfscan) -> Zelfscan | None:
    if scan.afgerond_op is None:
        return None
    return (
        Zelfscan.objects.filter(
            zelfde_gemeente(scan), status=Zelfscan.Status.AFGEROND, afgerond_op__lt=scan.afgerond_op
        )
        .order_by("-afgerond_op")
        .first()
    )


def werkgebied(actor) -> tuple[object | None, list[tuple[str, str]]]:
    """The actor's organisation's region and its gemeenten of this year (code, name). Read from
    the reference data only, so cached per version of them: no query for the region, none for
    its gemeenten."""
    regio_id = actor.organisatie.regio_id if getattr(actor, "organisatie", None) else None
    if regio_id is None:
        return None, []
    return per_regio_versie("zelfscan.werkgebied", _werkgebied_berekenen, regio_id, huidig_jaar())


def _werkgebied_berekenen(regio_id: int, jaar: int):
    regio = regio_met_id(regio_id)
    if regio is None:
        return None, []
    return regio, list(gemeenten_in_regio(regio, jaar).values_list("cbs_code", "naam"))


def regio_gemeenten(actor) -> list[tuple[str, str]]:
    return werkgebied(actor)[1]


def regio_overzicht(actor) -> list[dict]:
    """Per gemeente of the region: the latest completed scan's status, nothing else."""
    gemeenten = regio_gemeenten(actor)
    laatste: dict[str, Zelfscan] = {}
    for scan in (
        Zelfscan.objects.filter(van_gemeenten(c for c, _n in gemeenten), status=Zelfscan.Status.AFGEROND)
        .select_related("organisatie")
        .order_by("afgerond_op")
    ):
        laatste[gemeente_code(scan)] = scan
    rijen = []
    for code, naam in gemeenten:
        scan = laatste.get(code)
        rijen.append(
            {
                "naam": naam,
                "code": code,
                "scan": scan,
                "basisniveau": basisniveau(scan.antwoorden)[0] if scan else None,
                "aandachtsfunctionaris": scan.antwoorden.get("BN_AF") == "ja" if scan else None,
                "plateaus": plateaus(scan.antwoorden) if scan else {},
            }
        )
    return rijen


def evaluatie_herinnering(actor) -> Zelfscan | None:
    """The gemeente's next beleidsplan evaluation date, for the dashboard."""
    return scans(actor).filter(evaluatie_op__isnull=False).order_by("-evaluatie_op").first()
