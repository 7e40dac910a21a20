"""Writes of the kennisbank: safe Markdown, saving with version history, publishing,
loading the shipped content, notes, reading progress and sharing."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils import timezone

from kompas.accounts.selectors import is_actief_lid
from kompas.audit.constants import Actie
from kompas.audit.services import audit_log_create
from kompas.core.bouwstenen import Bouwsteen
from kompas.core.links import absolute_url
from kompas.core.mail import mail_na_commit
from kompas.core.schrijven import NietVanU, eigen, is_systeem, schrijfdienst
from kompas.kennisbank import zoeken
from kompas.kennisbank.models import Artikel, ArtikelVersie, Gedeeld, Gelezen, Notitie
from kompas.kennisbank.policies import policy
from kompas.kennisbank.selectors import redigeerbaar, zichtbaar

INHOUD_DIR = Path(__file__).resolve().parent / "inhoud"
# An internal file id ("seed 001", "seeds/002") is never a source a reader can look up.
INTERN_BESTAND = re.compile(r"\bseeds?\b", re.IGNORECASE)
TOEGESTAAN = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
    "hr",
}


def markdown_naar_html(tekst: str) -> str:
    """Markdown rendered and then sanitised: no scripts, no event handlers, no javascript:
    links, no raw HTML beyond a small list of tags; links to other sites open safely."""
    html = markdown.markdown(tekst, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=TOEGESTAAN,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _kop(tekst: str) -> tuple[dict[str, str], str]:
    """A shipped file starts with 'key: value' lines, then a line '---', then Markdown."""
    kop, _, body = tekst.partition("\n---\n")
    velden = {}
    for regel in kop.splitlines():
        if ":" in regel:
            k, _, v = regel.partition(":")
            velden[k.strip()] = v.strip()
    return velden, body.strip() + "\n"


@schrijfdienst
def opslaan(*, artikel: Artikel, door=None, actor, publiceren: bool | None = None) -> Artikel:
    """Validate, render, bump the version, keep the old state in the history and re-index.
    ``artikel`` carries the edits; a stored article is checked (and locked) through the actor's
    editing scope first, a new one needs that scope too."""
    if artikel.pk:
        eigen(artikel, redigeerbaar(actor), lock=True)
    elif not (is_systeem(actor) or policy.allows(actor, "redigeren")):
        raise NietVanU()
    if artikel.bouwsteen not in Bouwsteen.values:
        raise ValidationError({"bouwsteen": "Kies een bouwsteen."})
    if not artikel.inhoud.strip():
        raise ValidationError({"inhoud": "Een artikel zonder inhoud kan niet worden opgeslagen."})
    if INTERN_BESTAND.search(artikel.bronnen or ""):
        raise ValidationError(
            {
                "bronnen": "Noem een bron bij zijn titel, uitgever en jaar, niet bij een intern bestandsnummer "
                "zoals \u2018seed 001\u2019."
            }
        )
    artikel.html = markdown_naar_html(artikel.inhoud)
    if publiceren is not None:
        artikel.status = Artikel.Status.GEPUBLICEERD if publiceren else Artikel.Status.CONCEPT
    if artikel.status == Artikel.Status.GEPUBLICEERD and artikel.gepubliceerd_op is None:
        artikel.gepubliceerd_op = timezone.now()
    if artikel.pk:
        artikel.versie = (
            ArtikelVersie.objects.filter(artikel=artikel).order_by("-versie").values_list("versie", flat=True).first()
            or 0
        ) + 1
    artikel.save()
    ArtikelVersie.objects.create(
        artikel=artikel,
        versie=artikel.versie,
        titel=artikel.titel,
        samenvatting=artikel.samenvatting,
        inhoud=artikel.inhoud,
        status=artikel.status,
        door=door or getattr(actor, "user", None),
    )
    zoeken.indexeren(artikel)
    audit_log_create(
        actie=Actie.UPDATE, actor=actor, obj=artikel, details={"versie": artikel.versie, "status": artikel.status}
    )
    return artikel


@schrijfdienst
def versie_terugzetten(*, artikel: Artikel, versie: ArtikelVersie, actor) -> Artikel:
    artikel = eigen(artikel, redigeerbaar(actor), lock=True)
    versie = eigen(versie, ArtikelVersie.objects.filter(artikel=artikel))
    artikel.titel, artikel.samenvatting, artikel.inhoud = versie.titel, versie.samenvatting, versie.inhoud
    artikel = opslaan(artikel=artikel, actor=actor)
    audit_log_create(actie=Actie.UPDATE, actor=actor, obj=artikel, details={"teruggezet_naar": versie.versie})
    return artikel


@schrijfdienst
def inhoud_laden(*, actor) -> int:
    """Load the shipped articles (``inhoud/*.md``) that are not there yet; idempotent. Run
    unattended (command, demo) as SYSTEEM, or by a redacteur."""
    if not (is_systeem(actor) or policy.allows(actor, "redigeren")):
        raise NietVanU()
    zoeken.fts_aanmaken()
    nieuw = 0
    for pad in sorted(INHOUD_DIR.glob("*.md")):
        velden, body = _kop(pad.read_text(encoding="utf-8"))
        slug = pad.stem.split("-", 1)[1] if re.match(r"^\d+-", pad.stem) else pad.stem
        if Artikel.objects.filter(slug=slug).exists():
            continue
        artikel = Artikel(
            slug=slug,
            titel=velden["titel"],
            samenvatting=velden["samenvatting"],
            soort=velden.get("soort", "artikel"),
            bouwsteen=velden["bouwsteen"],
            onderwerp=velden["onderwerp"],
            bronnen=velden["bronnen"],
            rollen=[r.strip() for r in velden.get("rollen", "").split(",") if r.strip()],
            hoofdstuk=int(velden.get("hoofdstuk", 0)),
            inhoud=body,
        )
        opslaan(artikel=artikel, publiceren=True, actor=actor)
        nieuw += 1
    return nieuw


def _leesbaar(actor, artikel: Artikel) -> Artikel:
    """An article the actor (a signed-in user) may read: a draft only for a redacteur."""
    if getattr(actor, "user", None) is None or not policy.allows(actor, "lezen"):
        raise NietVanU()
    return eigen(artikel, zichtbaar(actor))


@schrijfdienst
def markeer_gelezen(*, actor, artikel: Artikel, gelezen: bool = True) -> None:
    """The actor's own reading progress (its colleagues see it as team progress)."""
    artikel = _leesbaar(actor, artikel)
    if gelezen:
        Gelezen.objects.get_or_create(user=actor.user, artikel=artikel)
    else:
        Gelezen.objects.filter(user=actor.user, artikel=artikel).delete()
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=artikel,
        object_repr=f"leesvoortgang: {artikel.titel}",
        details={"gelezen": gelezen},
    )


@schrijfdienst
def notitie_opslaan(*, actor, artikel: Artikel, tekst: str) -> Notitie | None:
    """The actor's own note on an article (private to the user; the audit row names the article,
    never the note's text)."""
    artikel = _leesbaar(actor, artikel)
    user = actor.user
    tekst = tekst.strip()
    if len(tekst) > 5000:
        raise ValidationError({"tekst": "Een notitie is hoogstens 5000 tekens."})
    if not tekst:
        Notitie.objects.filter(user=user, artikel=artikel).delete()
        notitie = None
    else:
        notitie, _ = Notitie.objects.update_or_create(user=user, artikel=artikel, defaults={"tekst": tekst})
    audit_log_create(
        actie=Actie.UPDATE,
        actor=actor,
        obj=artikel,
        object_repr=f"notitie: {artikel.titel}",
        details={"verwijderd": notitie is None},
    )
    return notitie


@schrijfdienst
def delen(*, actor, artikel: Artikel, naar, bericht: str = "") -> Gedeeld:
    """Share with a colleague of the organisation the actor works for (nobody else)."""
    artikel = _leesbaar(actor, artikel)
    if naar == actor.user or not is_actief_lid(naar, actor.organisatie):
        raise ValidationError({"naar": "U kunt alleen delen met een collega van uw eigen organisatie."})
    gedeeld = Gedeeld.objects.create(
        artikel=artikel, van=actor.user, naar=naar, organisatie=actor.organisatie, bericht=bericht.strip()[:500]
    )
    tekst = (
        f"{actor.user.get_full_name() or actor.user.username} deelde een artikel uit het Kompas met u: "
        f"{artikel.titel}\n{absolute_url('kennisbank:artikel', artikel.slug)}\n"
    )
    if gedeeld.bericht:
        tekst += f"\nBericht: {gedeeld.bericht}\n"
    mail_na_commit("Kompas: een artikel voor u", tekst, [naar.email])
    audit_log_create(
        actie=Actie.CREATE,
        actor=actor,
        obj=artikel,
        object_repr=f"gedeeld: {artikel.titel}",
        details={"gedeeld": gedeeld.pk},
    )
    return gedeeld
