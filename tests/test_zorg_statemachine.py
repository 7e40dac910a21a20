"""Random sequences of actions on a traject never reach an invalid or dead-end phase, and a
regular closing is never possible without the conditions of seed 002, Bijlage 3."""

import pytest
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
from kompas.accounts.constants import OrganisatieType, Rol
from kompas.zorg import services
from kompas.zorg.constants import AFSLUITVOORWAARDEN, Afsluitreden, Fase
from kompas.zorg.models import Traject
from kompas.zorg.workflow import TRANSITIES, TransitieGeweigerd
from tests.conftest import member
from tests.factories import OrganisatieFactory

TEXT = st.sampled_from(["", " ", "reden"])


@pytest.mark.django_db
def test_random_action_sequences_keep_the_traject_valid():
    zvh = OrganisatieFactory(type=OrganisatieType.ZVH, cbs_code="")
    zc = actor_for(member(Rol.ZORGCOORDINATOR, zvh), zvh.pk)

    class Traject_(RuleBasedStateMachine):
        @initialize()
        def start(self):
            a = services.aanmelding_maken(actor=zc, zorgorganisatie=zvh, toelichting="t", bron="telefoon")
            self.traject = services.aanmelding_accepteren(actor=zc, aanmelding=a)
            self.history = 1

        @rule(strafrecht=st.booleans())
        def criminal_case(self, strafrecht):
            self.traject.refresh_from_db()
            if not self.traject.is_open:  # a closed traject is read-only until it is reopened
                with pytest.raises(services.TrajectAfgesloten):
                    services.traject_kenmerken_opslaan(
                        actor=zc,
                        traject=self.traject,
                        vormen=[],
                        leeftijdsgroep="onbekend",
                        gender="onbekend",
                        nationaliteit="",
                        verblijfsstatus="onbekend",
                        gemeente_code="",
                        strafrechtelijk_traject=strafrecht,
                        acuut=False,
                    )
                return
            services.traject_kenmerken_opslaan(
                actor=zc,
                traject=self.traject,
                vormen=[],
                leeftijdsgroep="onbekend",
                gender="onbekend",
                nationaliteit="",
                verblijfsstatus="onbekend",
                gemeente_code="",
                strafrechtelijk_traject=strafrecht,
                acuut=False,
            )

        @rule(
            naam=st.sampled_from([*TRANSITIES, "bestaat_niet"]),
            reden=TEXT,
            afsluitreden=st.sampled_from(["", *Afsluitreden.values]),
            voorwaarden=st.lists(st.sampled_from([*AFSLUITVOORWAARDEN, "onzin"]), max_size=4),
        )
        def transition(self, naam, reden, afsluitreden, voorwaarden):
            before = Traject.objects.get(pk=self.traject.pk)
            try:
                t = services.traject_transitie(
                    actor=zc,
                    traject=self.traject,
                    transitie=naam,
                    reden=reden,
                    afsluitreden=afsluitreden,
                    voorwaarden=voorwaarden,
                )
            except TransitieGeweigerd as exc:
                assert str(exc)
                assert Traject.objects.get(pk=self.traject.pk).fase == before.fase  # nothing changed
                return
            tr = TRANSITIES[naam]
            assert before.fase in tr.van and t.fase == tr.naar
            if t.fase == Fase.AFGESLOTEN and afsluitreden == Afsluitreden.REGULIER:
                assert not before.strafrechtelijk_traject and set(AFSLUITVOORWAARDEN) <= set(voorwaarden)
            self.history += 1

        @invariant()
        def valid(self):
            t = Traject.objects.get(pk=self.traject.pk)
            assert t.fase in Fase.values
            assert t.geschiedenis.count() == self.history  # appended exactly once per success
            assert any(t.fase in x.van for x in TRANSITIES.values())  # never a dead end
            if t.fase == Fase.AFGESLOTEN:
                assert t.afsluitreden in Afsluitreden.values and t.afgesloten_op is not None
                if t.afsluitreden == Afsluitreden.REGULIER:
                    assert sorted(t.afsluitvoorwaarden) == sorted(AFSLUITVOORWAARDEN)
            else:
                assert t.afsluitreden == "" and t.afgesloten_op is None

    run_state_machine_as_test(
        Traject_,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
