from django import forms
from django.utils.translation import gettext_lazy as _

from kompas.accounts.constants import Rol
from kompas.core.bouwstenen import Bouwsteen
from kompas.kennisbank.models import Artikel


class ZoekForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    bouwsteen = forms.ChoiceField(
        label=_("Bouwsteen"), required=False, choices=[("", _("Alle bouwstenen")), *Bouwsteen.choices]
    )
    rol = forms.ChoiceField(label=_("Voor de rol"), required=False, choices=[("", _("Alle rollen")), *Rol.choices])
    soort = forms.ChoiceField(
        label=_("Soort"), required=False, choices=[("", _("Artikelen en kaarten")), *Artikel.Soort.choices]
    )


class NotitieForm(forms.Form):
    tekst = forms.CharField(
        label=_("Mijn notitie"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Alleen u ziet deze notitie. Laat het veld leeg om de notitie te verwijderen."),
    )


class DeelForm(forms.Form):
    naar = forms.ModelChoiceField(label=_("Collega"), queryset=None, empty_label=_("Kies een collega"))
    bericht = forms.CharField(label=_("Bericht"), required=False, max_length=500)

    def __init__(self, *args, collegas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naar"].queryset = collegas
        self.fields["naar"].label_from_instance = lambda u: u.get_full_name() or u.username


class ArtikelForm(forms.ModelForm):
    rollen = forms.MultipleChoiceField(
        label=_("Voor rollen"), choices=Rol.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Artikel
        fields = [
            "titel",
            "slug",
            "samenvatting",
            "soort",
            "bouwsteen",
            "onderwerp",
            "rollen",
            "hoofdstuk",
            "bronnen",
            "inhoud",
        ]
        widgets = {"inhoud": forms.Textarea(attrs={"rows": 18}), "samenvatting": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "inhoud": _("Markdown: ## kop, - opsomming, **vet**, [tekst](adres). HTML en scripts worden verwijderd.")
        }
