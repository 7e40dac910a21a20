"""Views of zorgcoördinatie: thin; every read goes through a selector and is audited, every
write through a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from kompas.accounts.policy import get_object_for_actor
from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.bestanden import bijlage_response
from kompas.core.downloads import download
from kompas.core.formulieren import fouten_op_formulier
from kompas.core.fouten import Geweigerd
from kompas.core.views import Breadcrumbs, PolicyRequiredMixin
from kompas.zorg import selectors, services, verantwoording
from kompas.zorg.constants import (
    ACTIE_OVERGANGEN,
    OPEN_ACTIE_STANDEN,
    OPEN_FASEN,
    AanmeldingStand,
    ActieStand,
    Fase,
    Vorm,
)
from kompas.zorg.forms import (
    ALLE_BEHANDELAARS,
    AanmeldingForm,
    AfwijzenForm,
    BehandelaarForm,
    BijlageForm,
    CapaciteitForm,
    CaseloadFilterForm,
    ConsultatieForm,
    ExportForm,
    GegevensForm,
    IntakeForm,
    JournaalForm,
    KenmerkenForm,
    NetwerkFilterForm,
    NetwerkpartnerForm,
    OverlegBijwerkenForm,
    PartnerAanmeldingForm,
    PartnerActieForm,
    ToestemmingForm,
    TransitieForm,
    VerantwoordingForm,
    WerkgebiedForm,
    ZorgactieForm,
    ZorgoverlegForm,
)
from kompas.zorg.landen import landnaam
from kompas.zorg.models import Clientgegevens, TrajectBijlage, Zorgactie
from kompas.zorg.policies import may_export, policy, verantwoording_actie


class CaseloadView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    policy = policy
    action = "coordineren"
    template_name = "zorg/caseload.html"
    breadcrumbs = [(gettext_lazy("Zorgcoördinatie"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        actor = self.request.actor
        werkgebied = selectors.werkgebied_voor(actor)
        namen = selectors.gemeente_namen(sorted(selectors.werkgebied_gemeenten(werkgebied))) if werkgebied else {}
        data = self.request.GET.copy()
        if not data.get("behandelaar"):  # opens on "Mijn trajecten" for a coordinator who has any
            data["behandelaar"] = "ik" if selectors.heeft_eigen_trajecten(actor) else ALLE_BEHANDELAARS
        collegas = selectors.coordinatoren_van(actor).exclude(pk=actor.user.pk)
        filters = CaseloadFilterForm(data, gemeenten=namen, collegas=collegas)
        criteria = filters.cleaned_data if filters.is_valid() else {"behandelaar": ALLE_BEHANDELAARS}
        pagina = self.request.GET.get("pagina", "1")
        per_fase = selectors.caseload(actor, **criteria, pagina=int(pagina) if pagina.isdigit() else 1)
        aanmeldingen = list(
            selectors.aanmeldingen_voor(actor)
            .filter(stand=AanmeldingStand.ONTVANGEN)
            .select_related("verwijzer_organisatie")
        )
        ids = [t.pk for lijst in per_fase.values() for t in lijst]
        audit_log_create(
            actie=Actie.VIEW,
            actor=actor,
            object_type="zorg.traject",
            request=self.request,
            object_repr=_("caseload (%(n)d trajecten)") % {"n": len(ids)},
            details={
                "ids": ids,
                "aanmeldingen": [a.pk for a in aanmeldingen],
                "filters": {k: v for k, v in criteria.items() if v and v != ALLE_BEHANDELAARS},
            },
        )
        buiten = {t.gemeente_code for lijst in per_fase.values() for t in lijst} - set(
            namen
        )  # a stay outside the werkgebied
        alle_namen = {**namen, **selectors.gemeente_namen(buiten)} if buiten else namen
        for lijst in per_fase.values():
            for t in lijst:
                t.gemeente_naam = alle_namen.get(t.gemeente_code, "")
        # links that keep every filter: one phase in full, or another page of the phase shown
        blijft = data.copy()
        for sleutel in ("fase", "pagina"):
            blijft.pop(sleutel, None)

        def link(**extra) -> str:
            q = blijft.copy()
            q.update(extra)
            return f"?{q.urlencode()}"

        fasen = [
            {
                "fase": f,
                "label": Fase(f).label,
                "trajecten": per_fase[f],
                "aantal": per_fase.aantallen.get(f, 0),
                "alle": link(fase=f) if per_fase.aantallen.get(f, 0) > len(per_fase[f]) and len(per_fase) > 1 else "",
            }
            for f in per_fase
        ]
        bladeren = None
        if len(per_fase) == 1 and per_fase.paginas > 1:
            [f] = per_fase
            bladeren = {
                "pagina": per_fase.pagina,
                "paginas": per_fase.paginas,
                "vorige": link(fase=f, pagina=str(per_fase.pagina - 1)) if per_fase.pagina > 1 else "",
                "volgende": link(fase=f, pagina=str(per_fase.pagina + 1)) if per_fase.pagina < per_fase.paginas else "",
            }
        ctx.update(
            fasen=fasen,
            bladeren=bladeren,
            aanmeldingen=aanmeldingen,
            filters=filters,
            gefilterd=filters.actief,
            gevonden=per_fase.totaal,
            werkgebied=werkgebied,
            kan_exporteren=may_export(actor),
            ziet_verantwoording=verantwoording_actie(actor) is not None
            and bool(verantwoording.werkgebieden_voor(actor)),
        )
        return ctx


class WerkgebiedView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "werkgebied"
    template_name = "zorg/werkgebied.html"
    breadcrumbs = [(gettext_lazy("Werkgebied"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        w = selectors.werkgebied_voor(self.request.actor)
        form = kwargs.get("form")
        if form is None:
            initial = {}
            if w:
                namen = selectors.gemeente_namen(w.gemeente_codes)
                initial = {
                    "regio": w.regio_id,
                    "gemeente_codes": ", ".join(namen[c] for c in w.gemeente_codes),
                    "centrumgemeente_code": w.centrumgemeente_code,
                    "fte": w.fte,
                    "contact": w.contact,
                    "bewaartermijn_maanden": w.bewaartermijn_maanden,
                    "actie_signaal_dagen": w.actie_signaal_dagen,
                }
            form = WerkgebiedForm(initial=initial)
        namen = selectors.gemeente_namen(selectors.werkgebied_gemeenten(w)) if w else {}
        ctx.update(
            form=form,
            werkgebied=w,
            gemeenten=sorted(namen.values()),
            centrumgemeente=selectors.gemeente_namen([w.centrumgemeente_code]).get(w.centrumgemeente_code)
            if w and w.centrumgemeente_code
            else "",
        )
        return ctx

    def post(self, request, *args, **kwargs):
        form = WerkgebiedForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.werkgebied_opslaan(
                    actor=request.actor,
                    regio=d["regio"],
                    gemeente_codes=d["gemeente_codes"],
                    centrumgemeente_code=d["centrumgemeente_code"],
                    fte=d["fte"],
                    contact=d["contact"],
                    bewaartermijn_maanden=d["bewaartermijn_maanden"],
                    actie_signaal_dagen=d["actie_signaal_dagen"] or 14,
                    request=request,
                )
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
            else:
                messages.success(request, _("Het werkgebied is opgeslagen."))
                return redirect("zorg:werkgebied")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AanmeldingNieuwView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    """A referral by telephone, walk-in or a partner, entered by the zorgcoördinator."""

    policy = policy
    action = "coordineren"
    template_name = "zorg/aanmelding_nieuw.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = kwargs.get("form") or AanmeldingForm()
        ctx["breadcrumbs"] = [(_("Zorgcoördinatie"), reverse("zorg:caseload")), (_("Aanmelding invoeren"), None)]
        return ctx

    def post(self, request, *args, **kwargs):
        form = AanmeldingForm(request.POST)
        if form.is_valid():
            try:
                a = services.aanmelding_maken(
                    actor=request.actor, zorgorganisatie=request.actor.organisatie, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
            else:
                messages.success(request, _("De aanmelding is vastgelegd."))
                return redirect("zorg:aanmelding", pk=a.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AanmeldenView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    """A partner's referrer sends an aanmelding to the zorgcoördinatie (login-gated form)."""

    policy = policy
    action = "aanmelden"
    template_name = "zorg/aanmelden.html"

    def get_breadcrumbs(self):
        return [(_("Mijn aanmeldingen bij zorgcoördinatie"), reverse("zorg:verwijzingen")), (_("Aanmelden"), None)]

    def _form(self, data=None):
        return PartnerAanmeldingForm(data, gemeente_code=self.request.actor.organisatie.cbs_code or "")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = kwargs.get("form") or self._form()
        return ctx

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                a = services.partner_aanmelden(actor=request.actor, request=request, **form.cleaned_data)
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
            else:
                messages.success(
                    request,
                    _("Uw aanmelding is verstuurd naar %(org)s. Hier ziet u hoe het ermee staat.")
                    % {"org": a.zorgorganisatie.naam},
                )
                return redirect("zorg:verwijzing", pk=a.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class VerwijzingenView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    """The referrer's own aanmeldingen and their state; never the traject."""

    policy = policy
    action = "aanmelden"
    template_name = "zorg/verwijzingen.html"
    breadcrumbs = [(gettext_lazy("Mijn aanmeldingen bij zorgcoördinatie"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        actor = self.request.actor
        lijst = list(selectors.verwijzingen_van(actor).select_related("zorgorganisatie").order_by("-tijdstip")[:200])
        for a in lijst:
            a.stand_tekst = selectors.stand_voor_verwijzer(a)
        audit_log_create(
            actie=Actie.VIEW,
            actor=actor,
            object_type="zorg.aanmelding",
            request=self.request,
            object_repr=_("eigen aanmeldingen (%(n)d)") % {"n": len(lijst)},
            details={"ids": [a.pk for a in lijst]},
        )
        ctx["verwijzingen"] = lijst
        return ctx


class VerwijzingView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    """One of the referrer's own aanmeldingen: its state (ontvangen, geaccepteerd, afgewezen
    with the reason, afgerond), what they sent, and withdrawing it before it is judged."""

    policy = policy
    action = "aanmelden"
    deny_as_404 = True
    template_name = "zorg/verwijzing.html"

    def load(self, pk, **kwargs):
        self.aanmelding = selectors.verwijzing_get(self.request.actor, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        a = self.aanmelding
        audit_log_create(
            actie=Actie.VIEW,
            actor=self.request.actor,
            obj=a,
            request=self.request,
            doel=_("stand van de eigen aanmelding"),
        )
        contact = selectors.zorgcoordinatie_contact_van(a.zorgorganisatie)
        ctx.update(
            aanmelding=a,
            stand=selectors.stand_voor_verwijzer(a),
            contact=contact,
            gemeente_naam=selectors.gemeente_namen([a.gemeente_code]).get(a.gemeente_code, ""),
            vormen=[str(Vorm(v).label) for v in a.vormen if v in Vorm.values],
            intrekbaar=a.stand == AanmeldingStand.ONTVANGEN,
            breadcrumbs=[
                (_("Mijn aanmeldingen bij zorgcoördinatie"), reverse("zorg:verwijzingen")),
                (_("Aanmelding %(n)s") % {"n": a.pk}, None),
            ],
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if "intrekken" in request.POST:
            try:
                services.verwijzing_intrekken(actor=request.actor, aanmelding=self.aanmelding, request=request)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("De aanmelding is ingetrokken; de zorgcoördinatie ziet haar niet meer als nieuw.")
                )
        return redirect("zorg:verwijzing", pk=self.aanmelding.pk)


class IntrekkenView(PolicyRequiredMixin, TemplateView):
    """The referring aandachtsfunctionaris withdraws a referral before it is judged."""

    policy = policy
    action = "verwijzen"
    deny_as_404 = True

    def load(self, pk, **kwargs):
        self.aanmelding = selectors.eigen_verwijzing_get(self.request.actor, pk)

    def back(self):
        if self.aanmelding.signaal_id:
            return redirect("meldroute:signaal", pk=self.aanmelding.signaal_id)
        return redirect("core:dashboard")

    def get(self, request, *args, **kwargs):
        return self.back()

    def post(self, request, *args, **kwargs):
        try:
            services.aanmelding_intrekken(actor=request.actor, aanmelding=self.aanmelding, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De doorverwijzing is ingetrokken."))
        return self.back()


class AanmeldingMixin(PolicyRequiredMixin):
    policy = policy
    action = "coordineren"
    deny_as_404 = True

    def load(self, pk, **kwargs):
        self.aanmelding = selectors.aanmelding_get(self.request.actor, pk)


class AanmeldingView(AanmeldingMixin, Breadcrumbs, TemplateView):
    template_name = "zorg/aanmelding.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        a = self.aanmelding
        audit_log_create(
            actie=Actie.VIEW,
            actor=self.request.actor,
            obj=a,
            request=self.request,
            doel=_("beoordelen van een aanmelding"),
        )
        ctx.update(
            aanmelding=a,
            afwijzen_form=kwargs.get("afwijzen_form") or AfwijzenForm(),
            gemeente_naam=selectors.gemeente_namen([a.gemeente_code]).get(a.gemeente_code, ""),
            vormen=[str(Vorm(v).label) for v in a.vormen if v in Vorm.values],
            traject=getattr(a, "traject", None) if a.stand == AanmeldingStand.GEACCEPTEERD else None,
            breadcrumbs=[(_("Zorgcoördinatie"), reverse("zorg:caseload")), (_("Aanmelding %(n)s") % {"n": a.pk}, None)],
        )
        return ctx


class AccepterenView(AanmeldingMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        return redirect("zorg:aanmelding", pk=self.aanmelding.pk)

    def post(self, request, *args, **kwargs):
        try:
            traject = services.aanmelding_accepteren(actor=request.actor, aanmelding=self.aanmelding, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("zorg:aanmelding", pk=self.aanmelding.pk)
        messages.success(
            request,
            _("De aanmelding is geaccepteerd; traject %(code)s is gestart in de intakefase.")
            % {"code": traject.clientcode},
        )
        return redirect("zorg:traject", pk=traject.pk)


class AfwijzenView(AanmeldingMixin, Breadcrumbs, TemplateView):
    template_name = "zorg/aanmelding.html"

    def get(self, request, *args, **kwargs):
        return redirect("zorg:aanmelding", pk=self.aanmelding.pk)

    def post(self, request, *args, **kwargs):
        form = AfwijzenForm(request.POST)
        if form.is_valid():
            try:
                services.aanmelding_afwijzen(
                    actor=request.actor, aanmelding=self.aanmelding, reden=form.cleaned_data["reden"], request=request
                )
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
            else:
                messages.success(request, _("De aanmelding is afgewezen; de verwijzer ziet de reden."))
                return redirect("zorg:caseload")
        view = AanmeldingView()
        view.setup(request, pk=self.aanmelding.pk)
        view.aanmelding = self.aanmelding
        return view.render_to_response(view.get_context_data(afwijzen_form=form), status=400)


class TrajectMixin(PolicyRequiredMixin):
    policy = policy
    action = "coordineren"
    deny_as_404 = True

    def load(self, pk, **kwargs):
        self.traject = selectors.traject_get(self.request.actor, pk)


class TrajectView(TrajectMixin, Breadcrumbs, TemplateView):
    template_name = "zorg/traject.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        t = self.traject
        actor = self.request.actor
        audit_log_create(
            actie=Actie.VIEW, actor=actor, obj=t, request=self.request, doel=_("casemanagement door zorgcoördinator")
        )
        g = Clientgegevens.objects.filter(traject=t).first()
        gegevens_initial = (
            {"naam": g.naam, "geboortedatum": g.geboortedatum or None, "contact": g.contact, "bsn": g.bsn} if g else {}
        )
        acties = list(t.acties.select_related("partner").prefetch_related("updates"))
        stil_sinds = selectors.stil_sinds(selectors.eigen_werkgebied(actor))
        for a in acties:  # a closed traject's actions are read-only: no next step is offered
            a.volgende = [(s, ActieStand(s).label) for s in ACTIE_OVERGANGEN[a.stand]] if t.is_open else []
            a.stil = t.is_open and a.stand in OPEN_ACTIE_STANDEN and a.bijgewerkt_op < stil_sinds
            a.vervallen = not t.is_open and a.stand in OPEN_ACTIE_STANDEN  # stays as it was, read-only
        geschiedenis = [
            {"tijdstip": h.tijdstip, "wat": h.get_naar_display(), "door": h.door_repr, "reden": h.reden}
            for h in t.geschiedenis.all()
        ] + [
            {
                "tijdstip": b.tijdstip,
                "wat": _("Behandelaar: %(naar)s (was: %(van)s)")
                % {"naar": b.naar_repr or _("niet toegewezen"), "van": b.van_repr or _("niet toegewezen")},
                "door": b.door_repr,
                "reden": "",
            }
            for b in t.behandelaar_geschiedenis.all()
        ]
        geschiedenis.sort(key=lambda h: h["tijdstip"])
        aanmelding = t.aanmelding if t.aanmelding_id else None
        ctx.update(
            traject=t,
            open=t.is_open,
            aanmelding=aanmelding,
            aanmelding_zichtbaar=aanmelding is not None
            and selectors.aanmeldingen_voor(actor).filter(pk=aanmelding.pk).exists(),
            gegevens=g,
            geschiedenis=geschiedenis,
            toestemmingen=t.toestemmingen.select_related("organisatie"),
            acties=acties,
            herkomst=services.herkomstgroep(t.nationaliteit),
            land=landnaam(t.nationaliteit),
            gemeente_naam=selectors.gemeente_namen([t.gemeente_code]).get(t.gemeente_code, ""),
            transitie_form=kwargs.get("transitie_form") or TransitieForm(fase=t.fase),
            gegevens_form=kwargs.get("gegevens_form") or GegevensForm(initial=gegevens_initial),
            kenmerken_form=kwargs.get("kenmerken_form")
            or KenmerkenForm(
                initial={
                    "acuut": t.acuut,
                    "vormen": t.vormen,
                    "leeftijdsgroep": t.leeftijdsgroep,
                    "gender": t.gender,
                    "nationaliteit": t.nationaliteit,
                    "verblijfsstatus": t.verblijfsstatus,
                    "gemeente_code": t.gemeente_code,
                    "strafrechtelijk_traject": t.strafrechtelijk_traject,
                }
            ),
            toestemming_form=kwargs.get("toestemming_form") or ToestemmingForm(alleen_intrekken=not t.is_open),
            intake_form=kwargs.get("intake_form")
            or IntakeForm(initial={"geinformeerd_op": t.geinformeerd_op, "b8_einddatum": t.b8_einddatum}),
            zorgactie_form=kwargs.get("zorgactie_form")
            or ZorgactieForm(
                partners=selectors.partners_voor_traject(actor, t),
                overleggen=t.overleggen.all(),
                initial={"zorgoverleg": self.request.GET.get("zorgoverleg")},
            ),
            overleggen=t.overleggen.prefetch_related("genodigden"),
            overleg_form=kwargs.get("overleg_form") or ZorgoverlegForm(partners=selectors.netwerk_voor(actor)),
            behandelaar_form=kwargs.get("behandelaar_form")
            or BehandelaarForm(
                coordinatoren=selectors.coordinatoren_van(actor),
                initial={"behandelaar": str(t.behandelaar_id or "")},
            ),
            journaal=t.journaal.all(),
            journaal_form=kwargs.get("journaal_form") or JournaalForm(),
            bijlagen=t.bijlagen.all(),
            bijlage_form=kwargs.get("bijlage_form") or BijlageForm(),
            breadcrumbs=[(_("Zorgcoördinatie"), reverse("zorg:caseload")), (t.clientcode, None)],
        )
        return ctx


class _TrajectPost(TrajectMixin, Breadcrumbs, TemplateView):
    template_name = "zorg/traject.html"
    form_name = ""

    def get(self, request, *args, **kwargs):
        return redirect("zorg:traject", pk=self.traject.pk)

    def build_form(self):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.build_form()
        if form.is_valid():
            try:
                self.act(form.cleaned_data)
            except services.TrajectAfgesloten as exc:  # its form is not on the closed traject's page
                messages.error(request, exc.melding)
                return redirect("zorg:traject", pk=self.traject.pk)
            except (ValidationError, Geweigerd) as exc:
                fouten_op_formulier(form, exc)
            else:
                return redirect("zorg:traject", pk=self.traject.pk)
        view = TrajectView()
        view.setup(request, pk=self.traject.pk)
        view.traject = self.traject
        return view.render_to_response(view.get_context_data(**{self.form_name: form}), status=400)


class TransitieView(_TrajectPost):
    form_name = "transitie_form"

    def build_form(self):
        return TransitieForm(self.request.POST, fase=self.traject.fase)

    def act(self, d):
        services.traject_transitie(
            actor=self.request.actor,
            traject=self.traject,
            transitie=d["transitie"],
            reden=d["reden"],
            afsluitreden=d["afsluitreden"],
            voorwaarden=d["voorwaarden"],
            request=self.request,
        )
        messages.success(self.request, _("De stap is vastgelegd."))


class GegevensView(_TrajectPost):
    form_name = "gegevens_form"

    def build_form(self):
        return GegevensForm(self.request.POST)

    def act(self, d):
        dubbel = services.traject_gegevens_opslaan(
            actor=self.request.actor, traject=self.traject, request=self.request, **d
        )
        messages.success(self.request, _("De cliëntgegevens zijn versleuteld opgeslagen."))
        if dubbel:
            messages.warning(
                self.request,
                _(
                    "Let op: er loopt al een traject voor wat dezelfde persoon lijkt (zelfde naam en "
                    "geboortedatum). Overleg met CoMensha of de andere zorgcoördinatie voordat u verder gaat."
                ),
            )


class KenmerkenView(_TrajectPost):
    form_name = "kenmerken_form"

    def build_form(self):
        return KenmerkenForm(self.request.POST)

    def act(self, d):
        services.traject_kenmerken_opslaan(actor=self.request.actor, traject=self.traject, request=self.request, **d)
        messages.success(self.request, _("De kenmerken zijn opgeslagen."))


class IntakeView(_TrajectPost):
    form_name = "intake_form"

    def build_form(self):
        return IntakeForm(self.request.POST)

    def act(self, d):
        services.traject_intake_opslaan(actor=self.request.actor, traject=self.traject, request=self.request, **d)
        messages.success(self.request, _("De intake is bijgewerkt."))


class ToestemmingView(_TrajectPost):
    form_name = "toestemming_form"

    def build_form(self):
        return ToestemmingForm(self.request.POST, alleen_intrekken=not self.traject.is_open)

    def act(self, d):
        services.toestemming_vastleggen(actor=self.request.actor, traject=self.traject, request=self.request, **d)
        messages.success(self.request, _("De toestemming is vastgelegd."))


class ZorgactieView(_TrajectPost):
    form_name = "zorgactie_form"

    def build_form(self):
        return ZorgactieForm(
            self.request.POST,
            partners=selectors.partners_voor_traject(self.request.actor, self.traject),
            overleggen=self.traject.overleggen.all(),
        )

    def act(self, d):
        services.zorgactie_aanmaken(actor=self.request.actor, traject=self.traject, request=self.request, **d)
        messages.success(self.request, _("De zorgactie is uitgezet bij de zorgpartner."))


class ZorgoverlegNieuwView(_TrajectPost):
    form_name = "overleg_form"

    def build_form(self):
        return ZorgoverlegForm(self.request.POST, partners=selectors.netwerk_voor(self.request.actor))

    def post(self, request, *args, **kwargs):
        form = self.build_form()
        if form.is_valid():
            try:
                o = services.zorgoverleg_plannen(
                    actor=request.actor, traject=self.traject, request=request, **form.cleaned_data
                )
            except services.TrajectAfgesloten as exc:
                messages.error(request, exc.melding)
                return redirect("zorg:traject", pk=self.traject.pk)
            except (ValidationError, Geweigerd) as exc:
                fouten_op_formulier(form, exc)
            else:
                messages.success(
                    request, _("Het zorgoverleg is gepland; de genodigden krijgen een uitnodiging zonder inhoud.")
                )
                return redirect("zorg:zorgoverleg", pk=o.pk)
        view = TrajectView()
        view.setup(request, pk=self.traject.pk)
        view.traject = self.traject
        return view.render_to_response(view.get_context_data(overleg_form=form), status=400)


class BehandelaarView(_TrajectPost):
    """A coordinator of the organisation hands the traject to a colleague (or to nobody)."""

    form_name = "behandelaar_form"

    def build_form(self):
        return BehandelaarForm(self.request.POST, coordinatoren=selectors.coordinatoren_van(self.request.actor))

    def act(self, d):
        services.traject_behandelaar_wijzigen(
            actor=self.request.actor, traject=self.traject, behandelaar=d["behandelaar"], request=self.request
        )
        if d["behandelaar"] is None:
            messages.success(self.request, _("Het traject is niet meer toegewezen."))
        else:
            messages.success(self.request, _("%(naam)s is nu de behandelaar.") % {"naam": d["behandelaar"]})


class JournaalView(_TrajectPost):
    form_name = "journaal_form"

    def build_form(self):
        return JournaalForm(self.request.POST)

    def act(self, d):
        services.journaal_aanvullen(actor=self.request.actor, traject=self.traject, request=self.request, **d)
        messages.success(self.request, _("De aantekening staat in het journaal."))


class BijlageUploadView(_TrajectPost):
    form_name = "bijlage_form"

    def build_form(self):
        return BijlageForm(self.request.POST, self.request.FILES)

    def act(self, d):
        services.bijlage_toevoegen(
            actor=self.request.actor, traject=self.traject, upload=d["bestand"], request=self.request
        )
        messages.success(self.request, _("De bijlage is toegevoegd."))


class BijlageDownloadView(PolicyRequiredMixin, View):
    """An attachment of one of the coordinator's own trajecten, audited."""

    policy = policy
    action = "coordineren"
    deny_as_404 = True

    def get(self, request, pk):
        bijlage = (
            TrajectBijlage.objects.filter(pk=pk, traject__in=selectors.trajecten_voor(request.actor))
            .select_related("traject")
            .first()
        )
        if bijlage is None:
            raise Http404
        audit_log_create(
            actie=Actie.VIEW,
            actor=request.actor,
            obj=bijlage.traject,
            request=request,
            details={"bijlage": bijlage.pk},
            doel=_("bijlage van een traject"),
        )
        return bijlage_response(bijlage.bestand, content_type=bijlage.content_type, naam=bijlage.naam)


class ZorgoverlegView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    """The coordinator's page of one zorgoverleg: agenda, what is shared, decisions, and the
    zorgacties that follow."""

    policy = policy
    action = "coordineren"
    deny_as_404 = True
    template_name = "zorg/zorgoverleg.html"

    def load(self, pk, **kwargs):
        self.overleg = selectors.overleg_get(self.request.actor, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        o = self.overleg
        audit_log_create(
            actie=Actie.VIEW,
            actor=self.request.actor,
            obj=o,
            request=self.request,
            doel=_("zorgoverleg voorbereiden en vastleggen"),
        )
        genodigden = [(g, selectors.overleg_zichtbaar(o, g)) for g in o.genodigden.all()]
        ctx.update(
            overleg=o,
            genodigden=genodigden,
            acties=o.acties.select_related("partner"),
            open=o.traject.is_open,
            form=kwargs.get("form")
            or OverlegBijwerkenForm(
                initial={"locatie": o.locatie, "agenda": o.agenda, "gedeeld": o.gedeeld, "besluiten": o.besluiten}
            ),
            breadcrumbs=[
                (_("Zorgcoördinatie"), reverse("zorg:caseload")),
                (o.traject.clientcode, reverse("zorg:traject", args=[o.traject_id])),
                (_("Zorgoverleg"), None),
            ],
        )
        return ctx

    def post(self, request, *args, **kwargs):
        form = OverlegBijwerkenForm(request.POST)
        if form.is_valid():
            try:
                services.zorgoverleg_bijwerken(
                    actor=request.actor, overleg=self.overleg, request=request, **form.cleaned_data
                )
            except (ValidationError, Geweigerd) as exc:
                fouten_op_formulier(form, exc)
            else:
                messages.success(request, _("Het zorgoverleg is bijgewerkt."))
                return redirect("zorg:zorgoverleg", pk=self.overleg.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class OverlegPartnerView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    """A zorgoverleg as an invited organisation sees it: only what the coordinator shared for
    this meeting, and only while the cliënt's consent for its organisation holds."""

    policy = policy
    action = "partner"
    deny_as_404 = True
    template_name = "zorg/overleg_partner.html"

    def load(self, pk, **kwargs):
        self.overleg = selectors.uitnodiging_get(self.request.actor, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        o, actor = self.overleg, self.request.actor
        zichtbaar = selectors.overleg_zichtbaar(o, actor.organisatie)
        audit_log_create(
            actie=Actie.VIEW,
            actor=actor,
            obj=o,
            request=self.request,
            doel=_("zorgoverleg als genodigde"),
            details={"inhoud_gedeeld": zichtbaar},
        )
        ctx.update(
            overleg=o,
            zichtbaar=zichtbaar,
            eigen_acties=o.acties.filter(partner=actor.organisatie) if zichtbaar else [],
            breadcrumbs=[(_("Zorgacties voor uw organisatie"), reverse("zorg:partner")), (_("Zorgoverleg"), None)],
        )
        return ctx


class ZorgactieStandView(PolicyRequiredMixin, TemplateView):
    policy = policy
    action = "coordineren"
    deny_as_404 = True

    def load(self, pk, **kwargs):
        self.actie = get_object_for_actor(
            Zorgactie.objects.filter(traject__in=selectors.trajecten_voor(self.request.actor)), pk=pk
        )

    def get(self, request, *args, **kwargs):
        return redirect("zorg:traject", pk=self.actie.traject_id)

    def post(self, request, *args, **kwargs):
        try:
            services.zorgactie_bijwerken(
                actor=request.actor,
                actie=self.actie,
                stand=request.POST.get("stand", ""),
                toelichting=request.POST.get("toelichting", "")[:1000],
                request=request,
            )
        except Geweigerd as exc:
            messages.error(request, exc.melding)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De zorgactie is bijgewerkt."))
        return redirect("zorg:traject", pk=self.actie.traject_id)


class ComenshaExportView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    policy = policy
    action = "coordineren"
    template_name = "zorg/comensha.html"
    breadcrumbs = [(gettext_lazy("Zorgcoördinatie"), None), (gettext_lazy("Rapportage aan CoMensha"), None)]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and policy.allows(request.actor, "comensha_landelijk"):
            self.action = "comensha_landelijk"
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = kwargs.get("form") or ExportForm()
        return ctx

    def post(self, request, *args, **kwargs):
        form = ExportForm(request.POST)
        if form.is_valid():
            d, stamp = form.cleaned_data, f"{timezone.localdate():%Y%m%d}"
            if d["formaat"] == "xlsx":
                return download(
                    services.comensha_export_xlsx(actor=request.actor, doel=d["doel"], request=request),
                    f"comensha-{stamp}.xlsx",
                )
            inhoud = services.comensha_export(actor=request.actor, doel=d["doel"], request=request)
            return download(inhoud.encode("utf-8-sig"), f"comensha-{stamp}.csv")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ConsultatiesView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    """Informatie en advies: consultations by professionals, without personal data."""

    policy = policy
    action = "coordineren"
    template_name = "zorg/consultaties.html"
    breadcrumbs = [(gettext_lazy("Zorgcoördinatie"), None), (gettext_lazy("Informatie en advies"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            form=kwargs.get("form") or ConsultatieForm(),
            kwartalen=selectors.consultaties_per_kwartaal(self.request.actor),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        form = ConsultatieForm(request.POST)
        if form.is_valid():
            try:
                services.consultatie_vastleggen(actor=request.actor, request=request, **form.cleaned_data)
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
            else:
                messages.success(request, _("De consultatie is vastgelegd."))
                return redirect("zorg:consultaties")
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- zorgnetwerk --------------------------------------------------------------------------


class NetwerkView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    """The regional directory of care partners, filtered by expertise; the coordinator adds
    partners to it. No personal data of cliënten."""

    policy = policy
    action = "coordineren"
    template_name = "zorg/netwerk.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filters = NetwerkFilterForm(self.request.GET or None)
        criteria = filters.cleaned_data if filters.is_valid() else {}
        ctx.update(
            filters=filters,
            partners=selectors.netwerk_voor(self.request.actor, **criteria),
            werkgebied=selectors.eigen_werkgebied(self.request.actor),
            form=kwargs.get("form") or NetwerkpartnerForm(),
            breadcrumbs=[(_("Zorgcoördinatie"), reverse("zorg:caseload")), (_("Zorgnetwerk"), None)],
        )
        return ctx

    def post(self, request, *args, **kwargs):
        form = NetwerkpartnerForm(request.POST)
        if form.is_valid():
            try:
                p = services.netwerkpartner_opslaan(
                    actor=request.actor, request=request, toevoegen=True, **form.cleaned_data
                )
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
            else:
                messages.success(request, _("%(org)s staat in het zorgnetwerk.") % {"org": p.organisatie.naam})
                return redirect("zorg:netwerk")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class NetwerkpartnerView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    """One partner of the coordinator's own zorgnetwerk: change its expertise or take it out."""

    policy = policy
    action = "coordineren"
    deny_as_404 = True
    template_name = "zorg/netwerkpartner.html"

    def load(self, pk, **kwargs):
        self.partner = selectors.netwerkpartner_get(self.request.actor, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        p = self.partner
        ctx.update(
            partner=p,
            form=kwargs.get("form")
            or NetwerkpartnerForm(
                met_organisatie=False,
                initial={
                    "vormen": p.vormen,
                    "doelgroepen": p.doelgroepen,
                    "domeinen": p.domeinen,
                    "contact": p.contact,
                    "opvangplaatsen": p.opvangplaatsen,
                },
            ),
            breadcrumbs=[
                (_("Zorgcoördinatie"), reverse("zorg:caseload")),
                (_("Zorgnetwerk"), reverse("zorg:netwerk")),
                (p.organisatie.naam, None),
            ],
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if "verwijderen" in request.POST:
            services.netwerkpartner_verwijderen(actor=request.actor, partner=self.partner, request=request)
            messages.success(
                request, _("%(org)s is uit het zorgnetwerk gehaald.") % {"org": self.partner.organisatie.naam}
            )
            return redirect("zorg:netwerk")
        form = NetwerkpartnerForm(request.POST, met_organisatie=False)
        if form.is_valid():
            try:
                services.netwerkpartner_opslaan(
                    actor=request.actor, organisatie=self.partner.organisatie, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
            else:
                messages.success(request, _("De expertise is opgeslagen."))
                return redirect("zorg:netwerk")
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- the care partner's side ----------------------------------------------------------------


class PartnerView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    """A care partner's own page: the zorgacties handed to its organisation and its capacity."""

    policy = policy
    action = "partner"
    template_name = "zorg/partner.html"
    breadcrumbs = [(gettext_lazy("Zorgacties voor uw organisatie"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        actor = self.request.actor
        zp = selectors.eigen_zorgpartner(actor)
        acties = list(
            selectors.acties_voor_partner(actor).select_related("traject").order_by("stand", "-bijgewerkt_op")
        )
        # an action of a closed traject is no longer open work for the partner, whatever its stand
        lopend = [a.stand in OPEN_ACTIE_STANDEN and a.traject.fase in OPEN_FASEN for a in acties]
        open_, klaar = (
            [a for a, j in zip(acties, lopend, strict=True) if j],
            [a for a, j in zip(acties, lopend, strict=True) if not j],
        )
        audit_log_create(
            actie=Actie.VIEW,
            actor=actor,
            object_type="zorg.zorgactie",
            request=self.request,
            object_repr=_("zorgacties van de zorgpartner (%(n)d)") % {"n": len(acties)},
            details={"ids": [a.pk for a in acties]},
        )
        ctx.update(
            zorgpartner=zp,
            open_acties=open_,
            afgehandeld=klaar[:50],
            uitnodigingen=selectors.uitnodigingen_voor(actor).select_related("traject").order_by("-datum")[:20],
            form=kwargs.get("form")
            or CapaciteitForm(
                initial={
                    "opvangplaatsen": zp.opvangplaatsen,
                    "vrije_plaatsen": zp.vrije_plaatsen,
                    "contact": zp.contact,
                }
                if zp
                else None
            ),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        form = CapaciteitForm(request.POST)
        if form.is_valid():
            try:
                services.capaciteit_bijwerken(actor=request.actor, request=request, **form.cleaned_data)
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
            else:
                messages.success(
                    request, _("De capaciteit is bijgewerkt; de zorgcoördinatie ziet haar in het zorgnetwerk.")
                )
                return redirect("zorg:partner")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PartnerActieView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    """One zorgactie as the care partner sees it: the content only while the cliënt's consent
    (or the stated legal ground) allows it; the stand it can always update."""

    policy = policy
    action = "partner"
    deny_as_404 = True
    template_name = "zorg/partner_actie.html"

    def load(self, pk, **kwargs):
        self.actie = selectors.partner_actie_get(self.request.actor, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        a = self.actie
        zichtbaar = selectors.delen_toegestaan(a)
        audit_log_create(
            actie=Actie.VIEW,
            actor=self.request.actor,
            obj=a,
            request=self.request,
            doel=_("zorgactie uitvoeren als zorgpartner"),
            details={
                "inhoud_gedeeld": zichtbaar,
                "toestemming": selectors.toestemming_geldig(a.traject, "delen_organisatie", a.partner),
                "grondslag": bool(a.grondslag),
            },
        )
        ctx.update(
            actie=a,
            zichtbaar=zichtbaar,
            updates=a.updates.all(),
            form=kwargs.get("form") or PartnerActieForm(stand=a.stand),
            breadcrumbs=[
                (_("Zorgacties voor uw organisatie"), reverse("zorg:partner")),
                (_("Zorgactie %(n)s") % {"n": a.pk}, None),
            ],
        )
        return ctx

    def post(self, request, *args, **kwargs):
        form = PartnerActieForm(request.POST, stand=self.actie.stand)
        if form.is_valid():
            try:
                services.partner_actie_bijwerken(
                    actor=request.actor, actie=self.actie, request=request, **form.cleaned_data
                )
            except ValidationError as exc:
                fouten_op_formulier(form, exc)
            else:
                messages.success(request, _("De stand is bijgewerkt; de zorgcoördinator ziet haar op het traject."))
                return redirect("zorg:partner_actie", pk=self.actie.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class VerantwoordingView(PolicyRequiredMixin, Breadcrumbs, TemplateView):
    """The verantwoording to the centrumgemeente: a page, a tagged PDF and an XLSX, the same
    protected aggregates for the zorgcoördinator, the centrumgemeente and the ketenregisseur."""

    policy = policy
    action = "verantwoording_eigen"
    template_name = "zorg/verantwoording.html"
    breadcrumbs = [(gettext_lazy("Verantwoording zorgcoördinatie"), None)]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.action = verantwoording_actie(request.actor) or "verantwoording_eigen"
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        werkgebieden = verantwoording.werkgebieden_voor(request.actor)
        jaren = verantwoording.beschikbare_jaren()
        data = request.GET.copy()
        if werkgebieden:
            data.setdefault("werkgebied", str(werkgebieden[0].pk))
        data.setdefault("jaar", str(jaren[0]))
        form = VerantwoordingForm(data, werkgebieden=werkgebieden, jaren=jaren)
        ctx = {"form": form, "werkgebieden": werkgebieden}
        if not werkgebieden or not form.is_valid():
            return self.render_to_response(self.get_context_data(**ctx), status=400 if werkgebieden else 200)
        d = form.cleaned_data
        w = next(w for w in werkgebieden if w.pk == d["werkgebied"])
        v = verantwoording.verantwoording(w, verantwoording.Periode(d["jaar"], d["kwartaal"]))
        formaat = request.GET.get("formaat")
        naam = f"verantwoording-zorgcoordinatie-{v.periode.slug}"
        details = {"werkgebied": w.pk, "periode": v.periode.slug}
        if formaat in ("pdf", "xlsx"):
            audit_log_create(
                actie=Actie.EXPORT,
                actor=request.actor,
                object_type="zorg.verantwoording",
                request=request,
                object_repr=_("verantwoording %(org)s %(periode)s (%(formaat)s)")
                % {"org": w.zorgorganisatie.naam, "periode": v.periode.label, "formaat": formaat},
                details=details,
            )
            inhoud = verantwoording.als_pdf(v) if formaat == "pdf" else verantwoording.als_xlsx(v)
            return download(inhoud, f"{naam}.{formaat}")
        audit_log_create(
            actie=Actie.VIEW,
            actor=request.actor,
            object_type="zorg.verantwoording",
            request=request,
            object_repr=_("verantwoording %(org)s %(periode)s")
            % {"org": w.zorgorganisatie.naam, "periode": v.periode.label},
            details=details,
        )

        query = QueryDict(mutable=True)
        query.update({"werkgebied": w.pk, "jaar": v.periode.jaar, "kwartaal": v.periode.kwartaal or ""})
        return self.render_to_response(self.get_context_data(v=v, query=query.urlencode(), **ctx))
