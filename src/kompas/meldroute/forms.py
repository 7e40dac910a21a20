from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompas.accounts.constants import OrganisatieType
from kompas.accounts.selectors import actieve_organisaties
from kompas.core.registry import registry
from kompas.core.widgets import DatumInput
from kompas.meldroute.constants import (
    SIGNAALKAART,
    Herkomst,
    Overleg,
    Sector,
    Status,
    Uitkomst,
    VerrijkingBron,
    Vorm,
)
from kompas.meldroute.policies import PARTNERS
from kompas.meldroute.workflow import TRANSITIES


class MultiFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class MeldenForm(forms.Form):
    acuut = forms.BooleanField(
        label=_("Dit is acuut: iemand is nu in gevaar"),
        required=False,
        help_text=_("Bel bij direct gevaar eerst 112, of de politie op 0900-8844. Meld het daarna hier."),
    )
    wat = forms.CharField(
        label=_("Wat heeft u gezien of gehoord?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Beschrijf wat u opviel. Namen zijn niet nodig als een omschrijving volstaat."),
    )
    waar = forms.CharField(
        label=_("Waar?"), max_length=300, required=False, help_text=_("Adres of omschrijving van de plek.")
    )
    wanneer = forms.DateField(
        label=_("Wanneer?"),
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
        initial=timezone.localdate,
        widget=DatumInput(),
    )
    vormen = forms.MultipleChoiceField(
        label=_("Welke vorm van uitbuiting vermoedt u?"), choices=Vorm.choices, widget=forms.CheckboxSelectMultiple
    )
    sector = forms.ChoiceField(label=_("In welke sector?"), choices=[("", _("Kies een sector"))] + Sector.choices)
    herkomst = forms.ChoiceField(label=_("Hoe kwam u dit tegen?"), choices=[("", _("Kies"))] + Herkomst.choices)
    indicatoren = forms.MultipleChoiceField(
        label=_("Welke signalen herkent u? (signaalkaart)"),
        choices=[(code, label) for items in SIGNAALKAART.values() for code, label in items],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    bijlagen = MultiFileField(
        label=_("Foto of document"), required=False, help_text=_("PDF, JPG, PNG of DOCX, maximaal 10 MB per bestand.")
    )


class VerrijkingForm(forms.Form):
    bron = forms.ChoiceField(label=_("Bron"), choices=[("", _("Kies een bron"))] + VerrijkingBron.choices)
    grondslag = forms.CharField(
        label=_("Wettelijke grondslag voor het raadplegen"),
        max_length=300,
        help_text=_("Bijvoorbeeld: Wet BRP art. 3.2; convenant RIEC; Wmo art. 5.2.1."),
    )
    tekst = forms.CharField(label=_("Bevinding"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class TransitieForm(forms.Form):
    """One step of the route. With ``transitie`` it is the small form of that one step: the
    step is a hidden field, only the inputs that step needs are asked (and required), and the
    ids are its own, so every allowed step can stand on the page as its own form."""

    transitie = forms.ChoiceField(label=_("Volgende stap"), choices=[(t.naam, t.label) for t in TRANSITIES.values()])
    reden = forms.CharField(label=_("Reden of toelichting"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    overleg = forms.ChoiceField(
        label=_("Besproken in (stap 4)"), choices=[("", _("Kies waar"))] + Overleg.choices, required=False
    )
    terugkoppeling = forms.CharField(
        label=_("Terugkoppeling voor de melder (stap 7)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Alleen wat de melder mag weten binnen de wet en de convenanten: bijvoorbeeld dat het signaal is "
            "opgepakt of doorgezet. Geen gegevens van betrokkenen of van partners."
        ),
    )
    uitkomst = forms.ChoiceField(
        label=_("Uitkomst (bij afsluiten)"), choices=[("", _("Kies een uitkomst"))] + Uitkomst.choices, required=False
    )
    ander_fenomeen = forms.CharField(
        label=_("Welk ander fenomeen?"),
        max_length=200,
        required=False,
        help_text=_("Alleen bij de uitkomst 'Geen mensenhandel – ander fenomeen'."),
    )

    INVOER = {
        "overleg": ("overleg",),
        "terugkoppeling": ("terugkoppeling",),
        "uitkomst": ("uitkomst", "ander_fenomeen"),
    }

    def __init__(self, *args, status=None, transitie=None, **kwargs):
        t = TRANSITIES.get(transitie or "")
        if t is not None:
            kwargs.setdefault("auto_id", f"id_{t.naam}_%s")
            kwargs.setdefault("initial", {"transitie": t.naam})
        super().__init__(*args, **kwargs)
        if status is not None and t is None:  # one step's form: the service says why it cannot
            self.fields["transitie"].choices = [(x.naam, x.label) for x in TRANSITIES.values() if status in x.van]
        if t is not None:
            self.fields["transitie"].widget = forms.HiddenInput()
            nodig = {naam for v in t.vereist for naam in self.INVOER.get(v, ())}
            for naam in ("overleg", "terugkoppeling", "uitkomst", "ander_fenomeen"):
                if naam not in nodig:
                    del self.fields[naam]
                elif naam != "ander_fenomeen":
                    self.fields[naam].required = True


class KoppelForm(forms.Form):
    referentie = forms.CharField(label=_("Referentienummer van het gerelateerde signaal"), max_length=20)


class BijlageForm(forms.Form):
    bestand = forms.FileField(label=_("Bestand"), help_text=_("PDF, JPG, PNG of DOCX, maximaal 10 MB."))


class DoorverwijsForm(forms.Form):
    zorgorganisatie = forms.ModelChoiceField(
        label=_("Naar zorgcoördinatie bij"),
        queryset=actieve_organisaties([OrganisatieType.ZVH, OrganisatieType.ZORGAANBIEDER]),
        empty_label=_("Kies een zorgorganisatie"),
    )
    toelichting = forms.CharField(
        label=_("Toelichting"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat heeft het mogelijke slachtoffer nodig? Alleen wat nodig is voor de zorg."),
    )

    def __init__(self, *args, gemeente_code: str = "", **kwargs):
        """The zorgcoördinatie whose werkgebied covers the signal's gemeente comes first."""

        super().__init__(*args, **kwargs)
        eigen = {o.pk for o in registry.service("zorg.organisaties_voor_gemeente")(gemeente_code)}
        field = self.fields["zorgorganisatie"]
        field.queryset = registry.service("zorg.organisaties_voor_doorverwijzing")(gemeente_code)
        field.label_from_instance = lambda o: (
            f"{o.naam} – {_('zorgcoördinatie van deze gemeente')}" if o.pk in eigen else o.naam
        )
        if eigen and not self.is_bound:
            self.initial.setdefault("zorgorganisatie", sorted(eigen)[0])


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle open signalen"))] + Status.choices, required=False
    )
    vorm = forms.ChoiceField(label=_("Vorm"), choices=[("", _("Alle vormen"))] + Vorm.choices, required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", _("Alle sectoren"))] + Sector.choices, required=False)
    ouder_dan = forms.IntegerField(
        label=_("Ouder dan (dagen)"),
        min_value=1,
        max_value=3650,
        required=False,
        error_messages={
            "invalid": _("Vul een aantal dagen in als getal, bijvoorbeeld 14."),
            "min_value": _("Vul minstens 1 dag in."),
            "max_value": _("Vul hooguit 3650 dagen (tien jaar) in."),
        },
    )
    te_laat = forms.BooleanField(label=_("Alleen signalen die te lang wachten"), required=False)


class InstellingForm(forms.Form):
    bewaartermijn_maanden = forms.IntegerField(
        label=_("Bewaartermijn na afsluiten zonder vervolg (maanden)"),
        min_value=1,
        max_value=120,
        help_text=_(
            "Signalen die zijn afgesloten als 'geen mensenhandel' of 'onvoldoende informatie' worden daarna "
            "verwijderd; de cijfers blijven."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for status, label in Status.choices:
            if status != Status.AFGESLOTEN:
                self.fields[f"termijn_{status}"] = forms.IntegerField(
                    label=_("Termijn in '%(stap)s' (dagen)") % {"stap": label},
                    min_value=1,
                    max_value=365,
                    required=False,
                )


class PartnerVerzoekForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=actieve_organisaties(PARTNERS),  # the organisation types the policy lets answer a request
    )
    stap = forms.TypedChoiceField(
        label=_("Bij stap"), coerce=int, choices=[(4, _("Stap 4")), (5, _("Stap 5")), (6, _("Stap 6"))]
    )
    gedeeld = forms.CharField(
        label=_("Wat deelt u met de partner?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Alleen wat de partner nodig heeft en wat u mag delen (convenant). Dit delen wordt vastgelegd in het "
            "auditlog."
        ),
    )
    vraag = forms.CharField(
        label=_("Uw vraag"),
        max_length=500,
        initial=_("Is het signaal opgepakt, en wat mogen wij aan de melder terugkoppelen?"),
    )
    deadline = forms.DateField(
        label=_("Antwoord graag vóór"),
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
        widget=DatumInput(),
    )


class PartnerAntwoordForm(forms.Form):
    from kompas.meldroute.models import PartnerVerzoek as _PV

    opgepakt = forms.ChoiceField(
        label=_("Is het signaal opgepakt?"), choices=_PV.Opgepakt.choices, widget=forms.RadioSelect
    )
    terugkoppeling = forms.CharField(
        label=_("Wat mag de gemeente aan de melder terugkoppelen?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Geen gegevens over personen."),
    )
