from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompas.accounts.selectors import actieve_organisaties
from kompas.core.datums import datumtijd
from kompas.core.widgets import DatumInput
from kompas.regio.selectors import alle_regios, gemeente_namen, gemeenten_in_jaar, huidig_jaar
from kompas.zorg.constants import (
    ACTIE_OVERGANGEN,
    AFSLUITVOORWAARDEN,
    OPEN_FASEN,
    AanmeldingBron,
    AanmeldingToestemming,
    ActieStand,
    Afsluitreden,
    ConsultatieOrganisatie,
    Doelgroep,
    Domein,
    Fase,
    Gender,
    Leeftijdsgroep,
    ToestemmingDoel,
    Verblijfsstatus,
    Vorm,
)
from kompas.zorg.landen import land_keuzes
from kompas.zorg.policies import ZORGPARTNER_TYPES
from kompas.zorg.selectors import zorgorganisaties_voor_doorverwijzing
from kompas.zorg.workflow import transities_vanuit

ONBEKEND = _("Onbekend")


def gemeente_keuzes(huidig: str = "", leeg=ONBEKEND) -> list[tuple[str, str]]:
    """The gemeenten of the current year by name (the CBS code is what is stored); a stored
    code that is no longer current (a merged gemeente) stays choosable under its last name."""
    keuzes = [(g.cbs_code, g.naam) for g in gemeenten_in_jaar(huidig_jaar())]
    if huidig and huidig not in {c for c, _n in keuzes}:
        keuzes.append((huidig, gemeente_namen([huidig]).get(huidig, huidig)))
    return [("", leeg), *keuzes]


class GemeentenVeld(forms.CharField):
    """Gemeenten typed by name or CBS code, comma-separated; cleaned to a list of CBS codes,
    with the names it does not know in a Dutch message."""

    def to_python(self, value):
        tekst = super().to_python(value)
        delen = [d.strip() for d in tekst.replace(";", ",").replace("\n", ",").split(",") if d.strip()]
        if not delen:
            return []
        namen = gemeente_namen()
        op_naam = {n.casefold(): c for c, n in namen.items()}
        op_naam.update({g.naam.casefold(): g.cbs_code for g in gemeenten_in_jaar(huidig_jaar())})
        codes, onbekend = [], []
        for d in delen:
            code = d.upper() if d.upper() in namen else op_naam.get(d.casefold())
            (codes.append(code) if code else onbekend.append(d))
        if onbekend:
            raise forms.ValidationError(
                _(
                    "Onbekende gemeente(n): %(namen)s. Gebruik de naam zoals in de lijst van gemeenten, of de "
                    "CBS-code (GM0405)."
                )
                % {"namen": ", ".join(onbekend)}
            )
        return list(dict.fromkeys(codes))


class WerkgebiedForm(forms.Form):
    regio = forms.ModelChoiceField(
        label=_("Regio"),
        queryset=alle_regios(),
        required=False,
        help_text=_(
            "Een regio van een indeling (politie-eenheid, veiligheidsregio, zorg- en veiligheidshuisregio, …)."
        ),
    )
    gemeente_codes = GemeentenVeld(
        label=_("Of: gemeenten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Namen, komma-gescheiden, bijvoorbeeld Hoorn, Den Helder. Komt bij de regio bij, als u die kiest."),
    )
    centrumgemeente_code = forms.ChoiceField(
        label=_("Centrumgemeente"),
        required=False,
        help_text=_(
            "De gemeente die de zorgcoördinatie financiert (CoMensha, Suggesties voor gemeenten over lokaal en "
            "regionaal mensenhandel beleid (2018), hoofdstuk 1)."
        ),
    )
    fte = forms.DecimalField(label=_("Fte zorgcoördinatie"), min_value=0, max_value=50, decimal_places=2, localize=True)
    contact = forms.CharField(label=_("Contact voor gemeenten en partners"), max_length=300, required=False)
    bewaartermijn_maanden = forms.IntegerField(
        label=_("Bewaartermijn (maanden na afsluiten)"),
        min_value=1,
        max_value=120,
        initial=24,
        help_text=_("Daarna worden afgesloten trajecten geanonimiseerd; de cijfers blijven gelijk."),
    )
    actie_signaal_dagen = forms.IntegerField(
        label=_("Signaal na dagen zonder update van een zorgactie"),
        min_value=1,
        max_value=90,
        initial=14,
        help_text=_(
            "Een zorgactie die zo lang niet is bijgewerkt, wordt gemarkeerd op de caseload; u en de zorgpartner "
            "krijgen een e-mail zonder inhoud."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        huidig = (
            self.data.get("centrumgemeente_code") if self.is_bound else self.initial.get("centrumgemeente_code")
        ) or ""
        self.fields["centrumgemeente_code"].choices = gemeente_keuzes(huidig, leeg=_("Geen centrumgemeente gekozen"))


class AanmeldingForm(forms.Form):
    bron = forms.ChoiceField(
        label=_("Hoe kwam de aanmelding binnen?"),
        choices=[c for c in AanmeldingBron.choices if c[0] not in (AanmeldingBron.MELDROUTE, AanmeldingBron.FORMULIER)],
    )
    acuut = forms.BooleanField(label=_("Acuut"), required=False)
    toelichting = forms.CharField(
        label=_("Toelichting"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Wat is er nodig? Alleen wat nodig is voor de zorg; identificerende gegevens legt u na accepteren vast."
        ),
    )


class PartnerAanmeldingForm(forms.Form):
    """The aanmeldformulier of a partner's referrer: only what the zorgcoördinator needs to judge
    the referral and call back; identifying data follow after acceptance, with the cliënt."""

    gemeente_code = forms.ChoiceField(
        label=_("Gemeente waar de persoon verblijft"),
        required=False,
        help_text=_("De zorgcoördinatie van deze gemeente krijgt de aanmelding, tenzij u hieronder zelf een kiest."),
    )
    zorgorganisatie = forms.ModelChoiceField(
        label=_("Zorgcoördinatie"),
        queryset=actieve_organisaties().none(),
        required=False,
        empty_label=_("Die van de gekozen gemeente"),
    )
    acuut = forms.BooleanField(
        label=_("Acuut: er is nu gevaar of de persoon heeft vandaag een veilige plek nodig"), required=False
    )
    vormen = forms.MultipleChoiceField(
        label=_("Vermoedelijke vorm(en) van uitbuiting"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Vorm.choices,
    )
    toelichting = forms.CharField(
        label=_("Wat speelt er en wat heeft de persoon nodig?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Geen naam, geboortedatum of BSN: die legt de zorgcoördinator na accepteren samen met de persoon vast."
        ),
    )
    toestemming = forms.ChoiceField(
        label=_("Weet de persoon van deze aanmelding en stemt hij/zij ermee in?"),
        widget=forms.RadioSelect,
        choices=AanmeldingToestemming.choices,
    )
    zonder_toestemming_reden = forms.CharField(
        label=_("Zo niet: waarom meldt u toch aan?"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    verwijzer_contact = forms.CharField(
        label=_("Hoe kan de zorgcoördinator u bereiken?"),
        max_length=300,
        help_text=_("Uw telefoonnummer of e-mailadres voor het terugbellen."),
    )

    def __init__(self, *args, gemeente_code: str = "", **kwargs):
        """The zorgcoördinatie of the referrer's own gemeente (when known) comes first."""
        super().__init__(*args, **kwargs)
        self.fields["gemeente_code"].choices = gemeente_keuzes(leeg=_("Onbekend of geen vaste verblijfplaats"))
        self.fields["zorgorganisatie"].queryset = zorgorganisaties_voor_doorverwijzing(gemeente_code)
        if gemeente_code and not self.is_bound:
            self.initial.setdefault("gemeente_code", gemeente_code)


ALLE_BEHANDELAARS = "alle"


class CaseloadFilterForm(forms.Form):
    """The caseload's filters, a GET form kept in the URL."""

    zoek = forms.CharField(
        label=_("Cliëntcode"), max_length=20, required=False, help_text=_("Een deel is genoeg, bijvoorbeeld 00042.")
    )
    fase = forms.ChoiceField(
        label=_("Fase"),
        required=False,
        choices=[
            ("", _("Alle open fasen")),
            *[(f, Fase(f).label) for f in OPEN_FASEN],
            (Fase.AFGESLOTEN, Fase.AFGESLOTEN.label),
        ],
    )
    gemeente = forms.ChoiceField(label=_("Gemeente van verblijf"), required=False)
    vorm = forms.ChoiceField(
        label=_("Vorm van uitbuiting"), required=False, choices=[("", _("Alle vormen")), *Vorm.choices]
    )
    behandelaar = forms.ChoiceField(label=_("Behandelaar"), required=False)
    mijn = forms.BooleanField(label=_("Alleen trajecten waarin ik een stap zette"), required=False)
    stil = forms.BooleanField(label=_("Alleen met een zorgactie zonder update"), required=False)

    field_order = ["behandelaar", "zoek", "fase", "gemeente", "vorm", "mijn", "stil"]

    def __init__(self, *args, gemeenten: dict[str, str] | None = None, collegas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [
            ("", _("Alle gemeenten van het werkgebied")),
            *sorted((gemeenten or {}).items(), key=lambda kv: kv[1]),
        ]
        self.fields["behandelaar"].choices = [
            (ALLE_BEHANDELAARS, _("Alle trajecten")),
            ("ik", _("Mijn trajecten")),
            ("geen", _("Niet toegewezen")),
            *[(str(u.pk), _("Van %(naam)s") % {"naam": u}) for u in collegas],
        ]

    @property
    def actief(self) -> bool:
        return (
            self.is_bound
            and self.is_valid()
            and any(v for k, v in self.cleaned_data.items() if not (k == "behandelaar" and v == ALLE_BEHANDELAARS))
        )


class AfwijzenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van afwijzen"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De verwijzer krijgt deze reden te zien."),
    )


class TransitieForm(forms.Form):
    transitie = forms.ChoiceField(label=_("Stap"))  # under the heading "Volgende stap"
    reden = forms.CharField(label=_("Reden of toelichting"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    afsluitreden = forms.ChoiceField(
        label=_("Reden van afsluiten (alleen bij afsluiten)"),
        required=False,
        choices=[("", "–")] + Afsluitreden.choices,
    )
    voorwaarden = forms.MultipleChoiceField(
        label=_("Bevestigd bij regulier afsluiten"),
        required=False,
        choices=list(AFSLUITVOORWAARDEN.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, fase: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transitie"].choices = [(t.naam, t.label) for t in transities_vanuit(fase)]
        if fase == Fase.AFGESLOTEN:  # reopening needs a reason, not the closing-reason fields
            del self.fields["afsluitreden"], self.fields["voorwaarden"]
            self.fields["reden"].label = _("Reden van heropenen")


class IntakeForm(forms.Form):
    geinformeerd_op = forms.DateField(
        label=_("Geïnformeerd over rechten en plichten op"),
        required=False,
        widget=DatumInput(),
        help_text=_("Rechten en plichten op het gebied van verblijfsrecht, strafrecht en zorg."),
    )
    b8_einddatum = forms.DateField(
        label=_("Einde bedenktijd (B8)"),
        required=False,
        widget=DatumInput(),
        help_text=_("De caseload waarschuwt twee weken voor het einde."),
    )


class GegevensForm(forms.Form):
    naam = forms.CharField(label=_("Naam"), max_length=200, required=False)
    geboortedatum = forms.DateField(label=_("Geboortedatum"), required=False, widget=DatumInput())
    contact = forms.CharField(
        label=_("Contactgegevens"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    bsn = forms.CharField(label=_("BSN (als er een is)"), max_length=11, required=False)


class KenmerkenForm(forms.Form):
    acuut = forms.BooleanField(label=_("Acuut"), required=False)
    vormen = forms.MultipleChoiceField(
        label=_("Vorm(en) van uitbuiting"), required=False, widget=forms.CheckboxSelectMultiple, choices=Vorm.choices
    )
    leeftijdsgroep = forms.ChoiceField(label=_("Leeftijdsgroep"), choices=Leeftijdsgroep.choices)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    nationaliteit = forms.ChoiceField(
        label=_("Nationaliteit"),
        required=False,
        help_text=_("Het land, zoals CoMensha het registreert; NL, EU of buiten de EU volgt eruit."),
    )
    verblijfsstatus = forms.ChoiceField(label=_("Verblijfsstatus"), choices=Verblijfsstatus.choices)
    gemeente_code = forms.ChoiceField(label=_("Gemeente van verblijf"), required=False)
    strafrechtelijk_traject = forms.BooleanField(label=_("Er loopt een strafrechtelijk traject"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bron = self.data if self.is_bound else self.initial
        land = (bron.get("nationaliteit") or "").upper()
        keuzes = land_keuzes()
        if land and land not in {c for c, _n in keuzes}:
            keuzes.append((land, land))  # a code stored before the list: kept, shown as it is
        self.fields["nationaliteit"].choices = keuzes
        self.fields["gemeente_code"].choices = gemeente_keuzes(bron.get("gemeente_code") or "")


class ToestemmingForm(forms.Form):
    doel = forms.ChoiceField(label=_("Doel"), choices=ToestemmingDoel.choices)
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie (bij delen)"), queryset=actieve_organisaties(), required=False
    )
    gegeven = forms.TypedChoiceField(
        label=_("Toestemming"),
        coerce=lambda v: v == "ja",
        choices=[("ja", _("Gegeven")), ("nee", _("Ingetrokken of geweigerd"))],
    )
    datum = forms.DateField(label=_("Datum"), widget=DatumInput(), initial=timezone.localdate)
    reikwijdte = forms.CharField(label=_("Reikwijdte"), max_length=300, required=False)

    def __init__(self, *args, alleen_intrekken: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if alleen_intrekken:  # a closed traject: a withdrawal must still be recordable, nothing else
            self.fields["gegeven"].choices = [("nee", _("Ingetrokken"))]


def _partner_label(p) -> str:
    delen = [p.organisatie.naam]
    if p.vormen:
        delen.append(", ".join(str(Vorm(v).label).lower() for v in p.vormen))
    if p.biedt_opvang:
        if p.vrije_plaatsen is None:
            delen.append(_("vrije plaatsen onbekend"))
        else:
            delen.append(_("%(n)s vrije plaatsen") % {"n": p.vrije_plaatsen})
    return " – ".join(str(d) for d in delen)


class ZorgactieForm(forms.Form):
    """A zorgactie: the partner is chosen from the werkgebied's zorgnetwerk, those whose
    expertise fits the traject first (``partners``: (fitting, other) lists of Zorgpartner)."""

    domein = forms.ChoiceField(label=_("Domein"), choices=Domein.choices)
    hulpvraag = forms.CharField(label=_("Hulpvraag"), max_length=300)
    partner = forms.ChoiceField(
        label=_("Zorgpartner uit het zorgnetwerk"),
        error_messages={"invalid_choice": _("Kies een zorgpartner uit het zorgnetwerk van uw werkgebied.")},
        help_text=_("Partners met expertise die past bij de vorm en doelgroep van dit traject staan bovenaan."),
    )
    overdracht = forms.CharField(
        label=_("Warme overdracht"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DatumInput())
    grondslag = forms.CharField(
        label=_("Wettelijke grondslag om zonder toestemming te delen"),
        max_length=300,
        required=False,
        help_text=_(
            "Alleen als de cliënt geen toestemming heeft gegeven, bijvoorbeeld bij acuut gevaar. Dit wordt "
            "gemarkeerd in het auditlog."
        ),
    )
    zorgoverleg = forms.ModelChoiceField(
        label=_("Volgt uit zorgoverleg"), queryset=None, required=False, empty_label=_("Geen")
    )

    def __init__(self, *args, partners=((), ()), overleggen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if overleggen is None:
            del self.fields["zorgoverleg"]
        else:
            self.fields["zorgoverleg"].queryset = overleggen
            self.fields["zorgoverleg"].label_from_instance = lambda o: (
                _("Zorgoverleg van %(d)s") % {"d": datumtijd(o.datum)}
            )
        passend, overig = partners
        self._organisaties = {str(p.organisatie_id): p.organisatie for p in (*passend, *overig)}
        keuzes = [("", _("Kies een zorgpartner"))]
        if passend:
            keuzes.append((_("Passend bij dit traject"), [(str(p.organisatie_id), _partner_label(p)) for p in passend]))
        if overig:
            keuzes.append(
                (_("Andere partners in het zorgnetwerk"), [(str(p.organisatie_id), _partner_label(p)) for p in overig])
            )
        self.fields["partner"].choices = keuzes

    def clean_partner(self):
        organisatie = self._organisaties.get(self.cleaned_data["partner"])
        if organisatie is None:
            raise forms.ValidationError(_("Kies een zorgpartner uit het zorgnetwerk van uw werkgebied."))
        return organisatie


class ZorgoverlegForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DatumInput())
    tijd = forms.TimeField(label=_("Tijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    locatie = forms.CharField(label=_("Plaats of verbinding"), max_length=200, required=False)
    genodigden = forms.MultipleChoiceField(
        label=_("Uitgenodigde organisaties"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Uit het zorgnetwerk. Nodig alleen organisaties uit waarvoor de cliënt toestemming gaf om gegevens te "
            "delen; voor de andere weigert Kompas de uitnodiging."
        ),
    )
    agenda = forms.CharField(label=_("Agenda"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    gedeeld = forms.CharField(
        label=_("Informatie voor de genodigden"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen dit zien de genodigden van het traject, en alleen zolang de toestemming geldt."),
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._organisaties = {str(p.organisatie_id): p.organisatie for p in partners}
        self.fields["genodigden"].choices = [(k, o.naam) for k, o in self._organisaties.items()]

    def clean(self):
        d = super().clean()
        if d.get("datum") and d.get("tijd"):
            d["datum"] = timezone.make_aware(datetime.combine(d["datum"], d.pop("tijd")))
        d["genodigden"] = [self._organisaties[k] for k in d.get("genodigden", []) if k in self._organisaties]
        return d


class OverlegBijwerkenForm(forms.Form):
    locatie = forms.CharField(label=_("Plaats of verbinding"), max_length=200, required=False)
    agenda = forms.CharField(label=_("Agenda"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    gedeeld = forms.CharField(
        label=_("Informatie voor de genodigden"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alleen dit zien de genodigden van het traject, en alleen zolang de toestemming geldt."),
    )
    besluiten = forms.CharField(
        label=_("Besluiten"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De genodigden zien de besluiten; zet de zorgacties die volgen uit op het traject."),
    )


class BehandelaarForm(forms.Form):
    """Hand the traject to a zorgcoördinator of the same organisation, or to nobody."""

    behandelaar = forms.ChoiceField(label=_("Behandelaar"), required=False)

    def __init__(self, *args, coordinatoren=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.coordinatoren = {str(u.pk): u for u in coordinatoren}
        self.fields["behandelaar"].choices = [
            ("", _("Niet toegewezen")),
            *[(pk, str(u)) for pk, u in self.coordinatoren.items()],
        ]

    def clean_behandelaar(self):
        return self.coordinatoren.get(self.cleaned_data["behandelaar"])


class JournaalForm(forms.Form):
    tekst = forms.CharField(label=_("Aantekening"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class BijlageForm(forms.Form):
    bestand = forms.FileField(label=_("Bestand"), help_text=_("PDF, JPG, PNG of DOCX, maximaal 10 MB."))


class NetwerkFilterForm(forms.Form):
    vorm = forms.ChoiceField(
        label=_("Vorm van uitbuiting"), required=False, choices=[("", _("Alle vormen"))] + Vorm.choices
    )
    doelgroep = forms.ChoiceField(
        label=_("Doelgroep"), required=False, choices=[("", _("Alle doelgroepen"))] + Doelgroep.choices
    )
    domein = forms.ChoiceField(label=_("Domein"), required=False, choices=[("", _("Alle domeinen"))] + Domein.choices)
    alleen_vrij = forms.BooleanField(label=_("Alleen met vrije opvangplaatsen"), required=False)


class NetwerkpartnerForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=actieve_organisaties().none(), empty_label=_("Kies een organisatie")
    )
    vormen = forms.MultipleChoiceField(
        label=_("Expertise: vormen van uitbuiting"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Vorm.choices,
    )
    doelgroepen = forms.MultipleChoiceField(
        label=_("Expertise: doelgroepen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Doelgroep.choices,
    )
    domeinen = forms.MultipleChoiceField(
        label=_("Hulp op de domeinen"), required=False, widget=forms.CheckboxSelectMultiple, choices=Domein.choices
    )
    contact = forms.CharField(
        label=_("Contact voor de zorgcoördinator"),
        max_length=300,
        required=False,
        help_text=_("Telefoon en e-mailadres van de organisatie of het team; geen gegevens van cliënten."),
    )
    opvangplaatsen = forms.IntegerField(
        label=_("Opvangplaatsen"),
        min_value=0,
        max_value=2000,
        required=False,
        help_text=_(
            "Leeg laten als de organisatie geen opvang biedt. De partner houdt zelf bij hoeveel plaatsen vrij zijn."
        ),
    )

    def __init__(self, *args, met_organisatie: bool = True, **kwargs):
        super().__init__(*args, **kwargs)

        if met_organisatie:
            self.fields["organisatie"].queryset = actieve_organisaties(ZORGPARTNER_TYPES).order_by("naam")
        else:
            del self.fields["organisatie"]


class CapaciteitForm(forms.Form):
    opvangplaatsen = forms.IntegerField(
        label=_("Opvangplaatsen in totaal"),
        min_value=0,
        max_value=2000,
        required=False,
        help_text=_("Leeg laten als uw organisatie geen opvang biedt."),
    )
    vrije_plaatsen = forms.IntegerField(label=_("Nu vrij"), min_value=0, max_value=2000, required=False)
    contact = forms.CharField(label=_("Contact voor de zorgcoördinator"), max_length=300, required=False)


class PartnerActieForm(forms.Form):
    stand = forms.ChoiceField(label=_("Nieuwe stand"))
    toelichting = forms.CharField(
        label=_("Toelichting voor de zorgcoördinator"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht bij afwijzen. Alleen wat de zorgcoördinator nodig heeft."),
    )

    def __init__(self, *args, stand: str, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["stand"].choices = [(s, ActieStand(s).label) for s in ACTIE_OVERGANGEN.get(stand, ())]


class ExportForm(forms.Form):
    doel = forms.CharField(
        label=_("Doel van de export"),
        max_length=500,
        initial=_("Rapportage en terugkoppeling aan CoMensha (Bijlage 3, verantwoordelijkheden)"),
    )
    formaat = forms.ChoiceField(label=_("Formaat"), choices=[("csv", "CSV"), ("xlsx", "XLSX (Excel)")], initial="csv")


class ConsultatieForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DatumInput(), initial=timezone.localdate)
    organisatie_type = forms.ChoiceField(label=_("Soort organisatie"), choices=ConsultatieOrganisatie.choices)
    onderwerp = forms.CharField(
        label=_("Onderwerp"), max_length=200, help_text=_("Zonder namen of andere persoonsgegevens.")
    )
    minuten = forms.IntegerField(label=_("Duur in minuten"), min_value=1, max_value=600)


class VerantwoordingForm(forms.Form):
    """Which werkgebied and which period (a year, or one quarter of it); read from the query."""

    werkgebied = forms.TypedChoiceField(label=_("Zorgorganisatie"), coerce=int)
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int)
    kwartaal = forms.TypedChoiceField(
        label=_("Periode"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("Heel het jaar")), *[(k, _("Kwartaal %(k)d") % {"k": k}) for k in range(1, 5)]],
    )

    def __init__(self, *args, werkgebieden, jaren, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["werkgebied"].choices = [(w.pk, w.zorgorganisatie.naam) for w in werkgebieden]
        self.fields["jaar"].choices = [(j, str(j)) for j in jaren]
