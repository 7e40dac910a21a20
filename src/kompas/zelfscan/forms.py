from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.zelfscan.definitie import ANTWOORDEN, ITEMS


class ScanForm(forms.Form):
    toelichting = forms.CharField(label=_("Toelichting"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            label = item.vraag + (f" (basisniveau: {item.basisniveau.lower()})" if item.basisniveau else "")
            self.fields[item.code] = forms.ChoiceField(label=label, choices=ANTWOORDEN, widget=forms.RadioSelect, required=False,
                                                       error_messages={"invalid_choice": "Kies een van de antwoorden."})
            self.fields[item.code].bouwsteen = item.bouwsteen

    def per_bouwsteen(self):
        from kompas.core.bouwstenen import Bouwsteen

        return [(label, [self[i.code] for i in ITEMS if i.bouwsteen == code]) for code, label in Bouwsteen.choices]


class FteForm(forms.Form):
    regio = forms.ModelChoiceField(label=_("Regio"), queryset=None, required=False, empty_label=_("Kies een regio"))
    inwoners = forms.IntegerField(label=_("Of: aantal inwoners"), required=False, min_value=0, max_value=30_000_000)
    politieregio = forms.BooleanField(label=_("Het werkgebied is een politieregio (netwerkdeel verdubbelen)"), required=False)

    def __init__(self, *args, **kwargs):
        from kompas.regio.models import Regio

        super().__init__(*args, **kwargs)
        self.fields["regio"].queryset = Regio.objects.order_by("indeling", "naam")
        self.fields["regio"].label_from_instance = lambda r: f"{r.naam} ({r.get_indeling_display()})"

    def clean(self):
        data = super().clean()
        if not data.get("regio") and data.get("inwoners") is None:
            raise forms.ValidationError(_("Kies een regio of vul het aantal inwoners in."))
        return data
