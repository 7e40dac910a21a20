"""Views of the monitor: thin. Analysts run waves; gemeenten and regions see their results;
respondents answer by personal link without an account (the ``Invullen*`` views)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.achtergrond import werker_achter
from kompas.core.downloads import download
from kompas.core.views import Breadcrumbs, PolicyRequiredMixin
from kompas.monitor import (
    codering,
    invullen,
    jobs,
    opschoning,
    rapport,
    selectors,
    services,
    uitnodigingen,
)
from kompas.monitor.analyse import uitsplitsingen_kiezen
from kompas.monitor.eigendom import Respondent
from kompas.monitor.forms import (
    BeslissingForm,
    BestandForm,
    CategorieForm,
    CoderingenForm,
    ContactForm,
    MetingForm,
    PeriodeForm,
    RapportForm,
    UitgenodigdenForm,
    UitsplitsingForm,
)
from kompas.monitor.models import (
    Inlezing,
    Meting,
    Opschoonstap,
    Rapport,
    Uitnodiging,
)
from kompas.monitor.policies import policy
from kompas.monitor.services import MonitorFout


class AnalistMixin(PolicyRequiredMixin, Breadcrumbs):
    policy = policy
    action = "beheren"

    meting = None

    def load(self, code=None, **kwargs):
        self.meting = get_object_or_404(Meting, code=code) if code else None

    def get_breadcrumbs(self):
        crumbs = [(_("Monitor"), reverse("monitor:metingen"))]
        if self.meting:
            crumbs.append((self.meting.naam, reverse("monitor:meting", args=[self.meting.code])))
        return crumbs + [(self.titel, None)] if getattr(self, "titel", None) else crumbs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["meting"] = self.meting
        ctx["titel"] = getattr(self, "titel", "")
        return ctx


class MetingenView(AnalistMixin, TemplateView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    template_name = "monitor/metingen.html"

    def get_breadcrumbs(self):
        return [(_("Monitor"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["metingen"] = selectors.metingen_overzicht()
        return ctx


class MetingNieuwView(AnalistMixin, FormView):
    template_name = "monitor/meting_form.html"
    form_class = MetingForm
    titel = gettext_lazy("Nieuwe meting")

    def form_valid(self, form):
        meting = services.meting_aanmaken(
            data=form.cleaned_data, kopieren=form.cleaned_data["kopieren"], actor=self.request.actor
        )
        messages.success(self.request, _("Meting %(naam)s is aangemaakt.") % {"naam": meting.naam})
        return redirect("monitor:meting", code=meting.code)


class MetingView(AnalistMixin, TemplateView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    template_name = "monitor/meting.html"

    def get_breadcrumbs(self):
        return [(_("Monitor"), reverse("monitor:metingen")), (self.meting.naam, None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # the figures are drawn from the fragment cache (the template's, under the key of the
        # version of everything they are computed from): only a view that draws them reads them
        ctx["cache_sleutel"] = selectors.meting_sleutel(self.meting)
        ctx["voortgang"] = SimpleLazyObject(lambda: selectors.voortgang(self.meting))
        ctx["periode_form"] = kwargs.get("periode_form") or PeriodeForm(instance=self.meting)
        ctx["aantallen"] = SimpleLazyObject(lambda: selectors.meting_aantallen(self.meting))
        ctx["koppen"] = [
            _("Uitgenodigd"),
            _("Niet uitgenodigd"),
            _("Gemaild"),
            _("Begonnen"),
            _("Ingediend"),
            _("Respons na opschonen"),
            _("Volledig na opschonen"),
            _("Onbestelbaar"),
            _("Afgemeld"),
        ]
        return ctx

    def post(self, request, *args, **kwargs):
        if "sluiten" in request.POST or "heropenen" in request.POST:
            gesloten = "sluiten" in request.POST
            services.meting_sluiten(meting=self.meting, gesloten=gesloten, actor=request.actor)
            messages.success(request, _("De meting is gesloten.") if gesloten else _("De meting is weer open."))
            return redirect("monitor:meting", code=self.meting.code)
        form = PeriodeForm(request.POST, instance=self.meting)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(periode_form=form))
        services.meting_instellen(meting=self.meting, data=form.cleaned_data, actor=request.actor)
        messages.success(request, _("De instellingen zijn opgeslagen."))
        return redirect("monitor:meting", code=self.meting.code)


class UitnodigingenView(AnalistMixin, TemplateView):
    template_name = "monitor/uitnodigingen.html"
    titel = gettext_lazy("Uitnodigingen")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter"] = self.request.GET.get("status", "")
        ctx["zoek"] = self.request.GET.get("zoek", "")[:100]
        alle = selectors.uitnodigingen(self.meting, ctx["filter"], ctx["zoek"])
        # 353 gemeenten and 30 ZVH on one page was a 37,000 px wall: 50 per page, filters kept
        ctx["aantal"] = len(alle)
        ctx["page"] = Paginator(alle, 50).get_page(self.request.GET.get("pagina"))
        ctx["uitnodigingen"] = ctx["page"].object_list
        ctx["query"] = urlencode({k: v for k, v in (("status", ctx["filter"]), ("zoek", ctx["zoek"])) if v})
        ctx["contact_form"] = kwargs.get("contact_form") or ContactForm()
        ctx["lijst_form"] = kwargs.get("lijst_form") or UitgenodigdenForm()
        ctx["verslag"] = kwargs.get("verslag")
        ctx["filters"] = [(k, label) for k, (label, _q) in selectors.STATUSFILTERS.items()]
        ctx["werker_achter"] = werker_achter(task_paths=["kompas.monitor.tasks.uitnodiging_mailen"])
        return ctx

    def post(self, request, *args, **kwargs):
        actie = request.POST.get("actie")
        if actie == "aanmaken":
            n = uitnodigingen.uitnodigingen_aanmaken(meting=self.meting, actor=request.actor)
            messages.success(
                request, ngettext("%(n)d uitnodiging klaargezet.", "%(n)d uitnodigingen klaargezet.", n) % {"n": n}
            )
        elif actie == "versturen":
            n = uitnodigingen.uitnodigingen_versturen(meting=self.meting, actor=request.actor)
            messages.success(
                request,
                ngettext("%(n)d uitnodiging wordt verstuurd.", "%(n)d uitnodigingen worden verstuurd.", n) % {"n": n},
            )
        elif actie == "contacten":
            form = ContactForm(request.POST, request.FILES)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(contact_form=form))
            verslag = uitnodigingen.contacten_importeren(
                meting=self.meting, inhoud=form.cleaned_data["bestand"].read(), actor=request.actor
            )
            return self.render_to_response(self.get_context_data(verslag=verslag))
        elif actie == "heropenen":
            u = get_object_or_404(Uitnodiging, meting=self.meting, pk=request.POST.get("uitnodiging"))
            invullen.inzending_heropenen(uitnodiging=u, actor=request.actor)
            messages.success(
                request,
                _(
                    "De vragenlijst van %(org)s is heropend: met de persoonlijke link kunnen de antwoorden weer "
                    "worden gewijzigd en opnieuw ingediend."
                )
                % {"org": u.organisatie_naam},
            )
        elif actie == "lijst":
            form = UitgenodigdenForm(request.POST, request.FILES)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(lijst_form=form))
            verslag = uitnodigingen.uitgenodigden_importeren(
                meting=self.meting, inhoud=form.cleaned_data["bestand"].read(), actor=request.actor
            )
            return self.render_to_response(self.get_context_data(verslag=verslag))
        elif actie == "adres":
            u = get_object_or_404(Uitnodiging, meting=self.meting, pk=request.POST.get("uitnodiging"))
            uitnodigingen.contact_toevoegen(uitnodiging=u, email=request.POST.get("email", ""), actor=request.actor)
            messages.success(
                request,
                _("Het adres van %(org)s is toegevoegd; verstuur de uitnodigingen om hen alsnog uit te nodigen.")
                % {"org": u.organisatie_naam},
            )
        elif actie in ("onbestelbaar", "afgemeld", "herstellen"):
            u = get_object_or_404(Uitnodiging, meting=self.meting, pk=request.POST.get("uitnodiging"))
            uitnodigingen.markeren(uitnodiging=u, wat=actie, actor=request.actor)
            messages.success(request, _("%(org)s is bijgewerkt.") % {"org": u.organisatie_naam})
        else:
            messages.error(request, _("Onbekende actie."))
        # back to the page, filter and search the action was taken on
        return redirect(request.get_full_path())


class ImporterenView(AnalistMixin, FormView):
    template_name = "monitor/importeren.html"
    form_class = BestandForm
    titel = gettext_lazy("Antwoorden inlezen")
    weigering_veld = "bestand"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["bestand"].help_text = format_html(
            _(
                'Het uitwisselformaat van de monitor; zie de <a class="utrecht-link" href="{url}">handleiding</a> '
                "en de sjablonen hierboven."
            ),
            url=reverse("monitor:handleiding"),
        )
        return form

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["inlezingen"] = Inlezing.objects.filter(meting=self.meting).defer("inhoud", "verslag")[:5]
        return ctx

    def form_valid(self, form):
        bestand = form.cleaned_data["bestand"]
        inl = jobs.inlezing_aanvragen(
            meting=self.meting, inhoud=bestand.read(), bestandsnaam=bestand.name, actor=self.request.actor
        )
        return redirect("monitor:inlezing", code=self.meting.code, pk=inl.pk)


class InlezingView(AnalistMixin, TemplateView):
    """Progress of an uploaded file (rows read of the file's rows), then its result."""

    template_name = "monitor/inlezing.html"
    titel = gettext_lazy("Antwoorden inlezen")

    def get_template_names(self):
        return ["monitor/_inlezing_voortgang.html"] if self.request.headers.get("HX-Request") else [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        inl = get_object_or_404(Inlezing.objects.defer("inhoud"), meting=self.meting, pk=kwargs["pk"])
        ctx["inlezing"] = inl
        ctx["verslag"] = services.ImportVerslag.uit_json(inl.verslag) if inl.status == Inlezing.Status.KLAAR else None
        ctx["niet_opgepakt"] = inl.status == Inlezing.Status.WACHT and werker_achter(
            task_paths=["kompas.monitor.jobs.inzendingen_inlezen"]
        )
        return ctx


class SjabloonView(AnalistMixin, View):
    """An empty file in the exchange format of one questionnaire: the header row only."""

    def get(self, request, code):
        code = (
            request.GET.get("vragenlijst")
            or self.meting.vragenlijsten.order_by("doelgroep", "code").values_list("code", flat=True).first()
        )
        lijst = get_object_or_404(self.meting.vragenlijsten, code=code or "")
        return download(services.sjabloon(lijst=lijst), f"sjabloon-{lijst.code}.csv")


class HandleidingView(AnalistMixin, TemplateView):
    """The analyst's manual (docs/monitor-handleiding.md), rendered in Kompas."""

    template_name = "monitor/handleiding.html"
    titel = gettext_lazy("Handleiding voor de analist")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["inhoud"] = services.handleiding_html()
        return ctx


class OpschonenView(AnalistMixin, TemplateView):
    template_name = "monitor/opschonen.html"
    titel = gettext_lazy("Opschonen")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.opschonen_overzicht(self.meting))
        ctx["ingetrokken"] = Opschoonstap.objects.filter(meting=self.meting, ingetrokken_op__isnull=False)
        return ctx

    def post(self, request, *args, **kwargs):
        actie = request.POST.get("actie")
        if actie == "regels":
            genomen = opschoning.regels_toepassen(meting=self.meting, actor=request.actor)
            messages.success(
                request,
                ngettext(
                    "%(n)d beslissing volgens de regels genomen.",
                    "%(n)d beslissingen volgens de regels genomen.",
                    len(genomen),
                )
                % {"n": len(genomen)},
            )
        elif actie == "overige_anders":
            stappen = opschoning.overige_anders(meting=self.meting, actor=request.actor)
            n = sum(len(s.inzendingen) for s in stappen)
            messages.success(
                request, ngettext("%(n)d antwoord blijft 'anders'.", "%(n)d antwoorden blijven 'anders'.", n) % {"n": n}
            )
        elif actie == "intrekken":
            stap = get_object_or_404(Opschoonstap, meting=self.meting, pk=request.POST.get("stap"))
            opschoning.stap_intrekken(stap=stap, actor=request.actor)
            messages.success(request, _("De beslissing is ingetrokken."))
        else:
            form = BeslissingForm(request.POST)
            if not form.is_valid():
                raise opschoning.OpschoonFout(
                    _("De beslissing is onvolledig: ") + "; ".join(e for errs in form.errors.values() for e in errs)
                )
            stap = opschoning.beslissen(meting=self.meting, actor=request.actor, **form.cleaned_data)
            if stap.soort == Opschoonstap.Soort.HERCODEREN:
                tekst = (
                    _("Vastgelegd: het antwoord blijft 'anders'.")
                    if stap.naar == "anders"
                    else _("Vastgelegd: %(v)s → %(n)s.") % {"v": stap.vraag_code, "n": stap.naar}
                )
            else:
                tekst = _("Vastgelegd: %(s)s (%(v)d → %(n)d responsen).") % {
                    "s": stap.get_soort_display(),
                    "v": stap.voor,
                    "n": stap.na,
                }
            messages.success(request, tekst)
        return redirect("monitor:opschonen", code=self.meting.code)


class CoderenView(AnalistMixin, TemplateView):
    """Coding per questionnaire and question: the cleaned answers grouped by identical text,
    one coding per group; CSV out and in; the previous wave's codebook taken over."""

    template_name = "monitor/coderen.html"
    titel = gettext_lazy("Open antwoorden coderen")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        bron = self.request.POST if self.request.method == "POST" else self.request.GET
        ctx.update(
            selectors.codeerscherm(
                self.meting,
                bron.get("vragenlijst", ""),
                bron.get("vraag", ""),
                zoek=bron.get("zoek", ""),
                ongecodeerd=bool(bron.get("ongecodeerd")),
                pagina=bron.get("pagina", 1),
            )
        )
        # the filters as a query string, for the question links, the page links and the way back after a POST
        ctx["filter_query"] = urlencode(
            {k: v for k, v in (("zoek", ctx["zoek"]), ("ongecodeerd", "1" if ctx["ongecodeerd"] else "")) if v}
        )
        # where every POST of the screen returns to, also when it is refused (WeigeringMiddleware reads it)
        ctx["terug_url"] = self._url(
            {
                "vragenlijst": ctx["lijst"].code if ctx.get("lijst") else "",
                "vraag": ctx["vraag"].code if ctx.get("vraag") else "",
                "zoek": ctx["zoek"],
                "ongecodeerd": "1" if ctx["ongecodeerd"] else "",
                "pagina": ctx["blad"].number if ctx.get("blad") and ctx["blad"].number > 1 else "",
            }
        )
        ctx["categorie_form"] = CategorieForm()
        ctx["import_form"] = kwargs.get("import_form") or CoderingenForm()
        ctx["verslag"] = kwargs.get("verslag")
        return ctx

    def _url(self, staat) -> str:
        """The screen with this questionnaire, question, filters and page."""
        url = reverse("monitor:coderen", args=[self.meting.code])
        query = urlencode(
            {k: staat.get(k, "") for k in ("vragenlijst", "vraag", "zoek", "ongecodeerd", "pagina") if staat.get(k, "")}
        )
        return f"{url}?{query}" if query else url

    def _terug(self):
        """Back to the screen as it was: the same questionnaire, question, filters and page."""
        return redirect(self._url(self.request.POST))

    def post(self, request, *args, **kwargs):
        # a refusal (MonitorFout, CodeerFout) goes back to the same screen through WeigeringMiddleware,
        # which follows the ``next`` every form of the screen posts (_codeer_staat.html)
        actie = request.POST.get("actie")
        if actie == "categorie":
            form = CategorieForm(request.POST)
            if not form.is_valid():
                raise MonitorFout(_("Geef de categorie een omschrijving."))
            services.categorie_toevoegen(meting=self.meting, actor=request.actor, **form.cleaned_data)
        elif actie == "overnemen":
            n = codering.codeboek_overnemen(meting=self.meting, actor=request.actor)
            messages.success(
                request, ngettext("%(n)d categorie overgenomen.", "%(n)d categorieën overgenomen.", n) % {"n": n}
            )
        elif actie == "importeren":
            form = CoderingenForm(request.POST, request.FILES)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(import_form=form))
            bestand = form.cleaned_data["bestand"]
            verslag = codering.importeren(
                meting=self.meting, inhoud=bestand.read(), bestandsnaam=bestand.name, actor=request.actor
            )
            return self.render_to_response(self.get_context_data(verslag=verslag))
        else:
            lijst = self.meting.vragenlijsten.filter(code=request.POST.get("vragenlijst", "")).first()
            if lijst is None:
                raise codering.CodeerFout(_("Kies een vragenlijst en een vraag."))
            n = codering.scherm_opslaan(
                meting=self.meting,
                lijst=lijst,
                vraag_code=request.POST.get("vraag", ""),
                data=request.POST,
                actor=request.actor,
            )
            messages.success(
                request, ngettext("%(n)d antwoord gecodeerd.", "%(n)d antwoorden gecodeerd.", n) % {"n": n}
            )
        return self._terug()


class CoderingenExportView(AnalistMixin, View):
    """Every cleaned open text with its coding, as CSV (audited)."""

    def get(self, request, code):
        return download(
            codering.exporteren(meting=self.meting, actor=request.actor), f"{self.meting.code}-coderingen.csv"
        )


class RapportView(AnalistMixin, TemplateView):
    template_name = "monitor/rapport.html"
    titel = gettext_lazy("Rapport")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # the breakdowns chosen at report time: the page shows them, the file is made with them
        kies = UitsplitsingForm(self.request.GET if "uitsplitsing" in self.request.GET else None)
        keuze = kies.cleaned_data["uitsplitsing"] if kies.is_bound and kies.is_valid() else None
        # the report itself is drawn once per version of the wave (rapport.pagina_inhoud)
        ctx["uitsplitsingen"] = uitsplitsingen_kiezen(keuze)
        ctx["rapport_inhoud"] = rapport.pagina_inhoud(self.meting, uitsplitsingen=keuze)
        ctx["uitsplitsing_form"] = kies
        ctx["rapport_form"] = kwargs.get("rapport_form") or RapportForm()
        ctx["rapporten"] = list(Rapport.objects.filter(meting=self.meting).defer("inhoud")[:5])
        for r in ctx["rapporten"]:
            r.indelingen = rapport.indelingen(r)
        return ctx

    def post(self, request, *args, **kwargs):
        form = RapportForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(rapport_form=form))
        r = services.rapport_aanvragen(
            meting=self.meting,
            formaat=form.cleaned_data["formaat"],
            actor=request.actor,
            uitsplitsingen=form.cleaned_data["uitsplitsing"],
        )
        return redirect("monitor:rapport_status", code=self.meting.code, pk=r.pk)


class RapportStatusView(AnalistMixin, TemplateView):
    template_name = "monitor/rapport_status.html"
    titel = gettext_lazy("Rapport maken")

    def get_template_names(self):
        return ["monitor/_rapport_voortgang.html"] if self.request.headers.get("HX-Request") else [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rapport"] = get_object_or_404(Rapport.objects.defer("inhoud"), meting=self.meting, pk=kwargs["pk"])
        ctx["rapport"].indelingen = rapport.indelingen(ctx["rapport"])
        ctx["niet_opgepakt"] = rapport.niet_opgepakt(ctx["rapport"])
        return ctx


class RapportDownloadView(AnalistMixin, View):
    def get(self, request, code, pk):
        r = get_object_or_404(Rapport, meting=self.meting, pk=pk, status=Rapport.Status.KLAAR)
        audit_log_create(
            actie=Actie.EXPORT,
            actor=request.actor,
            obj=self.meting,
            object_repr=f"rapport {r.bestandsnaam}",
            request=request,
        )
        return download(bytes(r.inhoud), r.bestandsnaam)


class ExportView(AnalistMixin, View):
    """The cleaned data set in the exchange format, per questionnaire (audited)."""

    def get(self, request, code):
        code = (
            request.GET.get("vragenlijst")
            or self.meting.vragenlijsten.order_by("doelgroep", "code").values_list("code", flat=True).first()
        )
        lijst = get_object_or_404(self.meting.vragenlijsten, code=code or "")
        inhoud = services.opgeschoond_exporteren(meting=self.meting, lijst=lijst, actor=request.actor)
        return download(inhoud, f"{self.meting.code}-{lijst.code}-opgeschoond.csv")


# --- gemeente and region -----------------------------------------------------------------


class MijnResultatenView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "eigen_resultaten"
    template_name = "monitor/mijn.html"

    def get_breadcrumbs(self):
        return [(_("Monitor: onze resultaten"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["metingen"] = selectors.metingen_voor_gemeente(self.request.actor)
        return ctx


class MijnMetingView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    policy = policy
    action = "eigen_resultaten"
    deny_as_404 = True
    template_name = "monitor/mijn_meting.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.gemeente_vergelijking(self.request.actor, kwargs["code"]))
        audit_log_create(
            actie=Actie.VIEW,
            actor=self.request.actor,
            obj=ctx["meting"],
            object_repr=f"eigen monitorantwoorden {kwargs['code']}",
            request=self.request,
        )
        ctx["breadcrumbs"] = [(_("Monitor: onze resultaten"), reverse("monitor:mijn")), (ctx["meting"].naam, None)]
        return ctx


class MijnDownloadView(PolicyRequiredMixin, View):
    policy = policy
    action = "eigen_resultaten"
    deny_as_404 = True

    def get(self, request, code):
        inhoud, meting = selectors.gemeente_csv(request.actor, code)
        audit_log_create(
            actie=Actie.EXPORT,
            actor=request.actor,
            obj=meting,
            object_repr=f"eigen monitorantwoorden {code} (CSV)",
            request=request,
        )
        return download(inhoud, f"monitor-{code}-{request.actor.organisatie.cbs_code}.csv")


class RegioResultatenView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    policy = policy
    action = "regio_resultaten"
    template_name = "monitor/regio.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.regio_resultaten(self.request.actor, self.request.GET.get("meting", "")))
        ctx["breadcrumbs"] = [(_("Monitor: de regio"), None)]
        return ctx


# --- answering by personal link -------------------------------------------------------


def _uitnodiging(request, token: str) -> Uitnodiging:
    u = uitnodigingen.uitnodiging_voor_token(token)
    if u is None:
        raise Http404
    return u


def _gesloten(request, u: Uitnodiging):
    return render(request, "monitor/invullen_gesloten.html", {"uitnodiging": u}, status=410)


def _ingediend(request, u: Uitnodiging, inz, *, geweigerd: bool):
    """A submitted link is read-only: the submission date and the answers as submitted. A
    save that arrives anyway (a colleague's open page, an autosave) is refused with 409; a
    second 'indienen' just shows the submission."""
    if request.headers.get("HX-Request"):  # htmx swaps only 2xx: say it where the autosave status goes
        return render(request, "monitor/_autosave.html", {"inzending": inz, "ingediend": True})
    return render(
        request,
        "monitor/invullen_ingediend.html",
        {
            "uitnodiging": u,
            "inzending": inz,
            "token": u.token,
            "geweigerd": geweigerd,
            "samenvatting": selectors.samenvatting(u.vragenlijst, inz.antwoorden),
        },
        status=409 if geweigerd else 200,
    )


class TokenView(View):
    """A page behind a personal link: the link must be genuine (else 404), the wave open
    (else 410, and nothing is read or saved) and the answers not yet submitted (else the
    read-only page)."""

    post_wijzigt = True  # a POST here changes answers (refused once submitted)

    def dispatch(self, request, token, *args, **kwargs):
        self.uitnodiging = _uitnodiging(request, token)
        if not self.uitnodiging.meting.is_open():
            return _gesloten(request, self.uitnodiging)
        geweigerd = request.method == "POST" and self.post_wijzigt
        self.inzending = invullen.inzending_van(self.uitnodiging)
        if self.inzending is not None and self.inzending.ingediend_op:
            return _ingediend(request, self.uitnodiging, self.inzending, geweigerd=geweigerd)
        try:
            return super().dispatch(request, token, *args, **kwargs)
        except invullen.AlIngediend as exc:  # submitted by a colleague while this request ran
            return _ingediend(request, self.uitnodiging, exc.inzending, geweigerd=geweigerd)


class InvullenStartView(TokenView):
    template_name = "monitor/invullen_start.html"

    def get(self, request, token):
        u = self.uitnodiging
        inz = self.inzending
        keuzes = invullen.mede_gemeenten_keuzes(u)
        form = invullen.StartForm(keuzes=keuzes, initial={"mede": (inz.organisaties[1:] if inz else [])})
        return render(request, self.template_name, self._context(u, inz, form))

    def _context(self, u, inz, form):
        paginas = invullen.paginas(u.vragenlijst)
        antwoorden = inz.antwoorden if inz else {}
        verder = invullen.verder_op(paginas, antwoorden)
        return {
            "uitnodiging": u,
            "inzending": inz,
            "form": form,
            "paginas": paginas,
            "verder": verder,
            "token": u.token,
            "voortgang": invullen.voortgang(paginas, inz),
        }

    def post(self, request, token):
        u = self.uitnodiging
        form = invullen.StartForm(request.POST, keuzes=invullen.mede_gemeenten_keuzes(u))
        if not form.is_valid():
            return render(request, self.template_name, self._context(u, self.inzending, form))
        inz = invullen.mede_gemeenten_opslaan(actor=Respondent(token), uitnodiging=u, codes=form.cleaned_data["mede"])
        return redirect(
            "monitor:invullen_pagina",
            token=token,
            nummer=invullen.verder_op(invullen.paginas(u.vragenlijst), inz.antwoorden),
        )


class InvullenPaginaView(TokenView):
    template_name = "monitor/invullen_pagina.html"

    def _setup(self, nummer):
        u = self.uitnodiging
        paginas = invullen.paginas(u.vragenlijst)
        if not 1 <= nummer <= len(paginas):
            raise Http404
        return u, paginas, paginas[nummer - 1]

    def _render(self, u, paginas, pagina, form, inz):
        return render(
            self.request,
            self.template_name,
            {
                "uitnodiging": u,
                "paginas": paginas,
                "pagina": pagina,
                "form": form,
                "token": u.token,
                "voortgang": invullen.voortgang(paginas, inz, bij=pagina.nummer),
                "groepen": form.matrixgroepen(),
                "laatste": pagina.nummer == len(paginas),
                "inzending": inz,
            },
        )

    def get(self, request, token, nummer):
        u, paginas, pagina = self._setup(nummer)
        inz = self.inzending
        form = invullen.PaginaForm(pagina=pagina, antwoorden=inz.antwoorden if inz else {})
        return self._render(u, paginas, pagina, form, inz)

    def post(self, request, token, nummer):
        u, paginas, pagina = self._setup(nummer)
        inz = self.inzending
        form = invullen.PaginaForm(request.POST, pagina=pagina, antwoorden=inz.antwoorden if inz else {})
        geldig = form.is_valid()
        inz = invullen.pagina_opslaan(actor=Respondent(token), uitnodiging=u, form=form)
        actie = request.POST.get("actie", "volgende")
        if request.headers.get("HX-Request") and actie == "autosave":
            return render(
                request,
                "monitor/_autosave.html",
                {"inzending": inz, "geweigerd": [form.errors[n][0] for n in form.geweigerd()]},
            )
        if form.geweigerd():  # a refused answer: stay on the page with the message and the text as typed
            return self._render(u, paginas, pagina, form, inz)
        if actie == "vorige":
            return redirect("monitor:invullen_pagina", token=token, nummer=max(1, nummer - 1))
        if actie == "opslaan":
            return render(
                request, "monitor/invullen_opgeslagen.html", {"uitnodiging": u, "token": u.token, "inzending": inz}
            )
        # 'volgende': required answers must be there before moving on (what was valid is saved)
        if not geldig:
            return self._render(u, paginas, pagina, form, inz)
        if nummer < len(paginas):
            return redirect("monitor:invullen_pagina", token=token, nummer=nummer + 1)
        return redirect("monitor:invullen_versturen", token=token)


class InvullenVersturenView(TokenView):
    template_name = "monitor/invullen_versturen.html"
    post_wijzigt = False  # submitting twice is no change: the second shows the submission

    def _context(self, u, inz):
        antwoorden = inz.antwoorden if inz else {}
        paginas = invullen.paginas(u.vragenlijst)
        return {
            "uitnodiging": u,
            "inzending": inz,
            "token": u.token,
            "paginas": paginas,
            "ontbrekend": invullen.ontbrekende_verplichte(u.vragenlijst, antwoorden),
            "samenvatting": selectors.samenvatting(u.vragenlijst, antwoorden),
            "voortgang": invullen.voortgang(paginas, inz, bij=len(paginas) + 1),
        }

    def get(self, request, token):
        return render(request, self.template_name, self._context(self.uitnodiging, self.inzending))

    def post(self, request, token):
        u = self.uitnodiging
        try:
            inz = invullen.indienen(actor=Respondent(token), uitnodiging=u)
        except invullen.NietCompleet:
            ctx = self._context(u, invullen.inzending_van(u))
            ctx["fout"] = True
            return render(request, self.template_name, ctx, status=200)
        return render(request, "monitor/invullen_bedankt.html", {"uitnodiging": u, "token": u.token, "inzending": inz})


class AfmeldenView(View):
    def get(self, request, token):
        return render(request, "monitor/afmelden.html", {"uitnodiging": _uitnodiging(request, token), "token": token})

    def post(self, request, token):
        u = _uitnodiging(request, token)
        uitnodigingen.markeren(uitnodiging=u, wat="afgemeld", actor=Respondent(token))
        return render(request, "monitor/afmelden.html", {"uitnodiging": u, "token": token, "klaar": True})
