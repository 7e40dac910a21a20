from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.core.bouwstenen import Bouwsteen
from kompas.regio.constants import Indeling
from kompas.regio.selectors import alle_regios
from kompas.zelfscan.definitie import ANTWOORDEN, ITEMS
from kompas.zelfscan.fte import indeling_volgorde


class ScanForm(forms.Form):
    toelichting = forms.CharField(
        label=_("Toelichting"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[item.code] = _stelling(item)

    def per_bouwsteen(self):
        return [(label, [self[i.code] for i in ITEMS if i.bouwsteen == code]) for code, label in Bouwsteen.choices]


def _stelling(item) -> forms.ChoiceField:
    label = item.vraag + (f" (basisniveau: {item.basisniveau.lower()})" if item.basisniveau else "")
    veld = forms.ChoiceField(
        label=label,
        choices=ANTWOORDEN,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Kies een van de antwoorden."},
    )
    veld.bouwsteen = item.bouwsteen
    return veld


class StapForm(forms.Form):
    """One step of the zelfscan: the statements of one bouwsteen. Nothing is required here;
    completing checks that every statement is answered."""

    def __init__(self, *args, bouwsteen: str, **kwargs):
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            if item.bouwsteen == bouwsteen:
                self.fields[item.code] = _stelling(item)


class SamenvattingForm(forms.Form):
    toelichting = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat wilt u bij deze scan vastleggen, bijvoorbeeld wie hem invulde of wat er speelt?"),
    )


class FteForm(forms.Form):
    regio = forms.ChoiceField(label=_("Regio"), required=False)
    inwoners = forms.IntegerField(label=_("Of: aantal inwoners"), required=False, min_value=0, max_value=30_000_000)
    politieregio = forms.BooleanField(
        label=_("Het werkgebied is een politieregio (netwerkdeel verdubbelen)"), required=False
    )

    def __init__(self, *args, jaar: int, **kwargs):
        super().__init__(*args, **kwargs)
        per_indeling: dict[str, list[tuple[str, str]]] = {}
        for pk, naam, indeling in alle_regios().values_list("pk", "naam", "indeling"):
            per_indeling.setdefault(indeling, []).append((str(pk), naam))
        labels = dict(Indeling.choices)
        self.fields["regio"].choices = [
            ("", _("Kies een regio")),
            *((labels[i], per_indeling[i]) for i in indeling_volgorde() if i in per_indeling),
        ]
        self.fields["regio"].help_text = _(
            "Per indeling, de zorg- en veiligheidshuisregio's eerst. Kompas telt de inwoners van de "
            "gemeenten in de regio in de gemeentelijke indeling van %(jaar)s."
        ) % {"jaar": jaar}

    def clean_regio(self):
        pk = self.cleaned_data.get("regio")
        return alle_regios().filter(pk=pk).first() if pk else None

    def clean(self):
        data = super().clean()
        if not data.get("regio") and data.get("inwoners") is None:
            raise forms.ValidationError(_("Kies een regio of vul het aantal inwoners in."))
        return data
