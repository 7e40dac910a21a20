"""Random sequences of actions on a signal never reach an invalid or dead-end state."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, settings
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
from kompas.meldroute import services
from kompas.meldroute.constants import STAP, Overleg, Status, Uitkomst, VerrijkingBron
from kompas.meldroute.models import Signaal, Verrijking
from kompas.meldroute.workflow import TRANSITIES, TransitieGeweigerd
from tests.conftest import member
from tests.factories import OrganisatieFactory

TEXT = st.sampled_from(["", " ", "reden", "x" * 10])


@pytest.mark.django_db
def test_random_action_sequences_keep_the_signal_valid():
    gemeente = OrganisatieFactory()
    af = actor_for(member(Rol.AANDACHTSFUNCTIONARIS, gemeente), None)
    melder = actor_for(member(Rol.MEDEWERKER, gemeente), None)

    class Route(RuleBasedStateMachine):
        @initialize()
        def report(self):
            self.signaal = services.signaal_melden(
                actor=melder, wat="w", wanneer=timezone.localdate(), vormen=["arbeid"], sector="bouw", herkomst="balie"
            )
            self.history = 1
            self.max_step = 2

        @rule(bron=st.sampled_from(["brp", "kvk", "onzin"]), grondslag=TEXT)
        def enrich(self, bron, grondslag):
            before = Verrijking.objects.filter(signaal=self.signaal).count()
            afgesloten = Signaal.objects.get(pk=self.signaal.pk).status == Status.AFGESLOTEN
            allowed = bron in VerrijkingBron.values and grondslag.strip() and not afgesloten
            try:
                services.verrijking_toevoegen(actor=af, signaal=self.signaal, bron=bron, grondslag=grondslag, tekst="t")
            except ValidationError as exc:  # Django's, the one a form shows; any other exception fails the test
                assert not allowed, exc.messages
                assert exc.messages and all(message.strip() for message in exc.messages)  # a message for the user
                assert Verrijking.objects.filter(signaal=self.signaal).count() == before  # nothing stored
            else:
                assert allowed  # an unknown source, an empty legal ground or a closed signal is refused
                assert Verrijking.objects.filter(signaal=self.signaal).count() == before + 1

        @rule(
            naam=st.sampled_from([*TRANSITIES, "bestaat_niet"]),
            reden=TEXT,
            overleg=st.sampled_from(["", *Overleg.values]),
            terugkoppeling=TEXT,
            uitkomst=st.sampled_from(["", *Uitkomst.values]),
            fenomeen=TEXT,
        )
        def transition(self, naam, reden, overleg, terugkoppeling, uitkomst, fenomeen):
            before = Signaal.objects.get(pk=self.signaal.pk).status
            try:
                s = services.transitie_uitvoeren(
                    actor=af,
                    signaal=self.signaal,
                    transitie=naam,
                    reden=reden,
                    overleg=overleg,
                    terugkoppeling=terugkoppeling,
                    uitkomst=uitkomst,
                    ander_fenomeen=fenomeen,
                )
            except TransitieGeweigerd as exc:
                assert str(exc)  # a message for the user
                assert Signaal.objects.get(pk=self.signaal.pk).status == before  # nothing changed
                return
            t = TRANSITIES[naam]
            assert before in t.van and s.status == t.naar
            self.history += 1
            self.max_step = max(self.max_step, STAP[t.naar])

        @invariant()
        def valid(self):
            s = Signaal.objects.get(pk=self.signaal.pk)
            assert s.status in Status.values
            assert s.geschiedenis.count() == self.history  # appended exactly once per success
            assert s.hoogste_stap == self.max_step
            assert any(s.status in t.van for t in TRANSITIES.values())  # never a dead end
            if s.status == Status.AFGESLOTEN:
                assert s.uitkomst in Uitkomst.values and s.afgesloten_op is not None
                assert s.uitkomst != Uitkomst.GEEN_MENSENHANDEL or s.ander_fenomeen
            if s.status == Status.TERUGKOPPELING:
                assert s.terugkoppeling

    run_state_machine_as_test(
        Route,
        settings=settings(
            max_examples=60,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
