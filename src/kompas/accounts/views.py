"""Login (password, then TOTP; or the organisation's own identity provider), account pages,
and user and organisation management."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import segno
from django.contrib import auth, messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.crypto import get_random_string
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from mozilla_django_oidc.utils import (
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
)
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from kompas.accounts import oidc, selectors, services
from kompas.accounts.actor import SESSION_KEY, actor_for
from kompas.accounts.constants import Rol
from kompas.accounts.forms import (
    AppointForm,
    IdentiteitsProviderForm,
    LoginForm,
    OrganisatieForm,
    OrganisatieLoginForm,
    QueuedPasswordResetForm,
    RolesForm,
    TokenForm,
    UserCreateForm,
)
from kompas.accounts.models import IdentiteitsProvider, IdentiteitsProviderDevice, User
from kompas.accounts.policies import policy
from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.doorsturen import veilige_volgende
from kompas.core.views import Breadcrumbs, PolicyRequiredMixin


def _safe_next(request, default: str) -> str:
    return veilige_volgende(request, request.POST.get("next") or request.GET.get("next") or "", default)


def lockout_response(request, credentials, *args, **kwargs):
    """django-axes calls this when an account is locked out."""
    return render(request, "accounts/lockout.html", status=429)


@method_decorator([sensitive_post_parameters("password"), never_cache], name="dispatch")
class LoginView(FormView):
    template_name = "accounts/login.html"
    form_class = LoginForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["request"] = self.request
        return kwargs

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_verified():
            return redirect("core:dashboard")
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        auth_login(self.request, user)
        actor = actor_for(user, None)
        audit_log_create(actie=Actie.LOGIN, actor=actor, request=self.request, obj=user)
        nxt = _safe_next(self.request, reverse("core:dashboard"))
        if user_has_device(user):
            return redirect(f"{reverse('accounts:otp_verify')}?next={nxt}")
        if user.requires_2fa:
            return redirect("accounts:otp_setup")
        return HttpResponseRedirect(nxt)

    def form_invalid(self, form):
        typed = (form.data.get("username") or "").strip()[:150]
        known = User.objects.filter(username__iexact=typed).first() or User.objects.filter(email__iexact=typed).first()
        organisatie = actor_for(known, None).organisatie if known else None
        locked = getattr(self.request, "axes_locked_out", False)
        audit_log_create(
            actie=Actie.LOCKOUT if locked else Actie.LOGIN_FAILED,
            user=known,
            organisatie=organisatie,
            object_type="accounts.user",
            object_id=known.pk if known else "",
            object_repr=typed,
            request=self.request,
        )
        return super().form_invalid(form)


def _al_gebruikt(device: TOTPDevice, token) -> bool:
    """The code is one the app shows now (within the device's tolerance), but it was used
    already: django-otp accepts each code once, so a second login within 30 s is refused."""
    try:
        gezocht = int(token)
    except (TypeError, ValueError):
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    for verschuiving in range(-device.tolerance, device.tolerance + 1):
        totp.drift = device.drift + verschuiving
        if totp.token() == gezocht and device.last_t is not None and totp.t() <= device.last_t:
            return True
    return False


@method_decorator(never_cache, name="dispatch")
class OtpVerifyView(FormView):
    template_name = "accounts/otp_verify.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("accounts:login")
        if request.user.is_verified():
            return redirect(_safe_next(request, reverse("core:dashboard")))
        if not user_has_device(request.user):
            return redirect("accounts:otp_setup")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user = self.request.user
        devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
        for device in devices:
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                form.add_error("token", _("Te veel onjuiste codes. Wacht even en probeer het opnieuw."))
                return self.form_invalid(form)
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(self.request, device)
                audit_log_create(actie=Actie.OTP_VERIFIED, actor=actor_for(user, None), obj=user, request=self.request)
                return redirect(_safe_next(self.request, reverse("core:dashboard")))
        audit_log_create(actie=Actie.OTP_FAILED, actor=actor_for(user, None), obj=user, request=self.request)
        token = form.cleaned_data["token"]
        if any(_al_gebruikt(d, token) for d in devices):
            form.add_error(
                "token",
                _(
                    "Deze code is al gebruikt: een code geldt één keer. Wacht tot uw app een nieuwe code toont "
                    "(elke 30 seconden) en vul die in."
                ),
            )
        else:
            form.add_error("token", _("Deze code klopt niet of is verlopen. Vul de code in die uw app nu toont."))
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["next"] = _safe_next(self.request, "")
        return ctx


@method_decorator(never_cache, name="dispatch")
class OtpSetupView(FormView):
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a code."""

    template_name = "accounts/otp_setup.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("accounts:login")
        if user_has_device(request.user):
            return redirect("accounts:otp_verify")
        self.device = TOTPDevice.objects.filter(
            user=request.user, confirmed=False
        ).first() or TOTPDevice.objects.create(user=request.user, name="Authenticator-app", confirmed=False)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qr = segno.make(self.device.config_url, error="m")
        ctx["qr_data_uri"] = qr.svg_data_uri(scale=5, dark="#000", light="#fff")
        ctx["secret"] = base64.b32encode(self.device.bin_key).decode()
        ctx["required"] = self.request.user.requires_2fa
        return ctx

    def form_valid(self, form):
        if not self.device.verify_token(form.cleaned_data["token"]):
            form.add_error(
                "token",
                _(
                    "Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat en probeer de code die "
                    "de app nu toont."
                ),
            )
            return self.form_invalid(form)
        self.device.confirmed = True
        self.device.save()
        otp_login(self.request, self.device)
        audit_log_create(
            actie=Actie.OTP_DEVICE_ADDED,
            actor=actor_for(self.request.user, None),
            obj=self.request.user,
            request=self.request,
        )
        messages.success(self.request, _("Tweestapsverificatie is ingesteld."))
        return redirect("core:dashboard")


class LogoutView(View):
    http_method_names = ["post"]

    def post(self, request):
        if request.user.is_authenticated:
            audit_log_create(actie=Actie.LOGOUT, actor=request.actor, obj=request.user, request=request)
        auth_logout(request)
        messages.info(request, _("U bent uitgelogd."))
        return redirect("accounts:login")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_log_create(actie=Actie.PASSWORD_RESET, user=form.user, obj=form.user, request=self.request)
        return response


class SwitchOrganisationView(View):
    http_method_names = ["post"]

    def post(self, request):
        if not request.user.is_authenticated:
            return redirect("accounts:login")
        try:
            wanted = int(request.POST.get("organisatie", ""))
        except ValueError:
            wanted = None
        if wanted in {o.pk for o in request.actor.organisaties}:
            request.session[SESSION_KEY] = wanted
        return redirect("core:dashboard")


class ProfileView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "view_profile"
    template_name = "accounts/profile.html"
    breadcrumbs = [(gettext_lazy("Mijn account"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["memberships"] = self.request.user.active_memberships()
        ctx["has_device"] = user_has_device(self.request.user)
        return ctx


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_log_create(
            actie=Actie.UPDATE,
            actor=self.request.actor,
            obj=self.request.user,
            request=self.request,
            details={"wachtwoord": "gewijzigd"},
        )
        messages.success(self.request, _("Uw wachtwoord is gewijzigd."))
        return response


# --- Functioneel beheer: the users of one's own organisation --------------------------


class UserListView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "manage_users"
    template_name = "accounts/user_list.html"
    breadcrumbs = [(gettext_lazy("Gebruikers"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["users"] = selectors.users_for_actor(self.request.actor)
        ctx["onbezorgd"] = selectors.onbezorgde_mail_voor_actor(self.request.actor)
        return ctx


class UserCreateView(PolicyRequiredMixin, Breadcrumbs, FormView):
    policy = policy
    action = "manage_users"
    template_name = "accounts/user_form.html"
    form_class = UserCreateForm

    def get_breadcrumbs(self):
        return [(_("Gebruikers"), reverse("accounts:users")), (_("Nieuwe gebruiker"), None)]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisatie_type": self.request.actor.organisatie.type}

    def form_valid(self, form):
        try:
            user = services.user_create(
                actor=self.request.actor,
                base_url=self.request.build_absolute_uri("/"),
                request=self.request,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(naam)s is toegevoegd en krijgt een e-mail om een wachtwoord in te stellen.") % {"naam": user},
        )
        return redirect("accounts:user_detail", pk=user.pk)


class UserObjectMixin(PolicyRequiredMixin, Breadcrumbs):
    policy = policy
    action = "manage_users"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # 404 alike for a missing user and for a user of another organisation
            self.subject = selectors.user_get_for_user(request.actor, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [(_("Gebruikers"), reverse("accounts:users")), (str(self.subject), None)]


class UserDetailView(UserObjectMixin, FormView):
    template_name = "accounts/user_detail.html"
    form_class = RolesForm

    def get_initial(self):
        return {"rollen": [m.rol for m in self.subject.roles_here], "email": self.subject.email}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisatie_type": self.request.actor.organisatie.type}

    def get(self, request, *args, **kwargs):
        audit_log_create(actie=Actie.VIEW, actor=request.actor, obj=self.subject, request=request)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["subject"] = self.subject
        ctx["has_device"] = user_has_device(self.subject)
        return ctx

    def form_valid(self, form):
        actor = self.request.actor
        # roles granted by applicatiebeheer (not on the form) stay as they are
        offered = {value for value, _label in form.fields["rollen"].choices}
        try:
            services.gebruiker_bijwerken(
                actor=actor,
                user=self.subject,
                email=form.cleaned_data["email"],
                rollen=form.cleaned_data["rollen"],
                aangeboden=offered,
                request=self.request,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            if not exc.args:
                raise
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("De gegevens zijn bijgewerkt."))
        return redirect("accounts:user_detail", pk=self.subject.pk)


class UserRemoveView(UserObjectMixin, TemplateView):
    template_name = "accounts/user_remove.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "subject": self.subject}

    def post(self, request, pk):
        try:
            services.user_remove_from_organisation(actor=request.actor, user=self.subject, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("accounts:user_detail", pk=pk)
        messages.success(request, _("%(naam)s is uit uw organisatie verwijderd.") % {"naam": self.subject})
        return redirect("accounts:users")


class UserOtpResetView(UserObjectMixin, TemplateView):
    template_name = "accounts/user_otp_reset.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "subject": self.subject}

    def post(self, request, pk):
        services.otp_devices_reset(actor=request.actor, user=self.subject, request=request)
        messages.success(
            request,
            _("De authenticator-app is ontkoppeld. Bij de volgende keer inloggen koppelt %(naam)s een nieuwe.")
            % {"naam": self.subject},
        )
        return redirect("accounts:user_detail", pk=pk)


# --- Applicatiebeheer: organisations -------------------------------------------------


class OrganisatieListView(PolicyRequiredMixin, Breadcrumbs, FormView):
    policy = policy
    action = "manage_organisations"
    template_name = "accounts/organisatie_list.html"
    form_class = OrganisatieForm
    breadcrumbs = [(gettext_lazy("Organisaties"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["organisaties"] = selectors.organisaties_for_actor(self.request.actor)
        return ctx

    def form_valid(self, form):
        try:
            org = services.organisatie_create(actor=self.request.actor, request=self.request, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Organisatie %(naam)s is aangemaakt.") % {"naam": org})
        return redirect("accounts:organisatie_detail", pk=org.pk)


class OrganisatieDetailView(PolicyRequiredMixin, Breadcrumbs, FormView):
    policy = policy
    action = "manage_organisations"
    template_name = "accounts/organisatie_detail.html"
    form_class = AppointForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.organisatie = selectors.organisatie_get_for_user(request.actor, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [(_("Organisaties"), reverse("accounts:organisaties")), (str(self.organisatie), None)]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisatie_type": self.organisatie.type}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["organisatie"] = self.organisatie
        ctx["beheerders"] = self.organisatie.lidmaatschappen.filter(
            rol__in=services.ROLES_ONLY_BY_APPLICATIEBEHEER | {"functioneel_beheerder"}
        ).select_related("user")
        return ctx

    def form_valid(self, form):
        user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is None:
            form.add_error("email", _("Er is geen actief account met dit e-mailadres."))
            return self.form_invalid(form)
        rol = form.cleaned_data["rol"] or Rol.FUNCTIONEEL_BEHEERDER
        try:
            services.rol_toekennen(
                actor=self.request.actor, organisatie=self.organisatie, user=user, rol=rol, request=self.request
            )
        except ValidationError as exc:
            form.add_error("rol", exc.messages)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(naam)s is %(rol)s van %(org)s.")
            % {"naam": user, "rol": Rol(rol).label.lower(), "org": self.organisatie},
        )
        return redirect("accounts:organisatie_detail", pk=self.organisatie.pk)


# --- Login through the organisation's own identity provider (OIDC) ----------------------


def _oidc_weigeren(request, *, reden: str, melding: str, provider=None, user=None, claims=None):
    """Audit a refused OIDC login and send the person back to the organisation login."""
    organisatie = provider.organisatie if provider is not None else None
    audit_log_create(
        actie=Actie.LOGIN_FAILED,
        user=user,
        organisatie=organisatie,
        object_type="accounts.identiteitsprovider",
        object_id=provider.pk if provider is not None else "",
        object_repr=str(organisatie or ""),
        request=request,
        details={"methode": "oidc", "reden": reden, **_claims_voor_audit(claims)},
    )
    messages.error(request, melding)
    return redirect("accounts:oidc_login")


def _claims_voor_audit(claims) -> dict:
    """What the privacy officer needs to see of a provider's answer: the subject and how the
    person authenticated (amr/acr), not the rest of the token."""
    if not claims:
        return {}
    return {k: claims[k] for k in ("sub", "amr", "acr") if k in claims}


@method_decorator(never_cache, name="dispatch")
class OrganisatieLoginView(FormView):
    """ "Inloggen via uw organisatie": the e-mail address names the organisation's provider; the
    authentication request (state, nonce, PKCE) is made as mozilla-django-oidc makes it, with
    that provider's endpoint and client."""

    template_name = "accounts/oidc_login.html"
    form_class = OrganisatieLoginForm

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_verified():
            return redirect("core:dashboard")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": _safe_next(self.request, "")}

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        provider = oidc.provider_voor_email(email)
        if provider is None:
            form.add_error(
                "email",
                _(
                    "Voor dit e-mailadres is geen inloggen via de organisatie ingesteld. Log in met uw "
                    "gebruikersnaam en wachtwoord."
                ),
            )
            return self.form_invalid(form)
        state = get_random_string(32)
        code_verifier = get_random_string(64)
        params = {
            "response_type": "code",
            "scope": oidc.SCOPES,
            "client_id": provider.client_id,
            "redirect_uri": self.request.build_absolute_uri(reverse("accounts:oidc_callback")),
            "state": state,
            "nonce": get_random_string(32),
            "code_challenge": generate_code_challenge(code_verifier, "S256"),
            "code_challenge_method": "S256",
            "login_hint": email,
        }
        add_state_and_verifier_and_nonce_to_session(self.request, state, params, code_verifier)
        entry = self.request.session["oidc_states"][state]
        entry["provider"] = provider.pk
        entry["next"] = _safe_next(self.request, "")
        self.request.session.modified = True
        return HttpResponseRedirect(f"{provider.authorization_endpoint}?{urlencode(params)}")


@method_decorator(never_cache, name="dispatch")
class OidcCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the person back here with ``code`` and ``state``. The state must be
    one this session started (it is used once); the backend checks the token and finds the
    account; then the session is bound to the provider's second factor if it asserted one,
    otherwise the authenticator-app code is asked as after a password."""

    def get(self, request):
        state = request.GET.get("state", "")
        states = request.session.get("oidc_states")
        entry = states.pop(state, None) if isinstance(states, dict) and state else None
        if entry is not None:
            request.session.modified = True
            request.session.save()  # used once, even if what follows fails
        if entry is None:
            return _oidc_weigeren(
                request,
                reden="state_onbekend",
                melding=_("Deze inlogpoging is verlopen of niet in deze browser begonnen. Probeer het opnieuw."),
            )
        provider = (
            IdentiteitsProvider.objects.filter(pk=entry.get("provider"), actief=True, organisatie__actief=True)
            .select_related("organisatie")
            .first()
        )
        if provider is None:
            return _oidc_weigeren(
                request,
                reden="provider_uitgeschakeld",
                melding=_("Inloggen via uw organisatie is uitgeschakeld. Log in met uw gebruikersnaam en wachtwoord."),
            )
        if request.GET.get("error") or not request.GET.get("code"):
            return _oidc_weigeren(
                request,
                provider=provider,
                reden=f"provider_fout: {request.GET.get('error', 'geen code')}"[:200],
                melding=_("De identiteitsprovider van uw organisatie heeft het inloggen niet bevestigd."),
            )
        user = auth.authenticate(
            request, provider=provider, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
        )
        claims = getattr(request, "kompas_oidc_claims", None)
        if user is None or not user.is_active:
            weigering = getattr(request, "kompas_oidc_weigering", None)
            if weigering is None:  # refused before our backend ran (django-axes lockout) or an inactive account
                weigering = oidc.Weigering(
                    "geblokkeerd" if getattr(request, "axes_locked_out", False) else "niet_actief",
                    _(
                        "Inloggen is nu niet mogelijk. Probeer het later opnieuw of neem contact op met uw "
                        "functioneel beheerder."
                    ),
                )
            return _oidc_weigeren(
                request, provider=provider, reden=weigering.reden, melding=weigering.melding, claims=claims
            )
        self.user = user
        auth.login(request, user)
        request.session[SESSION_KEY] = provider.organisatie_id
        mfa = oidc.mfa_bevestigd(provider, claims or {})
        if mfa:
            device, _created = IdentiteitsProviderDevice.objects.get_or_create(
                user=user, provider=provider, defaults={"name": str(provider.organisatie)[:64], "confirmed": True}
            )
            otp_login(request, device)
        actor = actor_for(user, provider.organisatie_id)
        audit_log_create(
            actie=Actie.LOGIN,
            actor=actor,
            request=request,
            obj=user,
            details={
                "methode": "oidc",
                "issuer": provider.issuer,
                "meerstapsverificatie_door_provider": mfa,
                **_claims_voor_audit(claims),
            },
        )
        nxt = entry.get("next") or reverse("core:dashboard")
        if mfa:
            return HttpResponseRedirect(nxt)
        if user_has_device(user):
            return redirect(f"{reverse('accounts:otp_verify')}?next={nxt}")
        if user.requires_2fa:
            return redirect("accounts:otp_setup")
        return HttpResponseRedirect(nxt)


class IdentiteitsProviderView(PolicyRequiredMixin, Breadcrumbs, FormView):
    """Applicatiebeheer configures an organisation's OIDC provider."""

    policy = policy
    action = "manage_identiteitsproviders"
    template_name = "accounts/identiteitsprovider.html"
    form_class = IdentiteitsProviderForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.organisatie = selectors.organisatie_get_for_user(request.actor, kwargs["pk"])
            self.provider = IdentiteitsProvider.objects.filter(organisatie=self.organisatie).first()
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs(self):
        return [
            (_("Organisaties"), reverse("accounts:organisaties")),
            (str(self.organisatie), reverse("accounts:organisatie_detail", args=[self.organisatie.pk])),
            (_("Identiteitsprovider"), None),
        ]

    def get_initial(self):
        p = self.provider
        if p is None:
            return {"actief": True}
        return {
            "issuer": p.issuer,
            "discovery_url": p.discovery_url,
            "client_id": p.client_id,
            "email_domeinen": p.email_domeinen,
            "mfa_acr_waarden": p.mfa_acr_waarden,
            "actief": p.actief,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["organisatie"] = self.organisatie
        ctx["provider"] = self.provider
        ctx["redirect_uri"] = self.request.build_absolute_uri(reverse("accounts:oidc_callback"))
        return ctx

    def form_valid(self, form):
        try:
            services.identiteitsprovider_opslaan(
                actor=self.request.actor, organisatie=self.organisatie, request=self.request, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(
            self.request, _("De identiteitsprovider van %(org)s is opgeslagen.") % {"org": self.organisatie}
        )
        return redirect("accounts:identiteitsprovider", pk=self.organisatie.pk)
