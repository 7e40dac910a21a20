"""Views of the zelfscan, the regional overview and the fte calculator. Thin: scoring lives
in ``scoring``, documents in ``documenten``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from kompas.core.bouwstenen import Bouwsteen
from kompas.core.downloads import download
from kompas.core.views import Breadcrumbs, PolicyRequiredMixin
from kompas.regio.constants import Indeling
from kompas.regio.selectors import gemeenten_in_regio, huidig_jaar
from kompas.zelfscan import documenten, scoring, selectors, services, weergave
from kompas.zelfscan.definitie import ANTWOORDEN, ITEMS
from kompas.zelfscan.forms import FteForm, SamenvattingForm, ScanForm, StapForm
from kompas.zelfscan.fte import berekenen
from kompas.zelfscan.models import Zelfscan
from kompas.zelfscan.policies import policy


def _met_fouten(form, exc: ValidationError):
    for fout in exc.messages:
        form.add_error(None, fout)
    return form


class ScanMixin(PolicyRequiredMixin, Breadcrumbs):
    policy = policy
    action = "scannen"

    def crumbs(self, *extra):
        return [(_("Zelfscan"), reverse("zelfscan:overzicht")), *extra]


class OverzichtView(ScanMixin, TemplateView):
    template_name = "zelfscan/overzicht.html"

    def get_breadcrumbs(self):
        return [(_("Zelfscan"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = []
        for scan in selectors.scans(self.request.actor):
            gehaald = scoring.basisniveau(scan.antwoorden)[0]
            rows.append((scan, gehaald))
        ctx["scans"] = rows
        ctx["concept"] = next((s for s, _g in rows if s.status == Zelfscan.Status.CONCEPT), None)
        return ctx

    def post(self, request, *args, **kwargs):
        org = request.actor.organisatie
        concept = selectors.scans(request.actor).filter(status=Zelfscan.Status.CONCEPT).first()
        scan = concept or services.scan_starten(
            cbs_code=org.cbs_code,
            gemeente_naam=selectors.profiel_voor(org.cbs_code).naam or org.naam,
            actor=request.actor,
        )
        return redirect("zelfscan:scan", pk=scan.pk)


class ScanObjectMixin(ScanMixin):
    """Views of one scan of the actor's own gemeente (404 for anything else)."""

    deny_as_404 = True

    def load(self, pk, **kwargs):
        self.scan = selectors.scan_get(self.request.actor, pk)


class ScanView(ScanObjectMixin, View):
    """Resume a scan: the first step with an unanswered statement, else the summary."""

    def get(self, request, *args, **kwargs):
        if self.scan.status == Zelfscan.Status.AFGEROND:
            return redirect("zelfscan:resultaat", pk=self.scan.pk)
        stap = selectors.eerste_open_stap(self.scan.antwoorden)
        return (
            redirect("zelfscan:stap", pk=self.scan.pk, bouwsteen=stap)
            if stap
            else redirect("zelfscan:samenvatting", pk=self.scan.pk)
        )


class StappenMixin(ScanObjectMixin):
    """A page of the scan in steps: the step indicator and 'x van 26 beantwoord'."""

    def get(self, request, *args, **kwargs):
        if self.scan.status == Zelfscan.Status.AFGEROND:
            return redirect("zelfscan:resultaat", pk=self.scan.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        stappen = selectors.stappen(self.scan.antwoorden)
        ctx.update(
            {
                "scan": self.scan,
                "stappen": stappen,
                "n_stappen": len(stappen) + 1,
                "totaal": len(ITEMS),
                "beantwoord": sum(s["beantwoord"] for s in stappen),
            }
        )
        return ctx


class StapView(StappenMixin, TemplateView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    template_name = "zelfscan/stap.html"

    def load(self, pk, bouwsteen, **kwargs):
        super().load(pk)
        if bouwsteen not in Bouwsteen.values:
            raise Http404
        self.bouwsteen = bouwsteen

    def get_breadcrumbs(self):
        return self.crumbs((_("Invullen"), None))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        codes = [s["code"] for s in ctx["stappen"]]
        i = codes.index(self.bouwsteen)
        form = kwargs.get("form") or StapForm(bouwsteen=self.bouwsteen, initial=self.scan.antwoorden)
        ctx.update(
            {
                "form": form,
                "stap": ctx["stappen"][i],
                "vorige": ctx["stappen"][i - 1] if i else None,
                "volgende": ctx["stappen"][i + 1] if i + 1 < len(codes) else None,
            }
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if self.scan.status == Zelfscan.Status.AFGEROND:
            return redirect("zelfscan:resultaat", pk=self.scan.pk)
        form = StapForm(request.POST, bouwsteen=self.bouwsteen)
        geldig = form.is_valid()
        try:
            services.stap_opslaan(
                scan=self.scan, bouwsteen=self.bouwsteen, antwoorden=form.cleaned_data, actor=request.actor
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("zelfscan:scan", pk=self.scan.pk)
        if not geldig:  # a tampered answer: what was valid is saved, the rest is asked again
            return self.render_to_response(self.get_context_data(form=form))
        codes = list(Bouwsteen.values)
        i = codes.index(self.bouwsteen)
        naar = request.POST.get("naar", "volgende")
        if naar == "vorige":
            return redirect("zelfscan:stap", pk=self.scan.pk, bouwsteen=codes[max(i - 1, 0)])
        if naar == "opslaan":
            messages.success(request, _("Uw antwoorden zijn opgeslagen. U kunt later verder waar u was."))
            return redirect("zelfscan:overzicht")
        if naar == "volgende" and i + 1 < len(codes):
            return redirect("zelfscan:stap", pk=self.scan.pk, bouwsteen=codes[i + 1])
        return redirect("zelfscan:samenvatting", pk=self.scan.pk)


class SamenvattingView(StappenMixin, TemplateView):
    """All answers per step before completing, with a link to change each step."""

    template_name = "zelfscan/samenvatting.html"

    def get_breadcrumbs(self):
        return self.crumbs((_("Samenvatting"), None))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        labels = dict(ANTWOORDEN)
        for stap in ctx["stappen"]:
            stap["antwoorden"] = [(item, labels.get(self.scan.antwoorden.get(item.code, ""))) for item in stap["items"]]
        ctx["form"] = kwargs.get("form") or SamenvattingForm(initial={"toelichting": self.scan.toelichting})
        ctx["open"] = [s for s in ctx["stappen"] if s["beantwoord"] < s["totaal"]]
        return ctx

    def post(self, request, *args, **kwargs):
        if self.scan.status == Zelfscan.Status.AFGEROND:
            return redirect("zelfscan:resultaat", pk=self.scan.pk)
        form = SamenvattingForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        afronden = "afronden" in request.POST
        try:
            scan = services.afronden(
                scan=self.scan, toelichting=form.cleaned_data["toelichting"], afronden=afronden, actor=request.actor
            )
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(form=_met_fouten(form, exc)))
        if scan.ontbrekend:  # the note and answers are saved; the scan stays a draft
            self.scan = scan
            return self.render_to_response(
                self.get_context_data(form=_met_fouten(form, ValidationError(scan.ontbrekend)))
            )
        if afronden:
            messages.success(request, _("De zelfscan is afgerond."))
            return redirect("zelfscan:resultaat", pk=self.scan.pk)
        messages.success(request, _("Uw toelichting is opgeslagen; de scan staat als concept klaar."))
        return redirect("zelfscan:overzicht")


class ResultaatView(ScanObjectMixin, TemplateView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    template_name = "zelfscan/resultaat.html"

    def get_breadcrumbs(self):
        return self.crumbs((_("Resultaat"), None))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        code = selectors.gemeente_code(self.scan)
        profiel = selectors.profiel_voor(code)
        vorige = selectors.vorige_afgeronde(self.scan)
        resultaat = scoring.beoordelen(self.scan.antwoorden, profiel)
        artikelen = selectors.hulpartikelen()
        fte_regio = selectors.zvh_regio(code)
        ctx.update(
            {
                "scan": self.scan,
                "profiel": profiel,
                "resultaat": resultaat,
                # the requirements and next steps with their links, written out in Python
                "eisen": weergave.eisen_html(resultaat.eisen, artikelen),
                "stappen": weergave.stappen_html(resultaat.stappen, artikelen, fte_regio),
                "bouwstenen": Bouwsteen.choices,
                "vorige": vorige,
                "fte_regio": fte_regio,
                "vergelijking": scoring.vergelijken(self.scan.antwoorden, vorige.antwoorden) if vorige else None,
            }
        )
        return ctx


class ResultaatPdfView(ScanObjectMixin, View):
    def get(self, request, pk):
        inhoud = documenten.resultaat_pdf(
            self.scan,
            selectors.profiel_voor(selectors.gemeente_code(self.scan)),
            selectors.hulpartikelen(),
            selectors.vorige_afgeronde(self.scan),
        )
        return download(inhoud, f"zelfscan-{self.scan.cbs_code}-{self.scan.aangemaakt_op:%Y%m%d}.pdf")


class BeleidsplanView(ScanObjectMixin, View):
    """POST only: builds the DOCX (and sets the evaluation reminder)."""

    def get(self, request, pk):
        return redirect("zelfscan:resultaat", pk=pk)

    def post(self, request, pk):
        try:
            inhoud = services.beleidsplan_maken(scan=self.scan, actor=request.actor)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("zelfscan:scan", pk=pk)
        return download(inhoud, f"beleidsplan-mensenhandel-{self.scan.cbs_code}.docx")


class RegioView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    policy = policy
    action = "regio"
    template_name = "zelfscan/regio.html"

    def get_breadcrumbs(self):
        return [(_("Zelfscan: de regio"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rijen"] = rijen = selectors.regio_overzicht(self.request.actor)
        ctx["bouwstenen"] = Bouwsteen.choices
        ctx["regio"] = selectors.werkgebied(self.request.actor)[0]
        ctx["regels"] = weergave.regio_regels_html(rijen)  # the table's rows, written out in Python
        return ctx


class RegioBeleidsplanView(PolicyRequiredMixin, View):
    """POST only: the regional plan (DOCX) from the latest regional scan."""

    policy = policy
    action = "regio"

    def get(self, request):
        return redirect("zelfscan:regio")

    def post(self, request):
        regio = request.actor.organisatie.regio
        try:
            if regio is None:
                raise ValidationError(_("Uw organisatie heeft geen werkgebied."))
            inhoud = services.regio_beleidsplan_maken(
                actor=request.actor, regio=regio, gemeenten=selectors.regio_gemeenten(request.actor)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("zelfscan:regio")
        return download(inhoud, f"beleidsplan-mensenhandel-regio-{regio.code}.docx")


class RegioScanView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "regio"
    template_name = "zelfscan/regio_scan.html"

    def get_breadcrumbs(self):
        return [(_("Zelfscan: de regio"), reverse("zelfscan:regio")), (_("Voor alle gemeenten invullen"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = kwargs.get("form") or ScanForm()
        ctx.update(
            {"form": form, "groepen": form.per_bouwsteen(), "gemeenten": selectors.regio_gemeenten(self.request.actor)}
        )
        return ctx

    def post(self, request, *args, **kwargs):
        form = ScanForm(request.POST)
        form.is_valid()
        gemeenten = selectors.regio_gemeenten(request.actor)
        if not gemeenten:
            messages.error(request, _("Uw organisatie heeft geen werkgebied met gemeenten."))
            return redirect("zelfscan:regio")
        try:
            scans = services.regio_scannen(
                actor=request.actor,
                gemeenten=gemeenten,
                antwoorden=form.cleaned_data,
                afronden="afronden" in request.POST,
            )
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(form=_met_fouten(form, exc)))
        if any(s.ontbrekend for s in scans):  # saved as drafts; completing needs every statement
            return self.render_to_response(
                self.get_context_data(form=_met_fouten(form, ValidationError(scans[0].ontbrekend)))
            )
        messages.success(request, _("Opgeslagen voor %(n)d gemeenten.") % {"n": len(scans)})
        return redirect("zelfscan:regio")


class FteView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "fte"
    template_name = "zelfscan/fte.html"

    def get_breadcrumbs(self):
        return [(_("Rekenhulp zorgcoördinatie"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["jaar"] = jaar = huidig_jaar()
        form = FteForm(self.request.GET or None, jaar=jaar)
        ctx["form"] = form
        if form.is_bound and form.is_valid():
            regio = form.cleaned_data["regio"]
            if regio is not None:
                gemeenten = list(gemeenten_in_regio(regio))
                inwoners = sum(g.inwoners or 0 for g in gemeenten)
                politie = form.cleaned_data["politieregio"] or regio.indeling == Indeling.POLITIE_EENHEID
                ctx.update(
                    {
                        "regio": regio,
                        "n_gemeenten": len(gemeenten),
                        "zonder_inwoners": sum(1 for g in gemeenten if g.inwoners is None),
                        "peildata": sorted({g.inwoners_peildatum for g in gemeenten if g.inwoners_peildatum}),
                    }
                )
            else:
                inwoners, politie = form.cleaned_data["inwoners"], form.cleaned_data["politieregio"]
            ctx["berekening"] = berekenen(inwoners, politie)
        return ctx
