"""Login (password, then TOTP), account pages, and user and organisation management."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts import selectors, services
from kompas.accounts.actor import SESSION_KEY, actor_for
from kompas.accounts.constants import Rol
from kompas.accounts.forms import (
    AppointForm,
    LoginForm,
    OrganisatieForm,
    QueuedPasswordResetForm,
    RolesForm,
    TokenForm,
    UserCreateForm,
)
from kompas.accounts.models import User
from kompas.accounts.policies import policy
from kompas.audit.models import Actie
from kompas.audit.services import audit_log_create
from kompas.core.views import Breadcrumbs, PolicyRequiredMixin


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


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
            user=known, organisatie=organisatie, object_type="accounts.user",
            object_id=known.pk if known else "", object_repr=typed, request=self.request,
        )
        return super().form_invalid(form)


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
        for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                form.add_error("token", _("Te veel onjuiste codes. Wacht even en probeer het opnieuw."))
                return self.form_invalid(form)
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(self.request, device)
                audit_log_create(actie=Actie.OTP_VERIFIED, actor=actor_for(user, None), obj=user, request=self.request)
                return redirect(_safe_next(self.request, reverse("core:dashboard")))
        audit_log_create(actie=Actie.OTP_FAILED, actor=actor_for(user, None), obj=user, request=self.request)
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
        self.device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
            user=request.user, name="Authenticator-app", confirmed=False
        )
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
            form.add_error("token", _("Deze code klopt niet. Controleer of de tijd op uw telefoon goed staat en probeer de code die de app nu toont."))
            return self.form_invalid(form)
        self.device.confirmed = True
        self.device.save()
        otp_login(self.request, self.device)
        audit_log_create(actie=Actie.OTP_DEVICE_ADDED, actor=actor_for(self.request.user, None), obj=self.request.user, request=self.request)
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
        audit_log_create(actie=Actie.UPDATE, actor=self.request.actor, obj=self.request.user, request=self.request, details={"wachtwoord": "gewijzigd"})
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
            user = services.user_create(actor=self.request.actor, base_url=self.request.build_absolute_uri("/"), request=self.request, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("%(naam)s is toegevoegd en krijgt een e-mail om een wachtwoord in te stellen.") % {"naam": user})
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
        offered = {value for value, _label in form.fields["rollen"].choices}
        # roles granted by applicatiebeheer (not on the form) stay as they are
        current = {m.rol for m in self.subject.roles_here} & offered
        wanted = set(form.cleaned_data["rollen"])
        try:
            with transaction.atomic():
                if form.cleaned_data["email"]:
                    services.user_email_change(actor=actor, user=self.subject, email=form.cleaned_data["email"], request=self.request)
                for rol in sorted(wanted - current):
                    services.role_grant(actor=actor, user=self.subject, rol=rol, request=self.request)
                for rol in sorted(current - wanted):
                    services.role_revoke(actor=actor, user=self.subject, rol=rol, request=self.request)
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
        messages.success(request, _("De authenticator-app is ontkoppeld. Bij de volgende keer inloggen koppelt %(naam)s een nieuwe.") % {"naam": self.subject})
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
        ctx["beheerders"] = self.organisatie.lidmaatschappen.filter(rol__in=services.ROLES_ONLY_BY_APPLICATIEBEHEER | {"functioneel_beheerder"}).select_related("user")
        return ctx

    def form_valid(self, form):
        user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is None:
            form.add_error("email", _("Er is geen actief account met dit e-mailadres."))
            return self.form_invalid(form)
        rol = form.cleaned_data["rol"] or Rol.FUNCTIONEEL_BEHEERDER
        try:
            services.rol_toekennen(actor=self.request.actor, organisatie=self.organisatie, user=user, rol=rol, request=self.request)
        except ValidationError as exc:
            form.add_error("rol", exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("%(naam)s is %(rol)s van %(org)s.") % {"naam": user, "rol": Rol(rol).label.lower(), "org": self.organisatie})
        return redirect("accounts:organisatie_detail", pk=self.organisatie.pk)
