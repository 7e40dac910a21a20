from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.core.tabular import TabelFout, controleer_grootte
from kompas.core.widgets import DatumInput
from kompas.monitor.analyse import INDELINGEN, MAX_UITSPLITSINGEN, UITSPLITSINGEN
from kompas.monitor.models import Bouwsteen, Meting, Opschoonstap, Rapport
from kompas.regio.selectors import gemeenten_in_jaar


class MetingForm(forms.ModelForm):
    kopieren = forms.BooleanField(
        label=_("Maak voor deze meting een eigen kopie van de gekozen vragenlijsten"),
        required=False,
        help_text=_(
            "De vraagcodes blijven gelijk, zodat metingen vergelijkbaar blijven. Een kopie kunt u aanpassen zonder "
            "eerdere metingen te raken."
        ),
    )

    class Meta:
        model = Meting
        fields = [
            "code",
            "naam",
            "jaar",
            "vragenlijsten",
            "open_van",
            "open_tot",
            "vorige",
            "herinnering_na_dagen",
            "max_herinneringen",
        ]
        widgets = {
            "vragenlijsten": forms.CheckboxSelectMultiple,
            "open_van": DatumInput,
            "open_tot": DatumInput,
        }
        help_texts = {
            "code": _("Korte naam zonder spaties, bijvoorbeeld 2025."),
            "jaar": _("De gemeentelijke indeling van dit jaar bepaalt wie wordt uitgenodigd."),
            "vorige": _("Met deze meting vergelijkt het rapport; gemeenten worden via de herindelingen omgezet."),
        }

    def clean(self):
        data = super().clean()
        van, tot = data.get("open_van"), data.get("open_tot")
        if van and tot and tot < van:
            self.add_error("open_tot", _("De einddatum ligt vóór de begindatum."))

        if data.get("jaar") and not gemeenten_in_jaar(data["jaar"]).exists():
            self.add_error("jaar", _("Voor dit jaar zijn geen gemeenten in de referentiegegevens."))
        return data


class PeriodeForm(forms.ModelForm):
    class Meta:
        model = Meting
        fields = ["open_van", "open_tot", "herinnering_na_dagen", "max_herinneringen", "vergelijking_kanttekening"]
        widgets = {
            "open_van": DatumInput,
            "open_tot": DatumInput,
            "vergelijking_kanttekening": forms.Textarea(attrs={"rows": 3}),
        }


class _UploadGrens:
    """Every upload of the monitor is refused above KOMPAS_MAX_UPLOAD_MB, before it is read."""

    def clean_bestand(self):
        f = self.cleaned_data["bestand"]
        try:
            controleer_grootte(f.size)
        except TabelFout as exc:
            raise forms.ValidationError(str(exc)) from exc
        return f


class BestandForm(_UploadGrens, forms.Form):
    bestand = forms.FileField(
        label=_("Bestand (CSV of XLSX)"), help_text=_("Het uitwisselformaat van de monitor; zie de handleiding.")
    )


class CoderingenForm(_UploadGrens, forms.Form):
    bestand = forms.FileField(
        label=_("Coderingen (CSV of XLSX)"),
        help_text=_(
            "Hetzelfde formaat als de download: vragenlijst, vraag, tekst en categorieen (codes, gescheiden door |)."
        ),
    )


class ContactForm(_UploadGrens, forms.Form):
    bestand = forms.FileField(
        label=_("Contactadressen (CSV)"), help_text=_("Kolommen: organisatie (bijv. GM0363) en email.")
    )


class UitgenodigdenForm(_UploadGrens, forms.Form):
    bestand = forms.FileField(
        label=_("Lijst van uitgenodigde organisaties (tekst of CSV)"),
        help_text=_("Eén organisatiecode per regel, bijvoorbeeld GM0363 of de code van een zorg- en veiligheidshuis."),
    )


class BeslissingForm(forms.Form):
    soort = forms.ChoiceField(choices=Opschoonstap.Soort.choices, widget=forms.HiddenInput)
    organisatie_code = forms.CharField(required=False, widget=forms.HiddenInput)
    vraag_code = forms.CharField(required=False, widget=forms.HiddenInput)
    inzendingen = forms.CharField(widget=forms.HiddenInput)
    naar = forms.CharField(required=False, label=_("Nieuw antwoord"))
    reden = forms.CharField(required=False, label=_("Reden (komt in de verantwoording)"), max_length=500)

    def clean_inzendingen(self):
        try:
            return [int(x) for x in self.cleaned_data["inzendingen"].split(",") if x.strip()]
        except ValueError as exc:
            raise forms.ValidationError(_("Ongeldige keuze van inzendingen.")) from exc


class CategorieForm(forms.Form):
    vraag_code = forms.CharField(widget=forms.HiddenInput)
    label = forms.CharField(label=_("Nieuwe categorie"), max_length=200)
    bouwsteen = forms.ChoiceField(
        label=_("Hoort bij bouwsteen"), choices=[("", _("(geen)")), *Bouwsteen.choices], required=False
    )


class UitsplitsingForm(forms.Form):
    """The divisions a report breaks gemeenten down by, chosen at report time."""

    uitsplitsing = forms.MultipleChoiceField(
        label=_("Uitsplitsen naar"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Hoogstens twee indelingen; zonder keuze grootteklasse en zorg- en veiligheidshuisregio. Kleine "
            "aantallen blijven verborgen."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uitsplitsing"].choices = list(INDELINGEN.items())
        self.fields["uitsplitsing"].initial = list(UITSPLITSINGEN)

    def clean_uitsplitsing(self):
        keuze = self.cleaned_data["uitsplitsing"]
        if len(keuze) > MAX_UITSPLITSINGEN:
            raise forms.ValidationError(
                _("Kies hoogstens twee indelingen: meer uitsplitsingen tegelijk kunnen kleine aantallen verraden.")
            )
        return keuze


class RapportForm(UitsplitsingForm):
    formaat = forms.ChoiceField(
        label=_("Formaat"), choices=list(Rapport.Formaat.choices), widget=forms.RadioSelect, initial="pdf"
    )
