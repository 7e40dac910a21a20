"""Views of the meldroute: thin; every read goes through a selector, every write through
a service. Every view of a signal and every export is audited."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.bestanden import bijlage_response
from kompas.core.downloads import download
from kompas.core.formulieren import fouten_op_formulier
from kompas.core.fouten import Geweigerd
from kompas.core.registry import registry
from kompas.core.tabular import csv_writer, xlsx_rij
from kompas.core.views import Breadcrumbs, PolicyRequiredMixin
from kompas.meldroute import selectors, services
from kompas.meldroute.constants import NIET_NODIG, SIGNAALKAART, Status, Vorm
from kompas.meldroute.forms import (
    BijlageForm,
    DoorverwijsForm,
    InboxFilterForm,
    InstellingForm,
    KoppelForm,
    MeldenForm,
    PartnerAntwoordForm,
    PartnerVerzoekForm,
    TransitieForm,
    VerrijkingForm,
)
from kompas.meldroute.models import Bijlage
from kompas.meldroute.policies import may_see_figures, policy
from kompas.meldroute.weergave import inbox_rijen, signaalkaart_html, stappen_html, tabel_rijen
from kompas.meldroute.workflow import stappen, transities_vanuit


class MeldenView(PolicyRequiredMixin, Breadcrumbs, FormView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    policy = policy
    action = "melden"
    template_name = "meldroute/melden.html"
    form_class = MeldenForm
    breadcrumbs = [(gettext_lazy("Signaal melden"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        chosen = set(form["indicatoren"].value() or [])
        ctx["signaalkaart_html"] = signaalkaart_html(
            (Vorm(vorm).label, [(code, label, code in chosen) for code, label in items])
            for vorm, items in SIGNAALKAART.items()
        )
        ctx["niet_nodig"] = NIET_NODIG
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            signaal = services.signaal_melden(
                actor=self.request.actor,
                wat=data["wat"],
                waar=data["waar"],
                wanneer=data["wanneer"],
                vormen=data["vormen"],
                sector=data["sector"],
                herkomst=data["herkomst"],
                acuut=data["acuut"],
                indicatoren=data["indicatoren"],
                bijlagen=data["bijlagen"],
                request=self.request,
            )
        except ValidationError as exc:
            fouten_op_formulier(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Dank u. Uw signaal is ontvangen onder referentienummer %(ref)s.") % {"ref": signaal.referentie},
        )
        return redirect("meldroute:mijn_signaal", pk=signaal.pk)


class MijnSignalenView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "eigen_signalen"
    template_name = "meldroute/mijn_signalen.html"
    breadcrumbs = [(gettext_lazy("Mijn signalen"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["signalen"] = selectors.eigen_signalen(self.request.actor).order_by("-aangemaakt_op")[:200]
        return ctx


class MijnSignaalView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "eigen_signalen"
    deny_as_404 = True
    template_name = "meldroute/mijn_signaal.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        signaal = selectors.eigen_signaal_get(self.request.actor, kwargs["pk"])
        audit_log_create(
            actie=Actie.VIEW, actor=self.request.actor, obj=signaal, request=self.request, doel=_("melder leest status")
        )
        ctx["signaal"] = signaal
        ctx["breadcrumbs"] = [(_("Mijn signalen"), reverse("meldroute:mijn_signalen")), (signaal.referentie, None)]
        return ctx


class InboxView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    policy = policy
    action = "behandelen"
    template_name = "meldroute/inbox.html"
    breadcrumbs = [(gettext_lazy("Signalen"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = InboxFilterForm(self.request.GET or None)
        f = selectors.InboxFilter()
        if form.is_valid():
            d = form.cleaned_data
            f = selectors.InboxFilter(
                status=d["status"],
                vorm=d["vorm"],
                sector=d["sector"],
                ouder_dan_dagen=d["ouder_dan"],
                te_laat=d["te_laat"],
            )
        page = Paginator(selectors.inbox(self.request.actor, f), 50).get_page(self.request.GET.get("pagina"))
        query = self.request.GET.copy()
        query.pop("pagina", None)
        audit_log_create(
            actie=Actie.VIEW,
            actor=self.request.actor,
            object_type="meldroute.signaal",
            object_repr=_("inbox (%(n)d signalen op deze pagina)") % {"n": len(page.object_list)},
            request=self.request,
            details={"ids": [s.pk for s in page.object_list]},
        )
        ctx.update(form=form, page=page, rijen=inbox_rijen(page.object_list), query=query.urlencode())
        return ctx


class SignaalObjectMixin(PolicyRequiredMixin):
    policy = policy
    action = "behandelen"
    deny_as_404 = True

    def load(self, pk, **kwargs):
        self.signaal = selectors.signaal_get_voor_behandeling(self.request.actor, pk)

    def back(self):
        return redirect("meldroute:signaal", pk=self.signaal.pk)


class SignaalView(SignaalObjectMixin, Breadcrumbs, TemplateView):
    """The signal as a case file: where it is in the seven steps, its content in sections,
    and only the steps the transition table allows now. A closed signal is read-only."""

    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)

    template_name = "meldroute/signaal.html"

    def load(self, pk, **kwargs):
        self.signaal = selectors.dossier_get(self.request.actor, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        s = self.signaal
        audit_log_create(
            actie=Actie.VIEW,
            actor=self.request.actor,
            obj=s,
            request=self.request,
            doel=_("behandeling door aandachtsfunctionaris"),
        )
        doorverwijzingen = registry.service("zorg.doorverwijzingen_voor_signaal")(s)
        geschiedenis = list(s.geschiedenis.all())
        gesloten = s.status == Status.AFGESLOTEN
        ctx.update(
            signaal=s,
            gesloten=gesloten,
            geschiedenis=geschiedenis,
            stappen_html=stappen_html(
                stappen(
                    status=s.status,
                    geschiedenis=geschiedenis,
                    gemeld_op=s.aangemaakt_op,
                    melder=str(s.melder) if s.melder else "–",
                ),
                gesloten,
            ),
            doorverwijzingen=doorverwijzingen,
            doorverwijzing_loopt=any(d["lopend"] for d in doorverwijzingen),
            zorgcoordinatie=registry.service("zorg.contact_voor_gemeente")(s.gemeente.cbs_code),
            indicatoren=[services.ALLE_INDICATOREN[c] for c in s.indicatoren if c in services.ALLE_INDICATOREN],
            **selectors.dossier_lijsten(s),
            breadcrumbs=[(_("Signalen"), reverse("meldroute:inbox")), (s.referentie, None)],
        )
        ctx.update(self.acties(kwargs))
        if not gesloten:  # a closed signal is read-only: no forms to add anything
            ctx.update(
                verrijking_form=kwargs.get("verrijking_form") or VerrijkingForm(),
                koppel_form=kwargs.get("koppel_form") or KoppelForm(),
                bijlage_form=kwargs.get("bijlage_form") or BijlageForm(),
                doorverwijs_form=kwargs.get("doorverwijs_form") or DoorverwijsForm(gemeente_code=s.gemeente.cbs_code),
                partner_form=kwargs.get("partner_form") or PartnerVerzoekForm(),
            )
        return ctx

    def acties(self, kwargs) -> dict:
        """One small form per step the table allows now, in the order of the route; a refused
        step keeps its input and errors in its own form."""
        fout = kwargs.get("transitie_form")
        fout_naam = fout.data.get("transitie") if fout is not None else None
        acties = [
            (t, fout if t.naam == fout_naam else TransitieForm(status=self.signaal.status, transitie=t.naam))
            for t in transities_vanuit(self.signaal.status)
        ]
        shown = {t.naam for t, _form in acties}
        return {
            "acties": acties,
            "transitie_fout": fout if fout is not None and fout_naam not in shown else None,
            # the enrichment is added right before the step that completes it
            "verrijking_bij_acties": "verrijken" in shown,
        }


class _SignaalPost(SignaalObjectMixin, Breadcrumbs, TemplateView):
    template_name = "meldroute/signaal.html"
    form_class = None
    form_name = ""
    alleen_open = True  # an addition to the case file: refused on a closed signal

    def get(self, request, *args, **kwargs):
        return self.back()

    def render_with(self, form):
        view = SignaalView()
        view.setup(self.request, pk=self.signaal.pk)
        view.signaal = self.signaal
        return view.render_to_response(view.get_context_data(pk=self.signaal.pk, **{self.form_name: form}), status=400)

    def refuse_closed(self, text):
        """A closed page has no form to show the error in: say it as a message."""
        messages.error(self.request, text)
        return self.render_with(None)

    def post(self, request, *args, **kwargs):
        if self.alleen_open and self.signaal.status == Status.AFGESLOTEN:
            return self.refuse_closed(_("Het signaal is afgesloten en alleen te lezen; heropen het eerst."))
        form = self.build_form()
        if not form.is_valid():
            return self.render_with(form)
        try:
            self.act(form.cleaned_data)
        except (ValidationError, Geweigerd) as exc:
            if isinstance(exc, ValidationError) and self.alleen_open:
                self.signaal.refresh_from_db()
                if self.signaal.status == Status.AFGESLOTEN:  # closed meanwhile
                    return self.refuse_closed(" ".join(exc.messages))
            fouten_op_formulier(form, exc)
            return self.render_with(form)
        return self.back()

    def build_form(self):
        return self.form_class(self.request.POST, self.request.FILES)


class VerrijkenView(_SignaalPost):
    form_class, form_name = VerrijkingForm, "verrijking_form"

    def act(self, d):
        services.verrijking_toevoegen(actor=self.request.actor, signaal=self.signaal, request=self.request, **d)
        messages.success(self.request, _("De verrijking is vastgelegd."))


class TransitieView(_SignaalPost):
    form_name = "transitie_form"
    alleen_open = False  # reopening is the one step of a closed signal

    def build_form(self):
        return TransitieForm(
            self.request.POST, status=self.signaal.status, transitie=self.request.POST.get("transitie")
        )

    def act(self, d):
        services.transitie_uitvoeren(actor=self.request.actor, signaal=self.signaal, request=self.request, **d)
        messages.success(self.request, _("De stap is vastgelegd."))


class KoppelView(_SignaalPost):
    form_class, form_name = KoppelForm, "koppel_form"

    def act(self, d):
        ander = (
            selectors.signalen_voor_behandeling(self.request.actor)
            .filter(referentie=d["referentie"].strip().upper())
            .first()
        )
        if ander is None:
            raise ValidationError({"referentie": _("Er is geen signaal van uw gemeente met dit referentienummer.")})
        services.signalen_koppelen(actor=self.request.actor, signaal=self.signaal, ander=ander, request=self.request)
        messages.success(self.request, _("De signalen zijn gekoppeld."))


class BijlageUploadView(_SignaalPost):
    form_class, form_name = BijlageForm, "bijlage_form"

    def act(self, d):
        services.bijlage_toevoegen(
            actor=self.request.actor, signaal=self.signaal, upload=d["bestand"], request=self.request
        )
        messages.success(self.request, _("De bijlage is toegevoegd."))


class DoorverwijzenView(_SignaalPost):
    form_class, form_name = DoorverwijsForm, "doorverwijs_form"

    def build_form(self):
        return DoorverwijsForm(self.request.POST, gemeente_code=self.signaal.gemeente.cbs_code)

    def act(self, d):
        services.zorg_doorverwijzen(actor=self.request.actor, signaal=self.signaal, request=self.request, **d)
        messages.success(self.request, _("De doorverwijzing naar zorgcoördinatie is vastgelegd."))


class PartnerVerzoekView(_SignaalPost):
    form_class, form_name = PartnerVerzoekForm, "partner_form"

    def act(self, d):
        services.partnerverzoek_aanmaken(actor=self.request.actor, signaal=self.signaal, request=self.request, **d)
        messages.success(
            self.request,
            _("Het verzoek is verstuurd. De partner krijgt een e-mail zonder inhoud en antwoordt na inloggen."),
        )


class VerzoekenView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "verzoeken_beantwoorden"
    template_name = "meldroute/verzoeken.html"
    breadcrumbs = [(gettext_lazy("Verzoeken om terugkoppeling"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["verzoeken"] = selectors.partnerverzoeken(self.request.actor).select_related("signaal__gemeente")
        return ctx


class VerzoekView(PolicyRequiredMixin, Breadcrumbs, FormView):
    policy = policy
    action = "verzoeken_beantwoorden"
    deny_as_404 = True
    template_name = "meldroute/verzoek.html"
    form_class = PartnerAntwoordForm

    def load(self, pk, **kwargs):
        self.verzoek = selectors.partnerverzoek_get(self.request.actor, pk)

    def get(self, request, *args, **kwargs):
        audit_log_create(
            actie=Actie.VIEW,
            actor=request.actor,
            object_type="meldroute.partnerverzoek",
            object_id=self.verzoek.pk,
            object_repr=f"partnerverzoek {self.verzoek.pk} ({self.verzoek.signaal.referentie})",
            request=request,
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["verzoek"] = self.verzoek
        ctx["breadcrumbs"] = [
            (_("Verzoeken om terugkoppeling"), reverse("meldroute:verzoeken")),
            (self.verzoek.signaal.referentie, None),
        ]
        return ctx

    def form_valid(self, form):
        try:
            services.partnerverzoek_beantwoorden(
                actor=self.request.actor, verzoek=self.verzoek, request=self.request, **form.cleaned_data
            )
        except ValidationError as exc:
            fouten_op_formulier(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Dank u. Uw antwoord is doorgegeven aan de gemeente."))
        return redirect("meldroute:verzoeken")


class BijlageDownloadView(PolicyRequiredMixin, View):
    policy = policy
    action = "behandelen"
    deny_as_404 = True

    def get(self, request, pk):
        bijlage = (
            Bijlage.objects.filter(pk=pk, signaal__in=selectors.signalen_voor_behandeling(request.actor))
            .select_related("signaal")
            .first()
        )
        if bijlage is None:
            raise Http404
        audit_log_create(
            actie=Actie.VIEW, actor=request.actor, obj=bijlage.signaal, request=request, details={"bijlage": bijlage.pk}
        )
        return bijlage_response(bijlage.bestand, content_type=bijlage.content_type, naam=bijlage.naam)


class CijfersView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    policy = policy
    template_name = "meldroute/cijfers.html"
    breadcrumbs = [(gettext_lazy("Cijfers meldroute"), None)]

    def dispatch(self, request, *args, **kwargs):
        # any of the three figure actions will do; the scope follows from the role
        if request.user.is_authenticated:
            self.action = next(
                (
                    a
                    for a in ("cijfers_gemeente", "cijfers_regio", "cijfers_landelijk")
                    if policy.allows(request.actor, a)
                ),
                "cijfers_gemeente",
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        scope = selectors.scope_voor(request.actor, request.GET.get("schaal", ""))
        if scope is None:  # e.g. a ketenregisseur whose organisation has no region
            raise PermissionDenied
        data = selectors.cijfers(scope)
        formaat = request.GET.get("formaat")
        if formaat in ("csv", "xlsx"):
            audit_log_create(
                actie=Actie.EXPORT,
                actor=request.actor,
                object_type="meldroute.cijfers",
                object_repr=f"cijfers {scope.label} ({formaat})",
                request=request,
            )
            return _export(data, formaat)
        tabellen = [(t, tabel_rijen(t.rijen)) for t in data["tabellen"]]
        return self.render_to_response(
            self.get_context_data(data=data, tabellen=tabellen, may=may_see_figures(request.actor))
        )


def _rows(data):
    yield ["tabel", "categorie", "aantal"]
    yield ["Totaal", "alle signalen", data["totaal"]]
    if data.get("in_zorg") is not None:  # figures cached before zorg counted them have none
        yield ["Totaal", "mogelijke slachtoffers in zorg", data["in_zorg"]]
    for t in data["tabellen"]:
        for label, n in t.rijen:
            yield [t.titel, label, n]
    if data["doorlooptijd"]:
        yield ["Doorlooptijd (dagen)", "mediaan", data["doorlooptijd"]["mediaan"]]
        yield ["Doorlooptijd (dagen)", "90e percentiel", data["doorlooptijd"]["p90"]]


def _export(data, formaat):
    stamp = timezone.localdate().strftime("%Y%m%d")
    if formaat == "csv":
        buf = io.StringIO()
        csv_writer(buf).writerows(_rows(data))
        return download(buf.getvalue().encode("utf-8-sig"), f"meldroute-cijfers-{stamp}.csv")
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Cijfers"
    for row in _rows(data):
        xlsx_rij(ws, row)
    buf = io.BytesIO()
    wb.save(buf)
    return download(buf.getvalue(), f"meldroute-cijfers-{stamp}.xlsx")


class InstellingenView(PolicyRequiredMixin, Breadcrumbs, FormView):
    policy = policy
    action = "instellingen"
    template_name = "meldroute/instellingen.html"
    form_class = InstellingForm
    breadcrumbs = [(gettext_lazy("Instellingen meldroute"), None)]

    def get_initial(self):
        inst = services.instelling_voor(self.request.actor.organisatie)
        initial = {"bewaartermijn_maanden": inst.bewaartermijn_maanden}
        for status in inst.DEFAULT_TERMIJNEN:
            initial[f"termijn_{status}"] = inst.termijn(status)
        return initial

    def form_valid(self, form):
        d = form.cleaned_data
        termijnen = {k.removeprefix("termijn_"): v for k, v in d.items() if k.startswith("termijn_")}
        services.instelling_wijzigen(
            actor=self.request.actor,
            bewaartermijn_maanden=d["bewaartermijn_maanden"],
            termijnen=termijnen,
            request=self.request,
        )
        messages.success(self.request, _("De instellingen zijn opgeslagen."))
        return redirect("meldroute:instellingen")
