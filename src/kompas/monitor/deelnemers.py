"""Who took part: the foreign keys behind the organisation codes of invitations and submissions.

A file (the import, the list of invited organisations) names an organisation by its code in the
wave's year; the cleaning and the analysis key on that code within a wave. Everything that asks
"which of these are *ours*" goes through the keys set here instead of comparing strings:

- ``gemeente``: the gemeente of the wave's year in the reference data (:mod:`kompas.regio`);
- ``organisatie``: the organisation in Kompas (a gemeente, or a zorg- en veiligheidshuis by its
  ZVH region), so a gemeente whose CBS code changed by a herindeling keeps its own answers.

Every path that creates an invitation or a submission (preparing invitations, the uploaded list,
the import, starting by the personal link, answering for other gemeenten) sets them here. An
organisation that gets an account later is linked when it is saved (:func:`organisatie_koppelen`,
connected in :mod:`kompas.monitor.apps`), and ``kompas monitor koppelen`` fills and reports
whatever is left (:func:`koppelen`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from kompas.accounts.selectors import organisatie_codes, organisatie_ids_per_code
from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.schrijven import schrijfdienst
from kompas.monitor.eigendom import vereis_beheer
from kompas.monitor.models import Inzending, InzendingOrganisatie, Meting, Uitnodiging
from kompas.regio.selectors import gemeente_ids, regios_in_jaar


@dataclass(frozen=True)
class Sleutels:
    """The keys of the codes of one year: code → gemeente id, code → organisation id, and the
    ZVH region codes of that year (a ZVH code has no gemeente but is known)."""

    gemeenten: dict[str, int]
    organisaties: dict[str, int]
    zvh: frozenset[str]

    def bekend(self, code: str) -> bool:
        return code in self.gemeenten or code in self.zvh


def sleutels(jaar: int, codes: Iterable[str]) -> Sleutels:
    codes = set(codes)
    return Sleutels(
        gemeenten=gemeente_ids(jaar, codes),
        organisaties=organisatie_ids_per_code(codes),
        zvh=frozenset(r.code for r in regios_in_jaar(jaar) if r.code in codes),
    )


def uitnodigingen_koppelen(uitnodigingen: list[Uitnodiging], jaar: int) -> None:
    """Set ``gemeente`` and ``organisatie`` on new (unsaved) invitations of a wave of ``jaar``."""
    s = sleutels(jaar, (u.organisatie_code for u in uitnodigingen))
    for u in uitnodigingen:
        u.gemeente_id = s.gemeenten.get(u.organisatie_code)
        u.organisatie_id = s.organisaties.get(u.organisatie_code)


def zetten(inzendingen: list[Inzending], jaar: int, *, nieuw: bool = False) -> None:
    """Write the rows of :class:`InzendingOrganisatie` for saved submissions of a wave of
    ``jaar`` from their code lists (the one writer of those rows). ``nieuw``: the submissions were
    just created, so there is nothing to replace."""
    if not inzendingen:
        return
    s = sleutels(jaar, (c for i in inzendingen for c in i.organisaties))
    # a submission of an invitation (by its link, or linked on import) is that invitation's
    # organisation: the first row takes the invitation's keys
    via = {
        pk: (code, g, o)
        for pk, code, g, o in Uitnodiging.objects.filter(
            pk__in={i.uitnodiging_id for i in inzendingen if i.uitnodiging_id}
        ).values_list("pk", "organisatie_code", "gemeente_id", "organisatie_id")
    }

    def rij(i: Inzending, n: int, code: str) -> InzendingOrganisatie:
        g, o = s.gemeenten.get(code), s.organisaties.get(code)
        if n == 0 and i.uitnodiging_id in via and via[i.uitnodiging_id][0] == code:
            _c, g, o = via[i.uitnodiging_id]
        return InzendingOrganisatie(inzending_id=i.pk, volgorde=n, code=code, gemeente_id=g, organisatie_id=o)

    if not nieuw:
        InzendingOrganisatie.objects.filter(inzending__in=[i.pk for i in inzendingen]).delete()
    InzendingOrganisatie.objects.bulk_create(
        [rij(i, n, code) for i in inzendingen for n, code in enumerate(i.organisaties)], batch_size=2000
    )


def eigen_codes(organisatie, metingen: Iterable[Meting] | None = None) -> dict[int, set[str]]:
    """Meting id → the codes under which ``organisatie`` took part in that wave, by the foreign
    keys (an invitation of it, or a submission made for it), never by comparing its current code.
    One query (a UNION of both), whatever the number of waves."""
    if organisatie is None or organisatie.pk is None:
        return {}
    ids = None if metingen is None else [m.pk for m in metingen]
    uitnodigingen = Uitnodiging.objects.filter(organisatie=organisatie)
    inzendingen = InzendingOrganisatie.objects.filter(organisatie=organisatie)
    if ids is not None:
        uitnodigingen = uitnodigingen.filter(meting__in=ids)
        inzendingen = inzendingen.filter(inzending__meting__in=ids)
    uit: dict[int, set[str]] = {}
    for meting_id, code in (
        uitnodigingen.order_by()
        .values_list("meting_id", "organisatie_code")
        .union(inzendingen.order_by().values_list("inzending__meting_id", "code"))
    ):
        uit.setdefault(meting_id, set()).add(code)
    return uit


def organisatie_koppelen(organisatie) -> int:
    """Link the invitations and submission rows that name ``organisatie``'s code and have no
    organisation yet (it got its account after the wave was prepared or imported). Rows already
    linked to another organisation stay with it: a code that passed to another organisation by a
    herindeling does not take the earlier one's answers along. Returns the number of rows linked."""
    codes = organisatie_codes(organisatie)
    if not codes or not organisatie.actief:
        return 0
    n = Uitnodiging.objects.filter(organisatie__isnull=True, organisatie_code__in=codes).update(organisatie=organisatie)
    return n + InzendingOrganisatie.objects.filter(organisatie__isnull=True, code__in=codes).update(
        organisatie=organisatie
    )


@dataclass
class Koppelverslag:
    gekoppeld: int = 0  # rows that got a key now
    onbekend: list[tuple[str, str, str]] = field(default_factory=list)  # (meting, what, code)

    def regels(self) -> list[str]:
        out = [
            f"{self.gekoppeld} {'koppeling' if self.gekoppeld == 1 else 'koppelingen'} gelegd; "
            f"{len(self.onbekend)} {'code' if len(self.onbekend) == 1 else 'codes'} zonder gemeente of ZVH-regio "
            "in het jaar van de meting."
        ]
        return out + [f"  {meting}: {wat} {code}" for meting, wat, code in self.onbekend]


@schrijfdienst
def koppelen(*, actor) -> Koppelverslag:
    """Fill every missing key that a code can give (and the rows of a submission stored without
    them) (after reference data of a year were loaded
    late, or an organisation got an account), and report the codes that name no gemeente or ZVH
    region of their wave's year: those rows keep empty keys and count only by their code."""
    vereis_beheer(actor)
    verslag = Koppelverslag()
    for meting in Meting.objects.order_by("jaar", "code"):
        # submissions stored without their rows (written outside the services): give them rows
        zonder = [i for i in Inzending.objects.filter(meting=meting, deelnemers__isnull=True) if i.organisaties]
        zetten(zonder, meting.jaar, nieuw=True)
        verslag.gekoppeld += sum(len(i.organisaties) for i in zonder)
        uitnodigingen = list(
            Uitnodiging.objects.filter(meting=meting).filter(Q(gemeente__isnull=True) | Q(organisatie__isnull=True))
        )
        rijen = list(
            InzendingOrganisatie.objects.filter(inzending__meting=meting).filter(
                Q(gemeente__isnull=True) | Q(organisatie__isnull=True)
            )
        )
        s = sleutels(meting.jaar, {u.organisatie_code for u in uitnodigingen} | {r.code for r in rijen})
        gewijzigd_u, gewijzigd_r = [], []
        for obj, code in [(u, u.organisatie_code) for u in uitnodigingen] + [(r, r.code) for r in rijen]:
            was = (obj.gemeente_id, obj.organisatie_id)
            obj.gemeente_id = obj.gemeente_id or s.gemeenten.get(code)
            obj.organisatie_id = obj.organisatie_id or s.organisaties.get(code)
            if (obj.gemeente_id, obj.organisatie_id) != was:
                (gewijzigd_u if isinstance(obj, Uitnodiging) else gewijzigd_r).append(obj)
            if not s.bekend(code):
                wat = "uitnodiging" if isinstance(obj, Uitnodiging) else f"inzending {obj.inzending_id}"
                verslag.onbekend.append((meting.code, wat, code))
        Uitnodiging.objects.bulk_update(gewijzigd_u, ["gemeente", "organisatie"], batch_size=2000)
        InzendingOrganisatie.objects.bulk_update(gewijzigd_r, ["gemeente", "organisatie"], batch_size=2000)
        verslag.gekoppeld += len(gewijzigd_u) + len(gewijzigd_r)
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        object_type="monitor.uitnodiging",
        object_repr="organisaties gekoppeld",
        details={"gekoppeld": verslag.gekoppeld, "onbekend": len(verslag.onbekend)},
    )
    return verslag


def bij_organisatie_opgeslagen(sender, instance, raw=False, **kwargs) -> None:
    """post_save of accounts.Organisatie (connected in this app's ``ready``); not while loading fixtures."""
    if not raw:
        organisatie_koppelen(instance)
