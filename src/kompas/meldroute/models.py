"""Signals of possible human trafficking and everything recorded about them.

Signals are special-category personal data. Figures never read these tables: every change
keeps a non-identifying :class:`SignaalStatistiek` row up to date, which survives the
removal of the signal (the tombstone) so counts stay correct after retention. Every change
of a statistics row in turn moves the counts in :class:`SignaalTelling` (per gemeente, per
characteristic) in the same transaction, so the figures of any scope are one sum over a few
thousand rows instead of a pass over every signal.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kompas.core.bestanden import prive_opslag
from kompas.core.datums import datum
from kompas.core.models import AppendOnly
from kompas.meldroute.constants import (
    BEWAARTERMIJN_STANDAARD_MAANDEN,
    Herkomst,
    Overleg,
    Sector,
    Status,
    Uitkomst,
    VerrijkingBron,
    Vorm,
)


def _private_storage():
    return prive_opslag("bijlagen")


def _bijlage_pad(instance, filename):
    return f"{instance.signaal.gemeente_id}/{uuid.uuid4().hex}"


class Signaal(models.Model):
    referentie = models.CharField(_("referentienummer"), max_length=20, unique=True)
    gemeente = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="signalen", verbose_name=_("gemeente")
    )
    melder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="gemelde_signalen",
        verbose_name=_("melder"),
    )
    wat = models.TextField(_("wat heeft u gezien of gehoord?"), max_length=5000)
    waar = models.CharField(_("waar?"), max_length=300, blank=True)
    wanneer = models.DateField(_("wanneer?"))
    vorm_seksueel = models.BooleanField(default=False)
    vorm_arbeid = models.BooleanField(default=False)
    vorm_crimineel = models.BooleanField(default=False)
    vorm_orgaan = models.BooleanField(default=False)
    vorm_onbekend = models.BooleanField(default=False)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    herkomst = models.CharField(_("hoe kwam u dit tegen?"), max_length=20, choices=Herkomst.choices)
    acuut = models.BooleanField(_("acuut"), default=False)
    indicatoren = models.JSONField(_("herkende signalen"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ONTVANGEN, db_index=True
    )
    status_sinds = models.DateTimeField(_("status sinds"))
    hoogste_stap = models.PositiveSmallIntegerField(_("hoogste stap"), default=2)
    overleg = models.CharField(_("besproken in"), max_length=30, choices=Overleg.choices, blank=True)
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=Uitkomst.choices, blank=True)
    ander_fenomeen = models.CharField(_("welk ander fenomeen"), max_length=200, blank=True)
    terugkoppeling = models.TextField(_("terugkoppeling aan de melder"), blank=True, max_length=3000)
    terugkoppeling_op = models.DateTimeField(_("terugkoppeling gegeven op"), null=True, blank=True)
    aangemaakt_op = models.DateTimeField(_("gemeld op"), db_index=True)
    afgesloten_op = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    gerelateerd = models.ManyToManyField("self", blank=True, symmetrical=True, verbose_name=_("gerelateerde signalen"))

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-acuut", "-aangemaakt_op"]
        indexes = [
            models.Index(fields=["gemeente", "status", "-acuut", "-aangemaakt_op"], name="signaal_inbox"),
            models.Index(fields=["melder", "-aangemaakt_op"], name="signaal_melder"),
        ]

    def __str__(self) -> str:
        return self.referentie

    @property
    def vormen(self) -> list[str]:
        return [v for v in Vorm.values if getattr(self, f"vorm_{v}")]

    def get_vormen_display(self) -> str:
        return ", ".join(str(Vorm(v).label) for v in self.vormen)


class StatusWijziging(AppendOnly):
    """History of the route: appended for every transition, never edited."""

    wijzigen_geweigerd = "De geschiedenis van een signaal wordt niet gewijzigd."

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="geschiedenis")
    van = models.CharField(max_length=20, choices=Status.choices, blank=True)
    naar = models.CharField(max_length=20, choices=Status.choices)
    transitie = models.CharField(max_length=40)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    door_repr = models.CharField(max_length=300)
    tijdstip = models.DateTimeField()
    reden = models.TextField(max_length=2000)

    class Meta:
        ordering = ["tijdstip", "id"]

    def __str__(self) -> str:
        return f"{self.signaal_id}: {self.van} → {self.naar}"


class Verrijking(models.Model):
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="verrijkingen")
    bron = models.CharField(_("bron"), max_length=20, choices=VerrijkingBron.choices)
    grondslag = models.CharField(_("wettelijke grondslag voor het raadplegen"), max_length=300)
    tekst = models.TextField(_("bevinding"), max_length=5000)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    tijdstip = models.DateTimeField()

    class Meta:
        ordering = ["tijdstip", "id"]

    def __str__(self) -> str:
        return f"{self.get_bron_display()} ({datum(self.tijdstip)})"


class Bijlage(models.Model):
    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="bijlagen")
    bestand = models.FileField(storage=_private_storage, upload_to=_bijlage_pad, max_length=200)
    naam = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=100)
    grootte = models.PositiveIntegerField()
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    tijdstip = models.DateTimeField()

    class Meta:
        ordering = ["tijdstip", "id"]

    def __str__(self) -> str:
        return self.naam


# The fields of a statistics row that the counts follow; ``verwijderd_op`` is not among them
# (a tombstone still counts).
GETELDE_VELDEN = frozenset(
    {
        "gemeente_code",
        "maand",
        "sector",
        "herkomst",
        "hoogste_stap",
        "uitkomst",
        "doorlooptijd_dagen",
        *(f"vorm_{v}" for v in Vorm.values),
    }
)
# characteristic → the field whose value is counted (the forms are counted when true)
KENMERKEN = {
    "maand": "maand",
    "sector": "sector",
    "herkomst": "herkomst",
    "stap": "hoogste_stap",
    "uitkomst": "uitkomst",
}


def _tekst(waarde) -> str:
    return waarde.isoformat() if isinstance(waarde, date) else str(waarde)


def bijdragen(stat: SignaalStatistiek | None) -> Counter:
    """The counts one statistics row adds to: (gemeente, characteristic, value) → 1."""
    c: Counter = Counter()
    if stat is None:
        return c
    g = stat.gemeente_code
    c[(g, "totaal", "")] += 1
    for kenmerk, veld in KENMERKEN.items():
        c[(g, kenmerk, _tekst(getattr(stat, veld)))] += 1
    for v in Vorm.values:
        if getattr(stat, f"vorm_{v}"):
            c[(g, "vorm", v)] += 1
    if stat.doorlooptijd_dagen is not None:
        c[(g, "doorlooptijd", str(stat.doorlooptijd_dagen))] += 1
    return c


def tellingen_uit_statistiek(qs) -> Counter:
    """The counts computed afresh from statistics rows (grouped queries, one per
    characteristic): what :class:`SignaalTelling` must always equal, and how it is rebuilt."""
    c: Counter = Counter()

    def tel(kenmerk, rows):
        for g, waarde, n in rows:
            c[(g, kenmerk, _tekst(waarde))] += n

    tel("totaal", ((g, "", n) for g, n in qs.values_list("gemeente_code").annotate(n=Count("id")).order_by()))
    for kenmerk, veld in KENMERKEN.items():
        tel(kenmerk, qs.values_list("gemeente_code", veld).annotate(n=Count("id")).order_by())
    for v in Vorm.values:
        tel(
            "vorm",
            (
                (g, v, n)
                for g, n in qs.filter(**{f"vorm_{v}": True})
                .values_list("gemeente_code")
                .annotate(n=Count("id"))
                .order_by()
            ),
        )
    tel(
        "doorlooptijd",
        qs.exclude(doorlooptijd_dagen=None)
        .values_list("gemeente_code", "doorlooptijd_dagen")
        .annotate(n=Count("id"))
        .order_by(),
    )
    return c


def tellingen_aanpassen(delta: Counter, model: type[models.Model] | None = None) -> None:
    """Add ``delta`` to the counts in one statement (an upsert that adds, so concurrent
    changes of the same count both land; keys sorted so two writers lock them in the same order)."""
    rows = sorted((k, n) for k, n in delta.items() if n)
    if not rows:
        return
    table = (model or SignaalTelling)._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 200):  # 800 parameters at most (SQLite's limit is 999 in old builds)
            deel = rows[start : start + 200]
            placeholders = ", ".join(["(%s, %s, %s, %s)"] * len(deel))
            cursor.execute(
                f"INSERT INTO {table} (gemeente_code, kenmerk, waarde, aantal) VALUES {placeholders} "  # noqa: S608 - our own table name
                f"ON CONFLICT (gemeente_code, kenmerk, waarde) DO UPDATE SET aantal = {table}.aantal + excluded.aantal",
                [x for (g, kenmerk, waarde), n in deel for x in (g, kenmerk, waarde, n)],
            )


def tellingen_herbouwen(statistiek_model=None, telling_model=None) -> int:
    """Compute every count afresh from the statistics rows and replace ``SignaalTelling``
    with them (after a bulk load that passed the models by, e.g. a benchmark's COPY, or when
    ``tellingen_controleren`` finds a difference). Writers wait meanwhile (PostgreSQL)."""
    statistiek_model = statistiek_model or SignaalStatistiek
    telling_model = telling_model or SignaalTelling
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {statistiek_model._meta.db_table} IN SHARE MODE")  # noqa: S608
        tellingen = tellingen_uit_statistiek(statistiek_model._base_manager.all())
        telling_model._base_manager.all().delete()
        telling_model._base_manager.bulk_create(
            [
                telling_model(gemeente_code=g, kenmerk=k, waarde=w, aantal=n)
                for (g, k, w), n in sorted(tellingen.items())
                if n
            ],
            batch_size=5000,
        )
    return len(tellingen)


def tellingen_controleren() -> dict[tuple[str, str, str], tuple[int, int]]:
    """The counts where ``SignaalTelling`` differs from a fresh computation:
    key → (kept, computed). Empty when they agree, as they always should."""
    vers = tellingen_uit_statistiek(SignaalStatistiek.objects.all())
    bewaard = Counter({(t.gemeente_code, t.kenmerk, t.waarde): t.aantal for t in SignaalTelling.objects.all()})
    return {k: (bewaard[k], vers[k]) for k in set(vers) | set(bewaard) if bewaard[k] != vers[k]}


class SignaalStatistiekQuerySet(models.QuerySet):
    """Bulk writes that would pass the counts by are refused or keep them in step."""

    def update(self, **kwargs):
        if GETELDE_VELDEN & set(kwargs):
            raise TypeError(
                "Counted fields of SignaalStatistiek change through save(), which keeps SignaalTelling in step."
            )
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if GETELDE_VELDEN & set(fields):
            raise TypeError(
                "Counted fields of SignaalStatistiek change through save(), which keeps SignaalTelling in step."
            )
        return super().bulk_update(objs, fields, *args, **kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise TypeError(
                "SignaalStatistiek.bulk_create cannot skip or overwrite rows and keep SignaalTelling in step."
            )
        with transaction.atomic():
            created = super().bulk_create(objs, *args, **kwargs)
            delta: Counter = Counter()
            for stat in created:
                delta.update(bijdragen(stat))
            tellingen_aanpassen(delta)
        return created

    def delete(self):
        with transaction.atomic():
            delta: Counter = Counter()
            for oud in self.select_for_update():
                delta.subtract(bijdragen(oud))
            result = super().delete()
            tellingen_aanpassen(delta)
        return result


class SignaalStatistiek(models.Model):
    """Non-identifying figures of one signal; outlives the signal (tombstone). Saving or
    deleting one moves :class:`SignaalTelling` in the same transaction."""

    signaal_id = models.BigIntegerField(unique=True)
    gemeente_code = models.CharField(max_length=6, db_index=True)
    maand = models.DateField(db_index=True)
    vorm_seksueel = models.BooleanField(default=False)
    vorm_arbeid = models.BooleanField(default=False)
    vorm_crimineel = models.BooleanField(default=False)
    vorm_orgaan = models.BooleanField(default=False)
    vorm_onbekend = models.BooleanField(default=False)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    herkomst = models.CharField(max_length=20, choices=Herkomst.choices)
    acuut = models.BooleanField(default=False)
    hoogste_stap = models.PositiveSmallIntegerField(default=2)
    uitkomst = models.CharField(max_length=20, choices=Uitkomst.choices, blank=True)
    doorlooptijd_dagen = models.PositiveIntegerField(null=True)
    verwijderd_op = models.DateTimeField(null=True, blank=True)

    objects = SignaalStatistiekQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["gemeente_code", "maand"], name="stat_gemeente_maand"),
            models.Index(
                fields=["doorlooptijd_dagen"],
                name="stat_doorlooptijd",
                condition=models.Q(doorlooptijd_dagen__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"statistiek signaal {self.signaal_id}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            manager = type(self)._base_manager
            oud = manager.select_for_update().filter(pk=self.pk).first() if self.pk is not None else None
            super().save(*args, **kwargs)
            delta = bijdragen(manager.get(pk=self.pk))  # as stored, whatever update_fields left out
            delta.subtract(bijdragen(oud))
            tellingen_aanpassen(delta)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            oud = type(self)._base_manager.select_for_update().filter(pk=self.pk).first()
            result = super().delete(*args, **kwargs)
            delta: Counter = Counter()
            delta.subtract(bijdragen(oud))
            tellingen_aanpassen(delta)
        return result


class SignaalTelling(models.Model):
    """How many statistics rows of one gemeente have one characteristic: ``kenmerk`` is
    totaal, maand (``waarde`` an ISO date), vorm, sector, herkomst, stap, uitkomst or
    doorlooptijd (days). Kept by :class:`SignaalStatistiek`'s writes, never written
    elsewhere; ``tellingen_uit_statistiek`` computes the same numbers afresh."""

    gemeente_code = models.CharField(max_length=6)
    kenmerk = models.CharField(max_length=20)
    waarde = models.CharField(max_length=20, blank=True)
    aantal = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gemeente_code", "kenmerk", "waarde"], name="telling_uniek")]

    def __str__(self) -> str:
        return f"{self.gemeente_code} {self.kenmerk}={self.waarde}: {self.aantal}"


class MeldrouteInstelling(models.Model):
    """Per gemeente: how long closed signals without follow-up are kept, and how long a
    signal may wait in each step before it is marked overdue."""

    gemeente = models.OneToOneField(
        "accounts.Organisatie", on_delete=models.CASCADE, related_name="meldroute_instelling"
    )
    bewaartermijn_maanden = models.PositiveSmallIntegerField(
        _("bewaartermijn (maanden na afsluiten)"), default=BEWAARTERMIJN_STANDAARD_MAANDEN
    )
    termijnen_dagen = models.JSONField(_("termijn per stap (dagen)"), default=dict, blank=True)

    def __str__(self) -> str:
        return f"meldroute-instellingen {self.gemeente_id}"

    DEFAULT_TERMIJNEN = {
        Status.ONTVANGEN: 2,
        Status.VERRIJKT: 10,
        Status.LOKAAL: 20,
        Status.RIEC: 30,
        Status.INFORMATIEPLEIN: 30,
        Status.TERUGKOPPELING: 14,
    }

    def termijn(self, status: str) -> int | None:
        value = (self.termijnen_dagen or {}).get(status, self.DEFAULT_TERMIJNEN.get(status))
        return int(value) if value is not None else None


class PartnerVerzoek(models.Model):
    """An explicit, logged share with a partner at step 4-6, asking a structured answer.

    The partner sees only what the aandachtsfunctionaris chose to share here (never the
    signal itself), after logging in; the e-mail only says there is a request and links to it.
    """

    class Stand(models.TextChoices):
        OPEN = "open", _("Wacht op antwoord")
        BEANTWOORD = "beantwoord", _("Beantwoord")
        INGETROKKEN = "ingetrokken", _("Ingetrokken")

    class Opgepakt(models.TextChoices):
        JA = "ja", _("Ja, opgepakt")
        ONDERZOEK = "onderzoek", _("In onderzoek")
        NEE = "nee", _("Nee, niet opgepakt")
        NIET_BEVOEGD = "niet_bevoegd", _("Niet aan ons; doorgezet naar een andere partner")

    signaal = models.ForeignKey(Signaal, on_delete=models.CASCADE, related_name="partnerverzoeken")
    partner = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="partnerverzoeken", verbose_name=_("partner")
    )
    stap = models.PositiveSmallIntegerField(
        _("stap"),
        choices=[
            (4, _("Stap 4: lokaal overleg, politie of PCT")),
            (5, _("Stap 5: RIEC")),
            (6, _("Stap 6: informatieplein RIEC")),
        ],
    )
    gedeeld = models.TextField(_("wat u met de partner deelt"), max_length=2000)
    vraag = models.CharField(_("vraag aan de partner"), max_length=500)
    deadline = models.DateField(_("antwoord graag vóór"))
    stand = models.CharField(max_length=20, choices=Stand.choices, default=Stand.OPEN)
    opgepakt = models.CharField(_("is het signaal opgepakt?"), max_length=20, choices=Opgepakt.choices, blank=True)
    terugkoppeling = models.TextField(_("wat mag aan de melder worden teruggekoppeld?"), max_length=2000, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    aangemaakt_op = models.DateTimeField()
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    beantwoord_op = models.DateTimeField(null=True, blank=True)
    herinnerd_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("partnerverzoek")
        verbose_name_plural = _("partnerverzoeken")

    def __str__(self) -> str:
        return f"verzoek {self.pk} aan {self.partner_id}"


class ReferentieTeller(models.Model):
    """The last reference number handed out per gemeente and year.

    A report locks its gemeente's row (``select_for_update``) and counts on, so two reports
    never get the same number, whatever runs at the same moment (issue 12 item 1)."""

    gemeente = models.ForeignKey("accounts.Organisatie", on_delete=models.CASCADE, related_name="+")
    jaar = models.PositiveSmallIntegerField()
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gemeente", "jaar"], name="referentieteller_gemeente_jaar")]

    def __str__(self) -> str:
        return f"{self.gemeente_id}/{self.jaar}: {self.laatste}"
