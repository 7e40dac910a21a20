"""``kompas demo``: demo organisations and one demo user per role. Never in production."""

from __future__ import annotations

import base64

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.accounts.models import Lidmaatschap, Organisatie, User
from kompas.regio.models import Gemeente, Indeling, Regio
from kompas.regio.selectors import huidig_jaar
from kompas.regio.services import DATA_DIR, lidmaatschappen_importeren, referentiedata_laden

DEMO_PASSWORD = "Kompas-demo-2026!"  # noqa: S105 - printed on purpose; demo only
# 20 fixed bytes ("Kompas-demo-totp-key"), so the printed secret stays valid across runs.
DEMO_TOTP_KEY_HEX = "4b6f6d7061732d64656d6f2d746f74702d6b6579"
DEMO_DOMAIN = "demo.kompas.example"

GEMEENTEN = [("GM0405", "Gemeente Hoorn"), ("GM0388", "Gemeente Enkhuizen"), ("GM0420", "Gemeente Medemblik"), ("GM0361", "Gemeente Alkmaar")]

# role → (username, organisation name)
DEMO_USERS = {
    Rol.MEDEWERKER: ("medewerker", "Gemeente Hoorn"),
    Rol.AANDACHTSFUNCTIONARIS: ("aandachtsfunctionaris", "Gemeente Hoorn"),
    Rol.BELEIDSADVISEUR: ("beleidsadviseur", "Gemeente Hoorn"),
    Rol.FUNCTIONEEL_BEHEERDER: ("beheerder", "Gemeente Hoorn"),
    Rol.PRIVACY_OFFICER: ("privacy", "Gemeente Hoorn"),
    Rol.ZORGCOORDINATOR: ("zorgcoordinator", "Zorg- en Veiligheidshuis Noord-Holland Noord"),
    Rol.PROCESREGISSEUR: ("procesregisseur", "Zorg- en Veiligheidshuis Noord-Holland Noord"),
    Rol.KETENREGISSEUR: ("ketenregisseur", "Zorg- en Veiligheidshuis Noord-Holland Noord"),
    Rol.ANALIST: ("analist", "VNG"),
    Rol.REDACTEUR: ("redacteur", "VNG"),
    Rol.APPLICATIEBEHEERDER: ("applicatiebeheer", "VNG"),
}


DEMO_SIGNALEN = [
    # (wat, vormen, sector, herkomst, acuut, stappen)
    ("Bij een controle op een vakantiepark wonen twaalf arbeidsmigranten in één chalet; de werkgever houdt hun paspoorten.",
     ["arbeid"], "recreatie", "controle", False, ["verrijken", "lokaal_bespreken", "riec_inbrengen"]),
    ("Jonge vrouw aan de balie weet haar eigen adres niet; een oudere man spreekt voor haar en houdt haar papieren vast.",
     ["seksueel"], "anders", "balie", True, []),
    ("Wijkteam: jongen van 16 brengt 's nachts pakketjes rond en heeft een schuld bij 'vrienden'.",
     ["crimineel"], "anders", "gesprek", False, ["verrijken"]),
    ("Melding van een buurman: busje haalt elke ochtend om 5 uur mensen op bij een woning aan de Industrieweg.",
     ["onbekend"], "uitzend", "melding", False, ["verrijken", "terugkoppelen", "afsluiten"]),
]


def demo_totp_secret() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()


class Command(BaseCommand):
    help = "Demo-organisaties en één demogebruiker per rol aanmaken (niet in productie)."

    def _demo_signalen(self, gemeente):
        from django.utils import timezone

        from kompas.accounts.actor import actor_for
        from kompas.meldroute import services
        from kompas.meldroute.models import Signaal

        if Signaal.objects.filter(gemeente=gemeente).exists():
            return
        melder = actor_for(User.objects.get(username="medewerker"), gemeente.pk)
        af = actor_for(User.objects.get(username="aandachtsfunctionaris"), gemeente.pk)
        for wat, vormen, sector, herkomst, acuut, stappen in DEMO_SIGNALEN:
            s = services.signaal_melden(actor=melder, wat=wat, wanneer=timezone.localdate(), vormen=vormen, sector=sector,
                                        herkomst=herkomst, acuut=acuut)
            if stappen:
                services.verrijking_toevoegen(actor=af, signaal=s, bron="brp", grondslag="Wet BRP, art. 3.2 (demo)",
                                              tekst="Op het adres staan meer personen ingeschreven dan er kunnen wonen (demo).")
            for stap in stappen:
                services.transitie_uitvoeren(
                    actor=af, signaal=s, transitie=stap, reden="Demo-stap", overleg="ondermijningsoverleg",
                    terugkoppeling="Dank voor uw melding. Het signaal is bekeken; er is geen aanwijzing voor mensenhandel gevonden, wel voor een overtreding die handhaving oppakt.",
                    uitkomst="ander_fenomeen", ander_fenomeen="Overbewoning (demo)",
                )

    def _demo_monitor(self, jaar: int) -> str:
        """A cleaned and coded 2021 wave with synthetic answers, and an open wave of this year
        with invitations; returns the personal link of Gemeente Hoorn."""
        from datetime import date, timedelta

        from django.urls import reverse
        from django.utils import timezone

        from kompas.monitor.models import Meting, Uitnodiging, Vragenlijst
        from kompas.monitor.opschoning import regels_toepassen
        from kompas.monitor.respons import organisaties_van_jaar
        from kompas.monitor.services import inzendingen_importeren, vragenlijsten_laden
        from kompas.monitor.synthetisch import demo_coderen, export_maken
        from kompas.monitor.uitnodigingen import uitgenodigden_importeren, uitnodigingen_aanmaken

        vragenlijsten_laden()  # they come with a migration, but a flushed test database lacks them
        lijsten = list(Vragenlijst.objects.filter(code__in=["gemeente-2021", "zvh-2021"]))
        per_doelgroep = {lijst.doelgroep: lijst for lijst in lijsten}
        oud, nieuw = Meting.objects.get_or_create(code="2021", defaults={
            "naam": "Monitor aanpak mensenhandel 2021 (demo, verzonnen antwoorden)", "jaar": 2021,
            "open_van": date(2021, 9, 20), "open_tot": date(2021, 10, 6)})
        if nieuw:
            oud.vragenlijsten.set(lijsten)
            codes = sorted(Gemeente.objects.filter(jaar=2021).values_list("cbs_code", flat=True))
            self._zvh_ook_in(2021)
            zvh = list(organisaties_van_jaar(2021, "zvh"))
            # as in seed 000 §2.1: the tool sent it to the gemeenten with contact details (here: all but 21)
            codes = [c for i, c in enumerate(codes) if i % 17 != 5 or c == "GM0405"][:331]
            uitgenodigden_importeren(meting=oud, inhoud="\n".join(codes + zvh).encode())
            for doelgroep, orgs, respons in (("gemeente", codes, 0.63), ("zvh", zvh, 0.9)):
                inhoud = export_maken(per_doelgroep[doelgroep], orgs, respons=respons, altijd=("GM0405",))
                inzendingen_importeren(meting=oud, inhoud=inhoud, bestandsnaam=f"demo-{doelgroep}.csv")
            regels_toepassen(oud)
            demo_coderen(oud)
        vandaag = timezone.localdate()
        huidig, nieuw = Meting.objects.get_or_create(code=str(jaar), defaults={
            "naam": f"Monitor aanpak mensenhandel {jaar} (demo)", "jaar": jaar, "vorige": oud,
            "open_van": vandaag - timedelta(days=1), "open_tot": vandaag + timedelta(days=60)})
        if nieuw:
            huidig.vragenlijsten.set(lijsten)
            uitnodigingen_aanmaken(meting=huidig)
        u = Uitnodiging.objects.filter(meting=huidig, organisatie_code="GM0405").first()
        return reverse("monitor:invullen", args=[u.token]) if u else ""

    @staticmethod
    def _zvh_ook_in(jaar: int) -> None:
        """The demo's ZVH division is for the current year; a wave counts the regions of its own
        year, so give the 2021 gemeenten with the same code the same region (demo data only)."""
        from kompas.regio.models import RegioLidmaatschap

        oud = {g.cbs_code: g for g in Gemeente.objects.filter(jaar=jaar)}
        nieuw = [RegioLidmaatschap(gemeente=oud[lid.gemeente.cbs_code], regio=lid.regio, indeling=Indeling.ZVH, bron=lid.bron)
                 for lid in RegioLidmaatschap.objects.filter(indeling=Indeling.ZVH).exclude(gemeente__jaar=jaar).select_related("gemeente")
                 if lid.gemeente.cbs_code in oud]
        RegioLidmaatschap.objects.bulk_create(nieuw, ignore_conflicts=True)

    def add_arguments(self, parser):
        parser.add_argument("--stil", action="store_true", help="Geen inloggegevens tonen.")

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.KOMPAS_DEMO_ALLOWED:
            raise CommandError("De demo draait niet met productie-instellingen: demogebruikers hebben een bekend wachtwoord.")
        if not Gemeente.objects.exists():
            referentiedata_laden()
        jaar = huidig_jaar()
        if not Regio.objects.filter(indeling=Indeling.ZVH).exists():
            lidmaatschappen_importeren(text=(DATA_DIR / "demo_zvh_vrouwenopvang.csv").read_text(encoding="utf-8"), jaar=jaar)
        zvh_regio = Regio.objects.get(indeling=Indeling.ZVH, code="ZVH-NHN")
        politie = Regio.objects.get(indeling=Indeling.POLITIE_EENHEID, naam="Noord-Holland")
        orgs = {}
        for code, naam in GEMEENTEN:
            orgs[naam], _ = Organisatie.objects.update_or_create(naam=naam, defaults={"type": OrganisatieType.GEMEENTE, "cbs_code": code})
        for naam, type_, regio in [
            ("Zorg- en Veiligheidshuis Noord-Holland Noord", OrganisatieType.ZVH, zvh_regio),
            ("RIEC Noord-Holland", OrganisatieType.RIEC, politie),
            ("Politie eenheid Noord-Holland", OrganisatieType.POLITIE, politie),
            ("Zorgaanbieder De Haven (fictief)", OrganisatieType.ZORGAANBIEDER, zvh_regio),
            ("CoMensha", OrganisatieType.COMENSHA, None),
            ("VNG", OrganisatieType.VNG, None),
        ]:
            orgs[naam], _ = Organisatie.objects.update_or_create(naam=naam, defaults={"type": type_, "regio": regio})
        key = DEMO_TOTP_KEY_HEX
        rows = []
        for rol, (username, org_name) in DEMO_USERS.items():
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={"email": f"{username}@{DEMO_DOMAIN}", "first_name": rol.label, "last_name": "(demo)", "is_active": True},
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            Lidmaatschap.objects.get_or_create(user=user, organisatie=orgs[org_name], rol=rol)
            TOTPDevice.objects.filter(user=user).exclude(key=key).delete()
            TOTPDevice.objects.get_or_create(user=user, key=key, defaults={"name": "Demo-app", "confirmed": True})
            rows.append((rol.label, username, org_name))
        self._demo_signalen(orgs["Gemeente Hoorn"])
        from kompas.kennisbank.services import inhoud_laden

        inhoud_laden()
        link = self._demo_monitor(jaar)
        if options["stil"]:
            return
        self.stdout.write(self.style.SUCCESS("Demo klaar. Inloggen op http://127.0.0.1:8000/ met:"))
        width = max(len(r[1]) for r in rows)
        for label, username, org in rows:
            self.stdout.write(f"  {username.ljust(width)}  {label} – {org}")
        self.stdout.write(f"Wachtwoord voor alle demogebruikers: {DEMO_PASSWORD}")
        self.stdout.write(f"TOTP-geheim (voeg toe aan een authenticator-app): {demo_totp_secret()}")
        self.stdout.write("Of laat de huidige code zien met: kompas demo_code")
        self.stdout.write(f"Monitor: de vragenlijst van Gemeente Hoorn invullen zonder account: http://127.0.0.1:8000{link}")
