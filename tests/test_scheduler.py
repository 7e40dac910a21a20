from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from kompas.core.models import GeplandeTaak
from kompas.core.scheduler import PERIODIEKE_TAKEN, plan

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def test_due_moments():
    daily = next(j for j in PERIODIEKE_TAKEN if j.naam == "meldroute.bewaartermijnen")
    weekly = next(j for j in PERIODIEKE_TAKEN if j.naam == "meldroute.achterstanden")
    assert daily.laatste_moment(datetime(2026, 11, 22, 3, 0, tzinfo=AMS)) == datetime(2026, 11, 22, 2, 30, tzinfo=AMS)
    assert daily.laatste_moment(datetime(2026, 11, 22, 1, 0, tzinfo=AMS)) == datetime(2026, 11, 21, 2, 30, tzinfo=AMS)
    # 22 November 2026 is a Sunday: the last Monday 07:00 was the 16th
    assert weekly.laatste_moment(datetime(2026, 11, 22, 12, 0, tzinfo=AMS)) == datetime(2026, 11, 16, 7, 0, tzinfo=AMS)


def test_plan_queues_each_job_once_per_due_moment(django_capture_on_commit_callbacks, monkeypatch):
    ran = []
    import kompas.meldroute.jobs as jobs  # the job calls the service by the name it imported

    monkeypatch.setattr(jobs, "bewaartermijnen_handhaven", lambda **kw: ran.append("retentie") or 0)
    t = datetime(2026, 11, 23, 8, 0, tzinfo=AMS)  # a Monday after 07:00
    with django_capture_on_commit_callbacks(execute=True):
        assert sorted(plan(t)) == [
            "audit.bewaartermijn",
            "core.gegevensversie",
            "meldroute.achterstanden",
            "meldroute.bewaartermijnen",
            "meldroute.partnerherinneringen",
            "monitor.herinneringen",
            "zorg.acties_stil",
            "zorg.b8_einde",
            "zorg.bewaartermijnen",
        ]
    assert ran == ["retentie"]
    with django_capture_on_commit_callbacks(execute=True):
        assert plan(t) == []  # nothing due twice
    with django_capture_on_commit_callbacks(execute=True):
        # 02:31 next day: the retention job, and the 09:00 reminders of the day before
        assert sorted(plan(datetime(2026, 11, 24, 2, 31, tzinfo=AMS))) == [
            "meldroute.bewaartermijnen",
            "monitor.herinneringen",
        ]
    assert GeplandeTaak.objects.count() == 9


def test_planner_command_runs_once(capsys):
    call_command("planner", "--eenmalig")
    out = capsys.readouterr().out
    assert "meldroute.bewaartermijnen: dagelijks om 02:30" in out
    # a first round finds every task due: each is queued once and its due moment recorded
    names = {job.naam for job in PERIODIEKE_TAKEN}
    assert {line.rsplit("ingepland: ", 1)[1] for line in out.splitlines() if "ingepland: " in line} == names
    assert set(GeplandeTaak.objects.values_list("naam", flat=True)) == names
    assert all(row.laatst_ingepland <= timezone.now() for row in GeplandeTaak.objects.all())
    call_command("planner", "--eenmalig")
    assert "ingepland: " not in capsys.readouterr().out  # a second round queues nothing again
