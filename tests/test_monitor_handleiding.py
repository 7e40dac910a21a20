"""The analyst's manual and the template per questionnaire (issue 13, item 7)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from kompas.accounts.constants import OrganisatieType, Rol
from kompas.core.schrijven import SYSTEEM
from kompas.monitor.models import Inzending, Vraag, Vragenlijst
from kompas.monitor.services import VASTE_KOLOMMEN, inzendingen_importeren, kolommen
from tests.conftest import member, verified_client
from tests.factories import OrganisatieFactory
from tests.monitor_world import meting, wereld

pytestmark = pytest.mark.django_db
HANDLEIDING = Path(__file__).resolve().parents[1] / "docs" / "monitor-handleiding.md"


def test_the_manual_names_every_column_and_value_of_every_built_in_questionnaire():
    tekst = HANDLEIDING.read_text(encoding="utf-8")
    for lijst in Vragenlijst.objects.filter(ingebouwd=True):
        assert f"### Vragenlijst `{lijst.code}`" in tekst
        deel = tekst.split(f"### Vragenlijst `{lijst.code}`")[1].split("###")[0]
        for kolom in kolommen(lijst):
            assert f"`{kolom}`" in (tekst if kolom in VASTE_KOLOMMEN else deel), (lijst.code, kolom)
        for vraag in lijst.vragen.filter(type=Vraag.Type.ENKEL).prefetch_related("opties"):
            rij = re.search(rf"^\| `{vraag.code}` \|.*$", deel, flags=re.M).group(0)
            for optie in vraag.opties.all():
                assert f"`{optie.code}` = " in rij, (vraag.code, optie.code)


def test_template_download_is_the_exchange_format_and_imports_once_filled_in():
    wereld()
    m = meting()
    analist = verified_client(
        member(Rol.ANALIST, OrganisatieFactory(naam="VNG", type=OrganisatieType.VNG, cbs_code=""))
    )
    page = analist.get(reverse("monitor:importeren", args=[m.code])).content.decode()
    assert (
        f'href="{reverse("monitor:handleiding")}"' in page.split("Het uitwisselformaat van de monitor")[1][:200]
    )  # "zie de handleiding" links
    for code in ("gemeente-2021", "zvh-2021"):
        url = reverse("monitor:sjabloon", args=[m.code]) + f"?vragenlijst={code}"
        assert f'href="{url}"' in page
        r = analist.get(url)
        assert r.status_code == 200 and "sjabloon-" + code in r["Content-Disposition"]
        kop = r.content.decode("utf-8-sig").strip()
        assert kop.split(";") == kolommen(Vragenlijst.objects.get(code=code))
    kop = (
        analist.get(reverse("monitor:sjabloon", args=[m.code]) + "?vragenlijst=gemeente-2021")
        .content.decode("utf-8-sig")
        .strip()
    )
    waarden = {
        "respons_id": "t1",
        "organisatie": "GM0001",
        "volledig": "nee",
        "B1_BELEID": "ontwikkeling",
        "B1_VORMEN_arbeid": "1",
    }
    rij = ";".join(waarden.get(k, "") for k in kop.split(";"))
    verslag = inzendingen_importeren(meting=m, inhoud=f"{kop}\n{rij}\n".encode(), actor=SYSTEEM)
    assert verslag.ingelezen == 1 and not verslag.fouten and not verslag.onbekende_kolommen
    assert Inzending.objects.get(meting=m).antwoorden == {"B1_BELEID": "ontwikkeling", "B1_VORMEN": ["arbeid"]}
    handleiding = analist.get(reverse("monitor:handleiding")).content.decode()
    assert (
        "<table>" in handleiding
        and "<code>B1_BELEID_anders</code>" in handleiding
        and "<script" not in handleiding.split("<main")[1]
    )
