from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from kompas.core.tabular import TabelFout, controleer_grootte
from kompas.core.views import Breadcrumbs, PolicyRequiredMixin
from kompas.regio import selectors
from kompas.regio.models import Gemeente, Herindeling, Indeling, Regio
from kompas.regio.policies import policy
from kompas.regio.services import ImportFout, lidmaatschappen_importeren, tekst_van_bestand


class RegioView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "view_regio"


class GemeentenView(RegioView):
    template_name = "regio/gemeenten.html"
    breadcrumbs = [(gettext_lazy("Gemeenten en regio's"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        jaren = selectors.beschikbare_jaren()
        try:
            jaar = int(self.request.GET.get("jaar") or selectors.huidig_jaar())
        except ValueError:
            jaar = selectors.huidig_jaar()
        q = self.request.GET.get("q", "").strip()
        qs = selectors.gemeenten_in_jaar(jaar).prefetch_related("lidmaatschappen__regio")
        if q:
            qs = qs.filter(Q(naam__icontains=q) | Q(cbs_code__iexact=q) | Q(provincie__icontains=q))
        ctx.update(
            jaren=jaren,
            jaar=jaar,
            q=q,
            totaal=qs.count(),
            page=Paginator(qs, 50).get_page(self.request.GET.get("pagina")),
            query=urlencode({k: v for k, v in (("jaar", jaar), ("q", q)) if v}),
        )
        return ctx


class GemeenteDetailView(RegioView):
    template_name = "regio/gemeente_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        g = get_object_or_404(
            Gemeente.objects.prefetch_related("lidmaatschappen__regio"),
            jaar=kwargs["jaar"],
            cbs_code=kwargs["cbs_code"].upper(),
        )
        self.gemeente = g
        ctx["gemeente"] = g
        ctx["andere_jaren"] = Gemeente.objects.filter(cbs_code=g.cbs_code).exclude(pk=g.pk).order_by("-jaar")
        ctx["herindelingen"] = Herindeling.objects.filter(
            Q(delen__van_code=g.cbs_code) | Q(delen__naar_code=g.cbs_code)
        ).distinct()
        ctx["breadcrumbs"] = [(_("Gemeenten en regio's"), reverse("regio:gemeenten")), (str(g), None)]
        return ctx


class RegiosView(RegioView):
    template_name = "regio/regios.html"
    breadcrumbs = [(gettext_lazy("Gemeenten en regio's"), "/regio/"), (gettext_lazy("Regio-indelingen"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        jaar = selectors.huidig_jaar()
        regios = Regio.objects.annotate(aantal=Count("lidmaatschappen", filter=Q(lidmaatschappen__gemeente__jaar=jaar)))
        ctx["indelingen"] = [(label, [r for r in regios if r.indeling == value]) for value, label in Indeling.choices]
        ctx["jaar"] = jaar
        return ctx


class RegioDetailView(RegioView):
    template_name = "regio/regio_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        regio = get_object_or_404(Regio, pk=kwargs["pk"])
        jaar = selectors.huidig_jaar()
        gemeenten = selectors.gemeenten_in_regio(regio, jaar)
        ctx.update(regio=regio, jaar=jaar, gemeenten=gemeenten, inwoners=sum(g.inwoners or 0 for g in gemeenten))
        ctx["breadcrumbs"] = [
            (_("Gemeenten en regio's"), reverse("regio:gemeenten")),
            (_("Regio-indelingen"), reverse("regio:regios")),
            (regio.naam, None),
        ]
        return ctx


class HerindelingenView(RegioView):
    template_name = "regio/herindelingen.html"
    breadcrumbs = [(gettext_lazy("Gemeenten en regio's"), "/regio/"), (gettext_lazy("Herindelingen"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["herindelingen"] = Herindeling.objects.prefetch_related("delen").order_by("-ingangsdatum")
        return ctx


class MembershipImportForm(forms.Form):
    jaar = forms.IntegerField(label=gettext_lazy("Jaar van de indeling"), min_value=2000, max_value=2100)
    bestand = forms.FileField(
        label=gettext_lazy("CSV-bestand"),
        help_text=gettext_lazy(
            "Kolommen: indeling (zvh of vrouwenopvang), regio_code, regio_naam, cbs_code en eventueel "
            "centrumgemeente. Scheidingsteken ; of ,."
        ),
    )

    def clean_bestand(self):
        f = self.cleaned_data["bestand"]
        try:
            controleer_grootte(f.size)
            return tekst_van_bestand(f.read())
        except (TabelFout, ImportFout) as exc:
            raise forms.ValidationError(str(exc)) from exc


class MembershipImportView(PolicyRequiredMixin, Breadcrumbs, FormView):
    policy = policy
    action = "manage_regio"
    template_name = "regio/lidmaatschappen_import.html"
    form_class = MembershipImportForm
    weigering_veld = "bestand"
    breadcrumbs = [
        (gettext_lazy("Gemeenten en regio's"), "/regio/"),
        (gettext_lazy("Lidmaatschappen importeren"), None),
    ]

    def get_initial(self):
        return {"jaar": selectors.huidig_jaar()}

    def form_valid(self, form):
        result = lidmaatschappen_importeren(
            text=form.cleaned_data["bestand"], jaar=form.cleaned_data["jaar"], actor=self.request.actor
        )
        messages.success(self.request, _("%(n)d lidmaatschappen ingelezen.") % {"n": result["lidmaatschappen"]})
        return redirect("regio:regios")
