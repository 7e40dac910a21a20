"""The shell: base mixins every app's views use, the dashboard and the error pages."""

from __future__ import annotations

import contextlib

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView

from kompas.core import paginacache
from kompas.core.dashboards import dashboard_for
from kompas.core.formulieren import fouten_op_formulier
from kompas.core.fouten import Geweigerd
from kompas.core.policy import Policy
from kompas.core.registry import registry


class PolicyRequiredMixin(LoginRequiredMixin):
    """Deny by default: a view names its policy and action; the policy decides.

    Anonymous users go to the login page; logged-in users without the role get a 403.
    Object views fetch through ``*_get_for_user`` selectors, which answer 404.
    """

    policy: Policy | None = None
    action: str | None = None
    # Object pages answer 404 when refused, exactly as for a missing object.
    deny_as_404 = False
    #: served again from memory while nothing it shows changed (kompas.core.paginacache)
    pagina_cache = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.policy is None or self.action is None or not self.policy.allows(request.actor, self.action):
            raise Http404 if self.deny_as_404 else PermissionDenied
        if not self.pagina_cache:
            return self._dispatch(request, *args, **kwargs)
        # the key holds the user, the authorisation's version and the data's version: what was
        # allowed when the page was kept (load() answers 404 for 'not yours') still holds
        return paginacache.via_geheugen(self, request, lambda: self._dispatch(request, *args, **kwargs))

    def _dispatch(self, request, *args, **kwargs):
        self.load(**kwargs)
        if hasattr(self, "form_valid"):
            self._weigering_in_formulier()
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs) -> None:
        """Fetch what the page is about, once the actor may use the page at all. Views fetch
        through selectors scoped to the actor, so 'not yours' answers 404 like 'missing'."""

    #: the form field a refusal belongs to (None: above the form)
    weigering_veld: str | None = None

    def _weigering_in_formulier(self) -> None:
        """A form view's refusal (:class:`~kompas.core.fouten.Geweigerd`) becomes a form error,
        shown with everything the user typed: the one place views translate it (core/fouten.py).
        It wraps the view's own ``form_valid`` (the most derived one), which a mixin method
        could not: the view's override would run outside it."""
        eigen_form_valid = self.form_valid

        def form_valid(form):
            try:
                return eigen_form_valid(form)
            except Geweigerd as exc:
                fouten_op_formulier(form, exc, self.weigering_veld)
                return self.form_invalid(form)

        self.form_valid = form_valid


class Breadcrumbs:
    """Views list their breadcrumb trail as (label, url) pairs; the last one is the page."""

    breadcrumbs: list[tuple[str, str | None]] = []

    def get_breadcrumbs(self):
        return self.breadcrumbs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["breadcrumbs"] = self.get_breadcrumbs()
        return ctx


def home(request):
    return redirect("core:dashboard" if request.user.is_authenticated else "accounts:login")


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "core/dashboard.html"

    def get(self, request, *args, **kwargs):
        # kept in memory while no domain data changed (core/paginacache.py): the panels depend on
        # the roles, and the zelfscan's reminder on the scans
        return paginacache.via_geheugen(self, request, lambda: super(DashboardView, self).get(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        actor = self.request.actor
        ctx["panels"] = dashboard_for(actor)
        for provider in registry.dashboard_context:  # e.g. the zelfscan's evaluation reminder
            ctx.update(provider(actor))
        return ctx


class AccessibilityView(TemplateView):
    template_name = "core/toegankelijkheid.html"


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_mislukt(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form posted from a page whose token no longer holds (logged out
    or in again in another tab, a page left open for long). Says what happened and how not to
    lose the text, in the shell, instead of Django's bare English-style page."""
    terug = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        terug, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        terug = ""
    return render(request, "403_csrf.html", {"terug": terug}, status=403)


@cache_control(max_age=86400, public=True)
def favicon(request):
    """``/favicon.ico``: browsers and tools ask for it on every site; the pages link the SVG."""

    with open(finders.find("kompas/favicon.ico"), "rb") as f:
        return HttpResponse(f.read(), content_type="image/vnd.microsoft.icon")


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # After a lost database connection the page must not fail on that same connection (the
    # context processors read the user): a connection with errors that no longer works is
    # closed, so the next query opens a fresh one.
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            with contextlib.suppress(Exception):
                conn.close_if_unusable_or_obsolete()
    return render(request, "500.html", status=500)
