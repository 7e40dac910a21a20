"""Answering a questionnaire by personal link: pages per bouwsteen, saving on every step,
resuming later, required answers checked with clear Dutch messages, and answering for
several gemeenten at once."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.utils import timezone

from kompas.audit.models import Actie
from kompas.audit.services import audit_log_create
from kompas.monitor import vragen as vraagregels
from kompas.monitor.models import Bouwsteen, Inzending, Uitnodiging, Vraag, Vragenlijst


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
            melding = {"required": f"Beantwoord de vraag '{v.tekst}'.", "invalid_choice": "Kies een van de antwoorden."}
            hier = bool(voorwaarde) and voorwaarde.get("vraag") in op_pagina
            help_text = _voorwaarde_tekst(v, pagina) if hier else ""
            verplicht = v.verplicht and not hier
            if v.verplicht and hier:
                self.voorwaardelijk_verplicht.append(v)
                help_text += " Dan is deze vraag verplicht."
            if v.type == Vraag.Type.ENKEL:
                veld = forms.ChoiceField(label=v.tekst, choices=keuzes, widget=forms.RadioSelect, required=verplicht, error_messages=melding)
            elif v.type == Vraag.Type.MEER:
                veld = forms.MultipleChoiceField(label=v.tekst, choices=keuzes, widget=forms.CheckboxSelectMultiple, required=verplicht,
                                                 error_messages={**melding, "required": f"Kies bij '{v.tekst}' minstens één antwoord."})
            else:
                veld = forms.CharField(label=v.tekst, widget=forms.Textarea(attrs={"rows": 4}), required=verplicht, max_length=4000,
                                       error_messages={**melding, "max_length": "Houd het antwoord onder de 4000 tekens."})
            veld.help_text = help_text
            self.fields[v.code] = veld
            self.initial[v.code] = antwoorden.get(v.code, [] if v.type == Vraag.Type.MEER else "")
            if v.anders:
                self.fields[f"{v.code}_anders"] = forms.CharField(label=f"Anders, namelijk (bij: {v.tekst})", required=False, max_length=500)
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

    def matrixgroepen(self):
        """Fields of the page in order, with matrix rows grouped: [(kop or None, [bound fields])]."""
        groepen: list[tuple[str | None, list]] = []
        for v in self.vragen:
            velden = [self[v.code]] + ([self[f"{v.code}_anders"]] if v.anders else [])
            if v.matrix and groepen and groepen[-1][0] and groepen[-1][2] == v.matrix:
                groepen[-1][1].extend(velden)
                continue
            kop = v.tekst.split(" – ")[0] if v.matrix else None
            if v.matrix:
                for f in velden:
                    f.label = v.tekst.split(" – ")[-1]
            groepen.append((kop, velden, v.matrix))
        return [(kop, velden) for kop, velden, _m in groepen]


def _voorwaarde_tekst(v: Vraag, pagina: Pagina) -> str:
    bron = next((x for x in pagina.vragen if x.code == v.toon_als.get("vraag")), None)
    if bron is None:
        return ""
    labels = [o.label for o in bron.opties.all() if o.code in v.toon_als.get("in", [])]
    return f"Alleen beantwoorden als u bij '{bron.tekst}' koos: {' of '.join(labels)}."


def _samen(form: PaginaForm, antwoorden: dict) -> dict:
    """The saved answers with this page's answers merged in (empty = removed). A text that
    failed a check is still kept; an unknown option (a tampered form) keeps the old answer."""
    nieuw = dict(antwoorden)
    schoon = getattr(form, "cleaned_data", {}) or {}
    for naam, veld in form.fields.items():
        if naam in schoon:
            waarde = schoon[naam]
        elif isinstance(veld, forms.CharField):
            waarde = form.data.get(naam, "")
        else:
            continue
        if waarde in (None, "", []):
            nieuw.pop(naam, None)
        else:
            nieuw[naam] = waarde.strip() if isinstance(waarde, str) else sorted(waarde)
    return nieuw


@transaction.atomic
def pagina_opslaan(*, uitnodiging: Uitnodiging, form: PaginaForm) -> Inzending:
    """Save what the respondent gave on this page; nothing valid is ever lost."""
    inz = inzending_van(uitnodiging) or _nieuwe_inzending(uitnodiging)
    inz.antwoorden = _samen(form, inz.antwoorden)
    inz.opgeslagen_op = timezone.now()
    vragen = list(uitnodiging.vragenlijst.vragen.prefetch_related("opties"))
    inz.volledig = vraagregels.volledig(vragen, inz.antwoorden)
    inz.save()
    return inz


def _nieuwe_inzending(u: Uitnodiging) -> Inzending:
    inz = Inzending.objects.create(
        meting=u.meting, vragenlijst=u.vragenlijst, vragenlijst_versie=u.vragenlijst.versie, bron_id=f"kompas-{u.pk}",
        organisaties=[u.organisatie_code], gestart_op=timezone.now(), uitnodiging=u,
    )
    audit_log_create(actie=Actie.CREATE, obj=u.meting, object_repr=f"vragenlijst gestart door {u.organisatie_code}", details={"uitnodiging": u.pk})
    return inz


def mede_gemeenten_keuzes(uitnodiging: Uitnodiging) -> list[tuple[str, str]]:
    """Gemeenten a respondent may also answer for: those in the same zorg- en
    veiligheidshuisregio (as the BAR-gemeenten in seed 000 did)."""
    from kompas.regio.models import Gemeente, Indeling, RegioLidmaatschap

    if uitnodiging.vragenlijst.doelgroep != Vragenlijst.Doelgroep.GEMEENTE:
        return []
    jaar = uitnodiging.meting.jaar
    regios = RegioLidmaatschap.objects.filter(gemeente__jaar=jaar, gemeente__cbs_code=uitnodiging.organisatie_code,
                                              indeling=Indeling.ZVH).values("regio")
    return list(Gemeente.objects.filter(jaar=jaar, lidmaatschappen__regio__in=regios, lidmaatschappen__indeling=Indeling.ZVH)
                .exclude(cbs_code=uitnodiging.organisatie_code).order_by("naam").values_list("cbs_code", "naam"))


class StartForm(forms.Form):
    mede = forms.MultipleChoiceField(label="Ik vul deze vragenlijst ook in voor deze gemeenten", required=False,
                                     widget=forms.CheckboxSelectMultiple,
                                     help_text="Alleen als uw antwoorden ook voor die gemeenten gelden, bijvoorbeeld bij een ambtelijke fusie.")

    def __init__(self, *args, keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mede"].choices = keuzes


@transaction.atomic
def mede_gemeenten_opslaan(*, uitnodiging: Uitnodiging, codes: list[str]) -> Inzending:
    inz = inzending_van(uitnodiging) or _nieuwe_inzending(uitnodiging)
    toegestaan = {c for c, _n in mede_gemeenten_keuzes(uitnodiging)}
    inz.organisaties = [uitnodiging.organisatie_code, *sorted(set(codes) & toegestaan)]
    inz.opgeslagen_op = timezone.now()
    inz.save(update_fields=["organisaties", "opgeslagen_op"])
    return inz


def ontbrekende_verplichte(lijst: Vragenlijst, antwoorden: dict) -> list[tuple[Pagina, Vraag]]:
    uit = []
    for p in paginas(lijst):
        uit += [(p, v) for v in vraagregels.ontbrekend(p.vragen, antwoorden)]
        uit += [(p, v) for v in vraagregels.anders_zonder_tekst(p.vragen, antwoorden)]
    return uit


@transaction.atomic
def indienen(*, uitnodiging: Uitnodiging) -> Inzending:
    inz = inzending_van(uitnodiging)
    if inz is None:
        raise ValueError("niets om in te dienen")
    vragen = list(uitnodiging.vragenlijst.vragen.prefetch_related("opties"))
    inz.volledig = vraagregels.volledig(vragen, inz.antwoorden)
    inz.ingediend_op = timezone.now()
    inz.save(update_fields=["volledig", "ingediend_op"])
    audit_log_create(actie=Actie.UPDATE, obj=uitnodiging.meting, object_repr=f"vragenlijst ingediend door {uitnodiging.organisatie_code}",
                     details={"uitnodiging": uitnodiging.pk, "volledig": inz.volledig})
    return inz


def voortgang_procent(lijst: Vragenlijst, antwoorden: dict) -> int:
    vragen = [v for v in lijst.vragen.prefetch_related("opties") if vraagregels.zichtbaar(v, antwoorden)]
    if not vragen:
        return 0
    return round(100 * sum(vraagregels.beantwoord(v, antwoorden) for v in vragen) / len(vragen))
