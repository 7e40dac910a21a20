"""Views of the kennisbank: the library (search and filters), the learning path, an article
with notes, sharing and PDF, and the editors' pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from kompas.accounts.constants import OrganisatieType
from kompas.core.bouwstenen import Bouwsteen
from kompas.core.downloads import download
from kompas.core.pdf import pdf_maken
from kompas.core.registry import registry
from kompas.core.views import Breadcrumbs, PolicyRequiredMixin
from kompas.kennisbank import selectors, services, weergave
from kompas.kennisbank.forms import ArtikelForm, DeelForm, NotitieForm, ZoekForm
from kompas.kennisbank.models import Artikel, ArtikelVersie
from kompas.kennisbank.policies import policy

BIBLIOTHEEK = (gettext_lazy("Kennisbank"), None)


def zorgcoordinatie_voor(actor) -> list[dict] | None:
    """The contact card of the gemeente's zorgcoördinatie (issue 10: every gemeente sees who its
    zorgcoördinator is), for someone working for a gemeente; ``None`` for anyone else. The zorg
    app provides it through the registry (the kennisbank sits below it)."""
    organisatie = getattr(actor, "organisatie", None)
    if organisatie is None or organisatie.type != OrganisatieType.GEMEENTE or not organisatie.cbs_code:
        return None
    return registry.service("zorg.contact_voor_gemeente")(organisatie.cbs_code)


class LezenMixin(PolicyRequiredMixin, Breadcrumbs):
    policy = policy
    action = "lezen"


class BibliotheekView(LezenMixin, TemplateView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    template_name = "kennisbank/bibliotheek.html"
    breadcrumbs = [BIBLIOTHEEK]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ZoekForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        ctx["form"] = form
        ctx["gezocht"] = bool(data.get("q"))
        ctx["aantal"], ctx["resultaten"] = weergave.resultaten(
            self.request.actor, data.get("q", ""), data.get("bouwsteen", ""), data.get("rol", ""), data.get("soort", "")
        )
        ctx["gedeeld"] = selectors.gedeeld_met_mij(self.request.actor)[:5]
        ctx["redacteur"] = policy.allows(self.request.actor, "redigeren")
        ctx["zorgcoordinatie"] = zorgcoordinatie_voor(self.request.actor)
        return ctx


class LeerpadView(LezenMixin, TemplateView):
    template_name = "kennisbank/leerpad.html"

    def get_breadcrumbs(self):
        return [(_("Kennisbank"), reverse("kennisbank:bibliotheek")), (_("Leerpad"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.leerpad(self.request.actor))
        return ctx


class ArtikelView(LezenMixin, TemplateView):
    template_name = "kennisbank/artikel.html"

    def get_breadcrumbs(self):
        return [(_("Kennisbank"), reverse("kennisbank:bibliotheek")), (self.artikel.titel, None)]

    def load(self, slug, **kwargs):
        self.artikel = selectors.artikel_get(self.request.actor, slug)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        actor = self.request.actor
        notitie = selectors.notitie(actor, self.artikel)
        ctx.update(
            {
                "artikel": self.artikel,
                # opvang en hulpverlening: whom the gemeente refers a possible victim to
                "zorgcoordinatie": zorgcoordinatie_voor(actor) if self.artikel.bouwsteen == Bouwsteen.OPVANG else None,
                "notitie_form": kwargs.get("notitie_form")
                or NotitieForm(initial={"tekst": notitie.tekst if notitie else ""}),
                "deel_form": kwargs.get("deel_form") or DeelForm(collegas=selectors.collegas(actor)),
                "gelezen": self.artikel.gelezen.filter(user=actor.user).exists(),
                "verwant": selectors.verwant(actor, self.artikel),
                "redacteur": policy.allows(actor, "redigeren"),
            }
        )
        return ctx

    def post(self, request, *args, **kwargs):
        actie = request.POST.get("actie")
        if actie in ("gelezen", "ongelezen"):
            services.markeer_gelezen(actor=request.actor, artikel=self.artikel, gelezen=actie == "gelezen")
            messages.success(
                request, _("Gemarkeerd als gelezen.") if actie == "gelezen" else _("Markering verwijderd.")
            )
        elif actie == "notitie":
            form = NotitieForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(notitie_form=form))
            services.notitie_opslaan(actor=request.actor, artikel=self.artikel, tekst=form.cleaned_data["tekst"])
            messages.success(request, _("Uw notitie is opgeslagen."))
        elif actie == "delen":
            form = DeelForm(request.POST, collegas=selectors.collegas(request.actor))
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(deel_form=form))
            try:
                services.delen(
                    actor=request.actor,
                    artikel=self.artikel,
                    naar=form.cleaned_data["naar"],
                    bericht=form.cleaned_data["bericht"],
                )
            except ValidationError as exc:
                form.add_error("naar", exc.messages)
                return self.render_to_response(self.get_context_data(deel_form=form))
            messages.success(
                request,
                _("Gedeeld met %(naam)s.")
                % {"naam": form.cleaned_data["naar"].get_full_name() or form.cleaned_data["naar"].username},
            )
        return redirect("kennisbank:artikel", slug=self.artikel.slug)


class ArtikelPdfView(LezenMixin, View):
    def get(self, request, slug):
        artikel = selectors.artikel_get(request.actor, slug)
        html = render_to_string("kennisbank/artikel_pdf.html", {"artikel": artikel})
        return download(pdf_maken(html), f"kompas-{artikel.slug}.pdf")


class RedactieMixin(PolicyRequiredMixin, Breadcrumbs):
    policy = policy
    action = "redigeren"


class RedactieView(RedactieMixin, TemplateView):
    pagina_cache = True  # served from memory while its data are unchanged (core/paginacache.py)
    template_name = "kennisbank/redactie.html"

    def get_breadcrumbs(self):
        return [(_("Kennisbank"), reverse("kennisbank:bibliotheek")), (_("Redactie"), None)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # 50 per page (drafts first): the whole kennisbank in one table was the slowest page
        # of the redacteur; the rows are plain values written out in Python (labels looked up
        # once per page, one reverse() per page instead of two per row)
        qs = Artikel.objects.order_by("status", "bouwsteen", "hoofdstuk", "titel").values(
            "slug", "titel", "bouwsteen", "status", "versie"
        )
        ctx["page"] = page = Paginator(qs, 50).get_page(self.request.GET.get("pagina"))
        ctx["regels"] = weergave.redactie_regels_html(page.object_list)
        return ctx


class ArtikelBewerkenView(RedactieMixin, FormView):
    template_name = "kennisbank/bewerken.html"
    form_class = ArtikelForm

    def load(self, slug=None, **kwargs):
        self.artikel = get_object_or_404(Artikel, slug=slug) if slug else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.artikel}

    def get_breadcrumbs(self):
        return [
            (_("Kennisbank"), reverse("kennisbank:bibliotheek")),
            (_("Redactie"), reverse("kennisbank:redactie")),
            (self.artikel.titel if self.artikel else _("Nieuw artikel"), None),
        ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["artikel"] = self.artikel
        ctx["voorbeeld"] = kwargs.get("voorbeeld")
        return ctx

    def form_valid(self, form):
        artikel = form.save(commit=False)
        if "voorbeeld" in self.request.POST:
            return self.render_to_response(
                self.get_context_data(form=form, voorbeeld=services.markdown_naar_html(artikel.inhoud))
            )
        try:
            services.opslaan(artikel=artikel, actor=self.request.actor, publiceren="publiceren" in self.request.POST)
        except ValidationError as exc:
            for veld, fouten in exc.message_dict.items():
                form.add_error(veld if veld in form.fields else None, fouten)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Opgeslagen als versie %(v)d (%(s)s).")
            % {"v": artikel.versie, "s": artikel.get_status_display().lower()},
        )
        return redirect("kennisbank:bewerken", slug=artikel.slug)


class VersiesView(RedactieMixin, TemplateView):
    template_name = "kennisbank/versies.html"

    def load(self, slug, **kwargs):
        self.artikel = get_object_or_404(Artikel, slug=slug)

    def get_breadcrumbs(self):
        return [
            (_("Kennisbank"), reverse("kennisbank:bibliotheek")),
            (_("Redactie"), reverse("kennisbank:redactie")),
            (self.artikel.titel, reverse("kennisbank:bewerken", args=[self.artikel.slug])),
            (_("Versies"), None),
        ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["artikel"] = self.artikel
        ctx["versies"] = self.artikel.versies.select_related("door")
        return ctx

    def post(self, request, *args, **kwargs):
        versie = get_object_or_404(ArtikelVersie, artikel=self.artikel, pk=request.POST.get("versie"))
        services.versie_terugzetten(artikel=self.artikel, versie=versie, actor=request.actor)
        messages.success(request, _("Versie %(v)d is teruggezet als nieuwe versie.") % {"v": versie.versie})
        return redirect("kennisbank:versies", slug=self.artikel.slug)
