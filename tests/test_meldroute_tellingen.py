"""The maintained counts (SignaalTelling) the figures read always equal the counts computed
afresh from the statistics rows, whatever the services or the models do to them."""

import contextlib
from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from kompas.accounts.actor import actor_for
from kompas.accounts.constants import Rol
from kompas.core.schrijven import SYSTEEM
from kompas.meldroute import services
from kompas.meldroute.constants import Herkomst, Overleg, Sector, Uitkomst, Vorm
from kompas.meldroute.models import (
    Signaal,
    SignaalStatistiek,
    SignaalTelling,
    tellingen_controleren,
    tellingen_herbouwen,
)
from kompas.meldroute.selectors import Scope, _cijfers, telwerk, telwerk_live
from kompas.meldroute.workflow import TRANSITIES, TransitieGeweigerd
from tests.conftest import member
from tests.factories import OrganisatieFactory

CODES = ["GM0405", "GM0406", "GM0363"]
SCOPES = [
    Scope("NL", None, True),
    Scope("regio", CODES[:2], True),
    Scope("gemeente", CODES[:1], False),
    Scope("gemeente, extern", CODES[2:], True),
    Scope("niemand", [], True),
]


def assert_gelijk_aan_live():
    assert tellingen_controleren() == {}
    for scope in SCOPES:
        assert telwerk(scope) == telwerk_live(scope), scope.label
        assert _cijfers(scope, telwerk) == _cijfers(scope, telwerk_live), scope.label


@pytest.mark.django_db
def test_counts_follow_every_service_that_changes_a_signal():
    """Reports, every transition (closing, reopening), back-dated signals that move to
    another month, and retention that deletes signals but keeps their tombstones."""
    gemeenten = [OrganisatieFactory(cbs_code=code) for code in CODES]
    melders = [actor_for(member(Rol.MEDEWERKER, g), None) for g in gemeenten]
    afs = [actor_for(member(Rol.AANDACHTSFUNCTIONARIS, g), None) for g in gemeenten]

    class Route(RuleBasedStateMachine):
        @initialize()
        def leeg(self):
            self.signalen: list[tuple[int, Signaal]] = []

        @rule(
            g=st.integers(0, len(CODES) - 1),
            vormen=st.lists(st.sampled_from(Vorm.values), min_size=1, max_size=3, unique=True),
            sector=st.sampled_from(Sector.values),
            herkomst=st.sampled_from(Herkomst.values),
        )
        def melden(self, g, vormen, sector, herkomst):
            s = services.signaal_melden(
                actor=melders[g], wat="w", wanneer=timezone.localdate(), vormen=vormen, sector=sector, herkomst=herkomst
            )
            self.signalen.append((g, s))

        @rule(
            data=st.data(),
            naam=st.sampled_from(list(TRANSITIES)),
            uitkomst=st.sampled_from(Uitkomst.values),
            overleg=st.sampled_from(Overleg.values),
        )
        def overgang(self, data, naam, uitkomst, overleg):
            levend = [(g, s) for g, s in self.signalen if Signaal.objects.filter(pk=s.pk).exists()]
            if not levend:
                return
            g, s = data.draw(st.sampled_from(levend))
            with contextlib.suppress(TransitieGeweigerd):
                services.transitie_uitvoeren(
                    actor=afs[g],
                    signaal=Signaal.objects.get(pk=s.pk),
                    transitie=naam,
                    reden="r",
                    overleg=overleg,
                    terugkoppeling="t",
                    uitkomst=uitkomst,
                    ander_fenomeen="huisjesmelkerij",
                )

        @rule(data=st.data(), dagen=st.integers(1, 400))
        def antedateren(self, data, dagen):
            """An older signal: the next change moves it to another month and lengthens its lead time."""
            if self.signalen:
                _g, s = data.draw(st.sampled_from(self.signalen))
                Signaal.objects.filter(pk=s.pk).update(aangemaakt_op=timezone.now() - timedelta(days=dagen))

        @rule()
        def bewaartermijn(self):
            Signaal.objects.filter(afgesloten_op__isnull=False).update(
                afgesloten_op=timezone.now() - timedelta(days=800)
            )
            services.bewaartermijnen_handhaven(actor=SYSTEEM)

        @invariant()
        def gelijk(self):
            assert_gelijk_aan_live()

    run_state_machine_as_test(
        Route,
        settings=settings(
            max_examples=12,  # 180 steps, each checked against a fresh count (the slowest test on PostgreSQL)
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    assert SignaalStatistiek.objects.exists() and SignaalTelling.objects.exists()


STAT_VELDEN = {
    "gemeente_code": st.sampled_from(CODES),
    "maand": st.sampled_from([date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]),
    **{f"vorm_{v}": st.booleans() for v in Vorm.values},
    "sector": st.sampled_from(Sector.values),
    "herkomst": st.sampled_from(Herkomst.values),
    "hoogste_stap": st.integers(2, 7),
    "uitkomst": st.sampled_from(["", *Uitkomst.values]),
    "doorlooptijd_dagen": st.none() | st.integers(0, 40),
}
stat = st.fixed_dictionaries(STAT_VELDEN)
actie = st.one_of(
    st.tuples(st.just("create"), stat),
    st.tuples(st.just("save"), st.integers(0, 50), stat),
    st.tuples(
        st.just("save_velden"),
        st.integers(0, 50),
        stat,
        st.lists(st.sampled_from(sorted(STAT_VELDEN)), min_size=1, unique=True),
    ),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("qs_delete"), st.sampled_from(CODES)),
    st.tuples(st.just("bulk_create"), st.lists(stat, max_size=4)),
)


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(actie, min_size=1, max_size=12))
def test_counts_follow_every_model_write(acties):
    SignaalStatistiek.objects.all().delete()
    SignaalTelling.objects.all().delete()
    volgende = iter(range(1, 10_000))
    for a in acties:
        rows = list(SignaalStatistiek.objects.order_by("pk"))
        if a[0] == "create":
            SignaalStatistiek.objects.create(signaal_id=next(volgende), **a[1])
        elif a[0] == "bulk_create":
            SignaalStatistiek.objects.bulk_create([SignaalStatistiek(signaal_id=next(volgende), **v) for v in a[1]])
        elif a[0] == "qs_delete":
            SignaalStatistiek.objects.filter(gemeente_code=a[1]).delete()
        elif rows:
            row = rows[a[1] % len(rows)]
            if a[0] == "delete":
                row.delete()
                continue
            for veld, waarde in a[2].items():
                setattr(row, veld, waarde)
            row.save(update_fields=a[3] if a[0] == "save_velden" else None)  # only those fields are stored
    assert_gelijk_aan_live()


@pytest.mark.django_db
def test_bulk_changes_that_would_pass_the_counts_by_are_refused():
    s = SignaalStatistiek.objects.create(
        signaal_id=1, gemeente_code="GM0405", maand=date(2026, 3, 1), sector=Sector.BOUW, herkomst=Herkomst.values[0]
    )
    with pytest.raises(TypeError):
        SignaalStatistiek.objects.filter(pk=s.pk).update(sector=Sector.HORECA)
    with pytest.raises(TypeError):
        SignaalStatistiek.objects.bulk_update([s], ["doorlooptijd_dagen"])
    with pytest.raises(TypeError):
        SignaalStatistiek.objects.bulk_create(
            [SignaalStatistiek(signaal_id=1, gemeente_code="GM0405", maand=date(2026, 3, 1))], ignore_conflicts=True
        )
    # the tombstone mark is not counted and may be set in bulk (retention does)
    assert SignaalStatistiek.objects.filter(pk=s.pk).update(verwijderd_op=timezone.now()) == 1
    assert_gelijk_aan_live()
    assert telwerk(SCOPES[0]).a[f"sector_{Sector.BOUW.value}"] == 1


@pytest.mark.django_db
def test_a_difference_is_found_and_rebuilding_repairs_it():
    for i in range(7):
        SignaalStatistiek.objects.create(
            signaal_id=i + 1,
            gemeente_code="GM0405",
            maand=date(2026, 3, 1),
            sector=Sector.HORECA,
            herkomst=Herkomst.values[0],
            doorlooptijd_dagen=i,
        )
    SignaalTelling.objects.filter(gemeente_code="GM0405", kenmerk="sector", waarde=Sector.HORECA).update(aantal=6)
    SignaalTelling.objects.filter(kenmerk="doorlooptijd").delete()
    verschil = tellingen_controleren()
    assert verschil[("GM0405", "sector", Sector.HORECA)] == (6, 7)
    assert verschil[("GM0405", "doorlooptijd", "3")] == (0, 1) and len(verschil) == 8
    # the figures read the maintained counts, so a difference would show
    assert telwerk(SCOPES[0]).a[f"sector_{Sector.HORECA.value}"] == 6 and telwerk(SCOPES[0]).histogram == []
    tellingen_herbouwen()
    assert tellingen_controleren() == {}
    assert telwerk(SCOPES[0]) == telwerk_live(SCOPES[0])
    assert telwerk(SCOPES[0]).histogram == [(i, 1) for i in range(7)]


@pytest.mark.django_db
def test_the_command_reports_a_difference_and_rebuilds():
    from django.core.management import CommandError, call_command

    SignaalStatistiek.objects.create(
        signaal_id=1, gemeente_code="GM0405", maand=date(2026, 3, 1), sector=Sector.BOUW, herkomst=Herkomst.values[0]
    )
    call_command("meldroute", "tellingen")  # agrees: no error
    SignaalTelling.objects.filter(kenmerk="totaal").update(aantal=2)
    with pytest.raises(CommandError, match="1 tellingen wijken af"):
        call_command("meldroute", "tellingen")
    call_command("meldroute", "tellingen", "--herbouwen")
    call_command("meldroute", "tellingen")
    assert SignaalTelling.objects.get(kenmerk="totaal").aantal == 1


@pytest.mark.django_db
def test_a_bulk_create_with_many_distinct_counts_lands_whole():
    """More counts than one upsert statement takes (they go in parts)."""
    SignaalStatistiek.objects.bulk_create(
        [
            SignaalStatistiek(
                signaal_id=i + 1,
                gemeente_code=CODES[i % 3],
                maand=date(2020 + i // 12 % 6, i % 12 + 1, 1),
                sector=Sector.BOUW,
                herkomst=Herkomst.values[0],
                doorlooptijd_dagen=i,
            )
            for i in range(300)
        ]
    )
    assert SignaalTelling.objects.filter(kenmerk="doorlooptijd").count() == 300
    assert_gelijk_aan_live()
