from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from kompas.accounts.constants import (
    Rol,
    rollen_door_applicatiebeheer,
    rollen_door_functioneel_beheerder,
)
from kompas.accounts.models import Organisatie
from kompas.core.mail import mail_na_commit


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Gebruikersnaam of e-mailadres"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("De combinatie van gebruikersnaam (of e-mailadres) en wachtwoord is niet juist."),
        "inactive": _("Dit account is niet actief. Neem contact op met de functioneel beheerder van uw organisatie."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        help_text=_("Zes cijfers, bijvoorbeeld 123456."),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(_("Vul de zes cijfers in die uw authenticator-app nu toont."))
        return token


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail goes through the task worker, queued on commit."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        mail_na_commit(subject, body, [to_email])


def _role_choices(rollen: list[str]) -> list[tuple[str, str]]:
    return [(r, Rol(r).label) for r in rollen]


class _BeheerRolesMixin:
    """The role checkboxes offer only what a functioneel beheerder of this organisation
    type may grant (the service checks the same table)."""

    def __init__(self, *args, organisatie_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rollen"].choices = _role_choices(rollen_door_functioneel_beheerder(organisatie_type))


class UserCreateForm(_BeheerRolesMixin, forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"), help_text=_("De collega krijgt hierop een link om een wachtwoord in te stellen.")
    )
    username = forms.SlugField(label=_("Gebruikersnaam"), max_length=150, help_text=_("Letters, cijfers, - en _."))
    rollen = forms.MultipleChoiceField(label=_("Rollen"), widget=forms.CheckboxSelectMultiple)


class RolesForm(_BeheerRolesMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,  # left empty: unchanged
        help_text=_("Wijzigt u het adres, dan krijgt het oude adres daarvan bericht."),
    )
    rollen = forms.MultipleChoiceField(
        label=_("Rollen in deze organisatie"), widget=forms.CheckboxSelectMultiple, required=False
    )


class OrganisatieForm(forms.ModelForm):
    class Meta:
        model = Organisatie
        fields = ["naam", "type", "cbs_code", "regio"]  # Organisatie.clean() checks the CBS code


class AppointForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres"), help_text=_("De persoon moet al een account in Kompas hebben."))
    rol = forms.ChoiceField(label=_("Rol"), initial=Rol.FUNCTIONEEL_BEHEERDER, required=False)

    def __init__(self, *args, organisatie_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rol"].choices = _role_choices(rollen_door_applicatiebeheer(organisatie_type))


class OrganisatieLoginForm(forms.Form):
    email = forms.EmailField(
        label=_("Uw e-mailadres bij uw organisatie"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class IdentiteitsProviderForm(forms.Form):
    issuer = forms.URLField(
        label=_("Issuer"),
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "Zoals in het discovery-document, bijvoorbeeld https://login.microsoftonline.com/<tenant-id>/v2.0 "
            "(Entra ID) of https://adfs.gemeente.nl/adfs (ADFS)."
        ),
    )
    discovery_url = forms.URLField(
        label=_("Discovery-URL (meestal leeg)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "Alleen als het discovery-document niet onder de issuer staat. Entra ID v1.0: "
            "https://login.microsoftonline.com/<tenant-id>/.well-known/openid-configuration."
        ),
    )
    client_id = forms.CharField(label=_("Client-ID"), max_length=200)
    client_secret = forms.CharField(
        label=_("Clientgeheim"),
        max_length=500,
        required=False,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Wordt versleuteld opgeslagen en nooit meer getoond. Laat leeg om het bestaande geheim te houden."),
    )
    email_domeinen = forms.CharField(
        label=_("E-maildomeinen"),
        max_length=500,
        help_text=_(
            "Komma-gescheiden, bijvoorbeeld gemeente.nl. Wie inlogt met een adres in deze domeinen, gaat naar deze "
            "provider."
        ),
    )
    mfa_acr_waarden = forms.CharField(
        label=_("Acr- of amr-waarden die meerstapsverificatie betekenen"),
        max_length=500,
        required=False,
        help_text=_(
            "Komma-gescheiden; de amr-waarden mfa, otp en hwk tellen altijd. ADFS: http://schemas.microsoft.com/claims/multipleauthn."
        ),
    )
    actief = forms.BooleanField(
        label=_("Actief: medewerkers loggen in via deze provider"), required=False, initial=True
    )
