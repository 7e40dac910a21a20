from django import forms
from django.conf import settings
from django.http import QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from kompas.audit import selectors, weergave
from kompas.audit.models import Actie
from kompas.audit.policies import policy
from kompas.audit.services import audit_log_create
from kompas.core.paginering import BegrensdePaginator
from kompas.core.tabular import csv_writer
from kompas.core.views import Breadcrumbs, PolicyRequiredMixin
from kompas.core.widgets import DatumInput


class AuditSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Zoek op gebruiker, object of doel"), required=False)
    actie = forms.ChoiceField(
        label=gettext_lazy("Actie"), choices=[("", gettext_lazy("Alle acties"))] + Actie.choices, required=False
    )
    van = forms.DateField(
        label=gettext_lazy("Vanaf"),
        required=False,
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
        widget=DatumInput(),
    )
    tot = forms.DateField(
        label=gettext_lazy("Tot en met"),
        required=False,
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
        widget=DatumInput(),
    )
    zonder_toestemming = forms.BooleanField(
        label=gettext_lazy("Alleen delen zonder toestemming"),
        required=False,
        help_text=gettext_lazy(
            "Gegevens gedeeld zonder toestemming van de betrokkene, op een vermelde wettelijke grondslag."
        ),
    )
    # exact searches, for links such as "everything this user did" or "everything about this signal"
    gebruiker = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    object_type = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    object_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class AuditFilterMixin:
    def filtered(self):
        form = AuditSearchForm(self.request.GET or None)
        qs = selectors.audit_entries_for_actor(self.request.actor)
        if form.is_valid():
            qs = selectors.audit_search(qs, **form.cleaned_data)
        return form, qs


class AuditListView(PolicyRequiredMixin, AuditFilterMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "view_audit"
    template_name = "audit/list.html"
    breadcrumbs = [(gettext_lazy("Auditlog"), None)]
    # kept in memory while no audit record came or went (the audit log is no domain data)
    pagina_cache = True

    def pagina_sleutel_extra(self):
        return selectors.audit_versie()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = AuditSearchForm(self.request.GET or None)
        alles = selectors.audit_entries_for_actor(self.request.actor)  # built once, searched twice
        qs = selectors.audit_search(alles, **form.cleaned_data) if form.is_valid() else alles
        # at most 1,000 rows counted: an exact count of a search over millions of rows on every
        # page view is the slowest part of the page; a narrower search or the export shows more
        page = BegrensdePaginator(qs.values(*weergave.KOLOMMEN), 50).get_page(self.request.GET.get("pagina"))
        # the rows written out in Python (the action's label looked up once per page)
        regels = weergave.regels_html(page.object_list, terug=self.request.GET.urlencode())
        overrides = selectors.audit_search(alles, zonder_toestemming=True)
        ctx.update(
            form=form,
            page=page,
            regels=regels,
            query=self.request.GET.urlencode(),
            bewaartermijn_maanden=settings.KOMPAS_AUDIT_BEWAARTERMIJN_MAANDEN,
            aantal_zonder_toestemming=overrides.count(),
        )
        return ctx


class AuditDetailView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "view_audit"
    template_name = "audit/detail.html"
    deny_as_404 = True

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["entry"] = entry = selectors.audit_entry_get_for_user(self.request.actor, kwargs["pk"])
        audit_log_create(actie=Actie.VIEW, actor=self.request.actor, obj=entry, request=self.request)
        return ctx

    def get_breadcrumbs(self):
        # back to the search the row was found with (a query string, normalised; nothing else)
        terug = QueryDict(self.request.GET.get("terug", "")).urlencode()
        return [(_("Auditlog"), reverse("audit:list") + (f"?{terug}" if terug else "")), (_("Auditregel"), None)]


class _Echo:
    def write(self, value):
        return value


class AuditExportView(PolicyRequiredMixin, AuditFilterMixin, TemplateView):
    policy = policy
    action = "export_audit"

    def get(self, request, *args, **kwargs):
        form, qs = self.filtered()
        audit_log_create(
            actie=Actie.EXPORT,
            actor=request.actor,
            object_type="audit.auditentry",
            object_repr=_("export auditlog"),
            request=request,
            details={"filter": dict(request.GET.items()), "aantal": qs.count()},
        )
        writer = csv_writer(_Echo())
        header = [
            "tijdstip",
            "gebruiker",
            "organisatie",
            "actie",
            "soort object",
            "object-id",
            "object",
            "doel",
            "ip-adres",
        ]

        def rows():
            yield writer.writerow(header)
            for e in qs.iterator(chunk_size=2000):
                yield writer.writerow(
                    [
                        timezone.localtime(e.tijdstip).isoformat(),
                        e.user_repr,
                        e.organisatie_repr,
                        e.get_actie_display(),
                        e.object_type,
                        e.object_id,
                        e.object_repr,
                        e.doel,
                        e.ip_adres or "",
                    ]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="auditlog-{timezone.localdate():%Y%m%d}.csv"'
        return response
