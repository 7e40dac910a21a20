"""The audit search stays cheap (issue 14): its rows written out in Python give the HTML the
template gave, and the page keeps its number of queries."""

import pytest
from django.template import engines
from django.urls import reverse

from kompas.accounts.constants import Rol
from kompas.audit import weergave
from kompas.audit.models import OVERRIDE_DETAIL, Actie, AuditEntry
from kompas.audit.services import audit_log_create

pytestmark = pytest.mark.django_db

# the loop of audit/list.html before the rows were written out in Python
OUDE_LUS = """{% load i18n %}{% for e in page %}<tr class="utrecht-table__row"><td class="utrecht-table__cell"><a class="utrecht-link" href="{% url 'audit:detail' e.pk %}">{{ e.tijdstip|date:"SHORT_DATETIME_FORMAT" }}</a></td><td class="utrecht-table__cell">{{ e.user_repr }}</td><td class="utrecht-table__cell">{{ e.actie_label }}</td><td class="utrecht-table__cell">{{ e.object_repr }}</td><td class="utrecht-table__cell">{% if e.details.override_grondslag %}<strong class="kompas-flag">{% translate "Zonder toestemming" %}</strong> {% endif %}{{ e.doel|default:"–" }}</td></tr>{% endfor %}"""  # noqa: E501


def test_rows_in_python_are_the_html_of_the_template(make_member):
    org = make_member(Rol.PRIVACY_OFFICER).lidmaatschappen.get().organisatie
    for actie in Actie.values:
        audit_log_create(actie=actie, organisatie=org, object_repr=f"signaal <{actie}> & 'x'", doel=f'"{actie}"')
    audit_log_create(actie=Actie.VIEW, organisatie=org, object_repr="zonder doel")
    audit_log_create(
        actie=Actie.CREATE, organisatie=org, object_repr="deling", details={OVERRIDE_DETAIL: "acuut gevaar"}
    )
    audit_log_create(actie=Actie.CREATE, organisatie=org, object_repr="lijst", details={"x": [1, 2]})
    entries = list(AuditEntry.objects.all())
    labels = {waarde: str(label) for waarde, label in Actie.choices}
    for e in entries:
        e.actie_label = labels.get(e.actie, e.actie)
    verwacht = engines["django"].from_string(OUDE_LUS).render({"page": entries})
    assert weergave.regels_html(AuditEntry.objects.values(*weergave.KOLOMMEN)) == verwacht
    assert "Zonder toestemming" in verwacht and "&lt;view&gt;" in verwacht and "–" in verwacht


def test_audit_search_stays_cheap(make_member, login, django_assert_max_num_queries, zonder_paginacache):
    po = make_member(Rol.PRIVACY_OFFICER)
    org = po.lidmaatschappen.get().organisatie
    for i in range(60):
        audit_log_create(actie=Actie.VIEW, organisatie=org, object_repr=f"signaal {i}")
    c = login(po)
    c.get(reverse("audit:list"), {"actie": "view"})
    with django_assert_max_num_queries(5):  # session, user, count, rows, audit record
        page = c.get(reverse("audit:list"), {"actie": "view"}).content.decode()
    assert page.count('class="utrecht-table__row"><td') == 50 and "signaal 59" in page


@pytest.mark.parametrize("formaat", ["d-m-Y H:i", "d/m/Y H:i:s", "Y-m-d", "j F Y H:i", r"d-m-Y \o\m H:i", "{d}"])
def test_date_format_in_python_is_djangos(formaat):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import dateformat

    tz = ZoneInfo("Europe/Amsterdam")
    for moment in [datetime(2026, 3, 29, 1, 59, 7, tzinfo=tz), datetime(987, 1, 2, 3, 4, 5, tzinfo=tz)]:
        assert weergave.datumformaat(formaat)(moment) == dateformat.format(moment, formaat)
