"""Answering a questionnaire by personal link: pages per bouwsteen, saving on every step,
resuming later, required answers checked with clear Dutch messages, and answering for
several gemeenten at once.

The invitation asks people to share the link with colleagues, so several people may save
pages of one link at the same moment: every write through a link first locks the
invitation's row (``_vergrendel``), reads the saved answers and merges onto them, so no
page's answers are lost. Once submitted, the link is read-only until an analyst reopens it.

The respondent's writes are write services whose actor is the :class:`Respondent` of the
link: the invitation is re-fetched (and locked) through the token it carries, so a link
changes its own invitation and nothing else."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone

from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.datums import datumtijd
from kompas.core.schrijven import eigen, schrijfdienst
from kompas.monitor import deelnemers
from kompas.monitor import vragen as vraagregels
from kompas.monitor.eigendom import Respondent, uitnodiging_van_respondent, uitnodigingen_beheerd
from kompas.monitor.models import Bouwsteen, Inzending, Uitnodiging, Vraag, Vragenlijst
from kompas.monitor.services import MonitorFout
from kompas.regio.selectors import gemeenten_in_regio, regio_van

ANDERS_MAX_TEKENS = 500
# C0 control characters except tab, line feed and carriage return; DEL and the C1 range. NUL
# cannot be stored in PostgreSQL text at all; the others are invisible and break exports.
_STUURTEKENS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# errors that refuse an answer: the saved answer stays as it was and the page shows why
WEIGEREN = {"max_length", "stuurteken", "invalid_choice"}


class AlIngediend(Exception):  # noqa: N818 - a state, not an error in the program
    """The link's submission has been submitted: it is read-only until an analyst reopens it."""

    def __init__(self, inzending: Inzending):
        super().__init__(f"ingediend op {datumtijd(inzending.ingediend_op)}")
        self.inzending = inzending


class NietCompleet(Exception):  # noqa: N818
    """Submitting while required answers are missing (perhaps removed by a colleague meanwhile)."""


@dataclass
class Pagina:
    nummer: int
    code: str
    titel: str
    vragen: list[Vraag]


def paginas(lijst: Vragenlijst) -> list[Pagina]:
    """One page per bouwsteen that has questions (in the order of the Kader), then 'Tot slot'."""
    alle = list(lijst.vragen.prefetch_related("opties"))
    uit = []
    for code, label in Bouwsteen.choices:
        vragen = [v for v in alle if v.bouwsteen == code]
        if vragen:
            uit.append(Pagina(len(uit) + 1, code, str(label), vragen))
    rest = [v for v in alle if not v.bouwsteen]
    if rest:
        uit.append(Pagina(len(uit) + 1, "slot", "Tot slot", rest))
    return uit


def verder_op(lijst_paginas: list[Pagina], antwoorden: dict) -> int:
    """Where a returning respondent resumes: the first page with a required answer missing,
    else the first page not yet touched, else the last page."""
    for p in lijst_paginas:
        if vraagregels.ontbrekend(p.vragen, antwoorden):
            return p.nummer
    for p in lijst_paginas:
        if not any(vraagregels.beantwoord(v, antwoorden) for v in p.vragen):
            return p.nummer
    return lijst_paginas[-1].nummer if lijst_paginas else 1


def inzending_van(uitnodiging: Uitnodiging) -> Inzending | None:
    return Inzending.objects.filter(uitnodiging=uitnodiging).first()


class PaginaForm(forms.Form):
    """The questions of one page. Fields carry ``required`` for the label and for the check
    on 'Volgende'; saving ('Opslaan', 'Vorige') keeps every valid answer regardless."""

    def __init__(self, *args, pagina: Pagina, antwoorden: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.pagina = pagina
        self.antwoorden = antwoorden
        op_pagina = {v.code for v in pagina.vragen}
        self.vragen = []
        self.voorwaardelijk_verplicht = []  # required only when a condition on this same page holds: checked in clean()
        for v in pagina.vragen:
            voorwaarde = v.toon_als or {}
            if voorwaarde and voorwaarde.get("vraag") not in op_pagina and not vraagregels.zichtbaar(v, antwoorden):
                continue
            self.vragen.append(v)
            keuzes = [(o.code, o.label) for o in v.opties.all()]
            vraag = v.tekst.replace("%", "%%")  # messages with parameters are %-formatted
            melding = {
                "required": f"Beantwoord de vraag '{v.tekst}'.",
                "invalid_choice": f"Kies bij '{vraag}' een van de antwoorden.",
            }
            hier = bool(voorwaarde) and voorwaarde.get("vraag") in op_pagina
            help_text = _voorwaarde_tekst(v, pagina) if hier else ""
            verplicht = v.verplicht and not hier
            if v.verplicht and hier:
                self.voorwaardelijk_verplicht.append(v)
                help_text += " Dan is deze vraag verplicht."
            if v.type == Vraag.Type.ENKEL:
                veld = forms.ChoiceField(
                    label=v.tekst, choices=keuzes, widget=forms.RadioSelect, required=verplicht, error_messages=melding
                )
            elif v.type == Vraag.Type.MEER:
                veld = forms.MultipleChoiceField(
                    label=v.tekst,
                    choices=keuzes,
                    widget=forms.CheckboxSelectMultiple,
                    required=verplicht,
                    error_messages={**melding, "required": f"Kies bij '{v.tekst}' minstens één antwoord."},
                )
            else:
                veld = _tekstveld(
                    v,
                    label=v.tekst,
                    required=verplicht,
                    max_length=settings.KOMPAS_MONITOR_MAX_TEKENS,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    error_messages=melding,
                )
            veld.help_text = help_text
            self.fields[v.code] = veld
            self.initial[v.code] = antwoorden.get(v.code, [] if v.type == Vraag.Type.MEER else "")
            if v.anders:
                self.fields[f"{v.code}_anders"] = _tekstveld(
                    v, label=f"Anders, namelijk (bij: {v.tekst})", required=False, max_length=ANDERS_MAX_TEKENS
                )
                self.initial[f"{v.code}_anders"] = antwoorden.get(f"{v.code}_anders", "")

    def clean(self):
        data = super().clean()
        # the answers as they will be: other pages' saved answers, with this page's as given now
        alle = {k: w for k, w in self.antwoorden.items() if k not in self.fields}
        alle.update({k: w for k, w in data.items() if w not in (None, "", [])})
        for v in vraagregels.ontbrekend(self.voorwaardelijk_verplicht, alle):
            self.add_error(v.code, f"Beantwoord de vraag '{v.tekst}'.")
        for v in vraagregels.anders_zonder_tekst(self.vragen, alle):
            self.add_error(f"{v.code}_anders", "U koos 'anders': schrijf er kort bij wat u bedoelt.")
        return data

    def geweigerd(self) -> list[str]:
        """Fields whose answer was refused (too long, a control character, an unknown option):
        their saved answer is kept, and the page must show the message instead of moving on."""
        return [naam for naam, fouten in self.errors.as_data().items() if any(f.code in WEIGEREN for f in fouten)]

    def matrixgroepen(self):
        """Fields of the page in order, with matrix rows grouped: [(kop or None, [bound fields])].
        A matrix is one question shown as a table: rows of one-answer questions that share a
        ``matrix`` group and the same scale; each row's label is the part after ' – '."""
        groepen: list[tuple[str | None, list, str]] = []
        for v in self.vragen:
            velden = [self[v.code]] + ([self[f"{v.code}_anders"]] if v.anders else [])
            if v.matrix and v.type == Vraag.Type.ENKEL and not v.anders:
                kop, _s, rij = v.tekst.rpartition(" – ")
                velden[0].label = rij
                vorige = groepen[-1] if groepen else None
                if vorige and vorige[2] == v.matrix and vorige[1][0].field.choices == velden[0].field.choices:
                    vorige[1].append(velden[0])
                    continue
                groepen.append((kop or v.tekst, velden, v.matrix))
            else:
                groepen.append((None, velden, ""))
        return [(kop, velden) for kop, velden, _m in groepen]


def _tekstveld(v: Vraag, *, max_length: int, **kwargs) -> forms.CharField:
    """A text answer with a length limit and no control characters, both refused with a Dutch
    message that names the question (the question text is never shown %-formatted)."""
    vraag = v.tekst.replace("%", "%%")
    veld = forms.CharField(max_length=max_length, **kwargs)
    veld.error_messages["max_length"] = (
        f"Het antwoord bij '{vraag}' is te lang: %(show_value)d tekens, "
        f"terwijl er hoogstens %(limit_value)d passen. Maak het korter; uw tekst staat nog in het veld."
    )

    def geen_stuurtekens(waarde: str) -> None:
        if _STUURTEKENS.search(waarde):
            raise ValidationError(
                f"Het antwoord bij '{v.tekst}' bevat een onzichtbaar stuurteken (bijvoorbeeld een nul-teken) dat niet "
                "kan worden opgeslagen. Typ de tekst opnieuw of plak hem eerst in een gewone teksteditor.",
                code="stuurteken",
            )

    # our check names the question and covers NUL as well, so Django's generic one is not needed
    veld.validators = [x for x in veld.validators if not isinstance(x, ProhibitNullCharactersValidator)] + [
        geen_stuurtekens
    ]
    return veld


def _voorwaarde_tekst(v: Vraag, pagina: Pagina) -> str:
    bron = next((x for x in pagina.vragen if x.code == v.toon_als.get("vraag")), None)
    if bron is None:
        return ""
    labels = [o.label for o in bron.opties.all() if o.code in v.toon_als.get("in", [])]
    return f"Alleen beantwoorden als u bij '{bron.tekst}' koos: {' of '.join(labels)}."


def _samen(form: PaginaForm, antwoorden: dict) -> dict:
    """The saved answers with this page's answers merged in (empty = removed). A refused answer
    (too long, a control character, an unknown option from a tampered form) keeps the saved
    one; a text emptied on this page is removed even if the question is required."""
    nieuw = dict(antwoorden)
    schoon = getattr(form, "cleaned_data", {}) or {}
    for naam, veld in form.fields.items():
        if naam in schoon:
            waarde = schoon[naam]
        elif isinstance(veld, forms.CharField) and not str(form.data.get(naam, "")).strip():
            waarde = ""
        else:
            continue
        if waarde in (None, "", []):
            nieuw.pop(naam, None)
        else:
            nieuw[naam] = waarde.strip() if isinstance(waarde, str) else sorted(waarde)
    return nieuw


def _vergrendel(uitnodiging: Uitnodiging, scope) -> tuple[Uitnodiging, Inzending | None]:
    """Re-fetch the invitation through ``scope`` (the respondent's token, or the analist's
    waves) and lock its row until the transaction ends, then read its submission: every write
    through one link waits for the one before it, the first save (which creates the
    submission) included. Call inside a write service."""
    u = eigen(uitnodiging, scope.select_related("meting", "vragenlijst"), lock=True)
    return u, inzending_van(u)


def _wijzigbaar(respondent: Respondent, uitnodiging: Uitnodiging) -> tuple[Uitnodiging, Inzending]:
    u, inz = _vergrendel(uitnodiging, uitnodiging_van_respondent(respondent))
    if inz is not None and inz.ingediend_op:
        raise AlIngediend(inz)
    return u, inz or _nieuwe_inzending(u, respondent)


@schrijfdienst
def pagina_opslaan(*, actor: Respondent, uitnodiging: Uitnodiging, form: PaginaForm) -> Inzending:
    """Save what the respondent gave on this page onto the answers as saved now (a colleague
    may have saved another page meanwhile); nothing valid is ever lost. Raises AlIngediend
    once the submission is submitted."""
    uitnodiging, inz = _wijzigbaar(actor, uitnodiging)
    inz.antwoorden = _samen(form, inz.antwoorden)
    inz.verste_pagina = max(inz.verste_pagina, form.pagina.nummer)
    inz.opgeslagen_op = timezone.now()
    vragen = list(uitnodiging.vragenlijst.vragen.prefetch_related("opties"))
    inz.volledig = vraagregels.volledig(vragen, inz.antwoorden)
    inz.save()
    return inz


def _nieuwe_inzending(u: Uitnodiging, respondent: Respondent) -> Inzending:
    inz = Inzending.objects.create(
        meting=u.meting,
        vragenlijst=u.vragenlijst,
        vragenlijst_versie=u.vragenlijst.versie,
        bron_id=f"kompas-{u.pk}",
        organisaties=[u.organisatie_code],
        gestart_op=timezone.now(),
        uitnodiging=u,
    )
    deelnemers.zetten([inz], u.meting.jaar, nieuw=True)
    audit_log_create(
        actie=Actie.CREATE,
        actor=respondent,
        obj=u.meting,
        object_repr=f"vragenlijst gestart door {u.organisatie_code}",
        details={"uitnodiging": u.pk},
    )
    return inz


def mede_gemeenten_keuzes(uitnodiging: Uitnodiging) -> list[tuple[str, str]]:
    """Gemeenten a respondent may also answer for: those in the same zorg- en
    veiligheidshuisregio (as the BAR-gemeenten in seed 000 did)."""

    if uitnodiging.vragenlijst.doelgroep != Vragenlijst.Doelgroep.GEMEENTE:
        return []
    jaar = uitnodiging.meting.jaar
    regio = regio_van(uitnodiging.organisatie_code, jaar)
    if regio is None:
        return []
    return list(
        gemeenten_in_regio(regio, jaar).exclude(cbs_code=uitnodiging.organisatie_code).values_list("cbs_code", "naam")
    )


class StartForm(forms.Form):
    mede = forms.MultipleChoiceField(
        label="Ik vul deze vragenlijst ook in voor deze gemeenten",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Alleen als uw antwoorden ook voor die gemeenten gelden, bijvoorbeeld bij een ambtelijke fusie.",
    )

    def __init__(self, *args, keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mede"].choices = keuzes


@schrijfdienst
def mede_gemeenten_opslaan(*, actor: Respondent, uitnodiging: Uitnodiging, codes: list[str]) -> Inzending:
    uitnodiging, inz = _wijzigbaar(actor, uitnodiging)
    toegestaan = {c for c, _n in mede_gemeenten_keuzes(uitnodiging)}
    inz.organisaties = [uitnodiging.organisatie_code, *sorted(set(codes) & toegestaan)]
    inz.opgeslagen_op = timezone.now()
    inz.save(update_fields=["organisaties", "opgeslagen_op"])
    deelnemers.zetten([inz], uitnodiging.meting.jaar)
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=uitnodiging.meting,
        object_repr=f"vragenlijst ook voor andere gemeenten: {uitnodiging.organisatie_code}",
        details={"uitnodiging": uitnodiging.pk, "organisaties": inz.organisaties},
    )
    return inz


def ontbrekende_verplichte(lijst: Vragenlijst, antwoorden: dict) -> list[tuple[Pagina, Vraag]]:
    uit = []
    for p in paginas(lijst):
        uit += [(p, v) for v in vraagregels.ontbrekend(p.vragen, antwoorden)]
        uit += [(p, v) for v in vraagregels.anders_zonder_tekst(p.vragen, antwoorden)]
    return uit


@schrijfdienst
def indienen(*, actor: Respondent, uitnodiging: Uitnodiging) -> Inzending:
    """Submit the link's answers. Idempotent: a second submit (a double click, a colleague)
    returns the submission as it is and keeps the first ``ingediend_op``."""
    uitnodiging, inz = _vergrendel(uitnodiging, uitnodiging_van_respondent(actor))
    if inz is None:
        raise NietCompleet("niets om in te dienen")
    if inz.ingediend_op:
        return inz
    if ontbrekende_verplichte(uitnodiging.vragenlijst, inz.antwoorden):
        raise NietCompleet("verplichte antwoorden ontbreken")
    vragen = list(uitnodiging.vragenlijst.vragen.prefetch_related("opties"))
    inz.volledig = vraagregels.volledig(vragen, inz.antwoorden)
    inz.ingediend_op = timezone.now()
    inz.save(update_fields=["volledig", "ingediend_op"])
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=uitnodiging.meting,
        object_repr=f"vragenlijst ingediend door {uitnodiging.organisatie_code}",
        details={"uitnodiging": uitnodiging.pk, "volledig": inz.volledig},
    )
    return inz


@schrijfdienst
def inzending_heropenen(*, uitnodiging: Uitnodiging, actor) -> Inzending:
    """The analyst reopens a submitted link so the respondent can change the answers and submit
    again; the first submission time stays in the audit log."""
    uitnodiging, inz = _vergrendel(uitnodiging, uitnodigingen_beheerd(actor))
    if inz is None or not inz.ingediend_op:
        raise MonitorFout(
            f"De vragenlijst van {uitnodiging.organisatie_naam} is niet ingediend; er valt niets te heropenen."
        )
    was = inz.ingediend_op
    inz.ingediend_op = None
    inz.save(update_fields=["ingediend_op"])
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=uitnodiging.meting,
        object_repr=f"vragenlijst heropend voor {uitnodiging.organisatie_code}",
        details={"uitnodiging": uitnodiging.pk, "ingediend_op_was": was.isoformat()},
    )
    return inz


@dataclass
class Voortgang:
    af: int
    totaal: int

    @property
    def procent(self) -> int:
        return round(100 * self.af / self.totaal) if self.totaal else 0


def voortgang(lijst_paginas: list[Pagina], inzending: Inzending | None, *, bij: int | None = None) -> Voortgang:
    """Progress in whole pages, so it moves by the same step for every page, whatever the
    number of questions on it. A page counts once it has no required answer (or 'anders'
    text) missing and the respondent got that far: it lies before the page being shown
    (``bij``; one past the last on the check page), or at or before the furthest page saved
    or holding an answer. Going back a page does not lower it."""
    antwoorden = inzending.antwoorden if inzending else {}
    laatst = max(
        (p.nummer for p in lijst_paginas if any(vraagregels.beantwoord(v, antwoorden) for v in p.vragen)), default=0
    )
    grens = max(laatst, inzending.verste_pagina if inzending else 0, (bij - 1) if bij else 0)
    af = sum(
        1
        for p in lijst_paginas
        if p.nummer <= grens
        and not vraagregels.ontbrekend(p.vragen, antwoorden)
        and not vraagregels.anders_zonder_tekst(p.vragen, antwoorden)
    )
    return Voortgang(af, len(lijst_paginas))
