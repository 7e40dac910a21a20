"""The layers and the registry: core at the bottom imports no app above it, no import cycles
(the import-linter contracts in pyproject.toml), and the apps plug into core's registry."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(src: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own venv's lint-imports, fixed arguments
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=cwd,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_import_contracts_hold():
    result = _lint_imports(ROOT / "src", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


LAYERS = "Layers: core at the bottom, no domain above it"
ACYCLIC = "No import cycles between apps, nor between the modules of one app"
ACCOUNTS_MODELS = "Apps above accounts read it through its selectors, not its models"
REGIO_MODELS = "Apps above regio read it through its selectors, not its models"
AUDIT_MODELS = "Apps above audit write it through its services, not its models"


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        # core importing a domain app: upward, and a cycle (meldroute imports core)
        ("core/_verboden.py", "from kompas.meldroute import policies\n", [LAYERS, ACYCLIC]),
        # two domain apps of one layer depending on each other
        ("zelfscan/_verboden.py", "from kompas.monitor import selectors\n", [LAYERS]),
        # a cycle inside one app: tasks calling back into the services that enqueue them
        ("meldroute/_verboden.py", "from kompas.meldroute import services\n", [ACYCLIC]),
        # a domain app reading another app's models instead of its selectors (allowed by the layers)
        ("zorg/_verboden.py", "from kompas.accounts.models import Organisatie\n", [ACCOUNTS_MODELS]),
        # the same through "from kompas.accounts import models", in regio (above accounts, below the domain)
        ("regio/_verboden.py", "from kompas.accounts import models\n", [ACCOUNTS_MODELS]),
        # a domain app querying the reference data's models instead of regio's selectors
        ("monitor/_verboden.py", "from kompas.regio.models import Gemeente\n", [REGIO_MODELS]),
        # writing or reading the audit log's rows past its services
        ("meldroute/_verboden.py", "from kompas.audit.models import AuditEntry\n", [AUDIT_MODELS]),
    ],
)
def test_a_forbidden_import_breaks_a_contract(tmp_path, module, source, broken):
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "kompas",
        src / "kompas",
        ignore=shutil.ignore_patterns("static", "templates", "data", "inhoud", "locale", "__pycache__"),
    )
    if module.startswith("meldroute"):  # make tasks import the module that imports services: tasks -> services -> tasks
        (src / "kompas" / "meldroute" / "tasks.py").write_text(
            (src / "kompas" / "meldroute" / "tasks.py").read_text()
            + "\nfrom kompas.meldroute import _verboden  # noqa\n"
        )
    (src / "kompas" / module).write_text(source)
    result = _lint_imports(src, tmp_path)
    assert result.returncode == 1, result.stdout
    for name in (LAYERS, ACYCLIC, ACCOUNTS_MODELS, REGIO_MODELS, AUDIT_MODELS):
        assert f"{name} {'BROKEN' if name in broken else 'KEPT'}" in result.stdout


def test_every_policy_names_existing_roles():
    """Audit names its role by value (it sits below accounts); a typo would silently deny."""
    from django.apps import apps

    from kompas.accounts.constants import Rol
    from kompas.core.policy import Policy

    policies = []
    for config in apps.get_app_configs():
        if config.name.startswith("kompas."):
            try:
                module = __import__(f"{config.name}.policies", fromlist=["policy"])
            except ModuleNotFoundError:
                continue
            policies.append(module.policy)
    assert {p.app for p in policies} >= {"audit", "accounts", "meldroute", "monitor", "regio", "zelfscan", "kennisbank"}
    for policy in policies:
        assert isinstance(policy, Policy)
        for action, rule in policy.rules.items():
            assert rule.roles <= set(Rol.values), (policy.app, action, rule.roles - set(Rol.values))


def test_the_apps_fill_the_registry():
    from django.utils.module_loading import import_string

    from kompas.core.registry import registry
    from kompas.core.scheduler import PERIODIEKE_TAKEN

    assert [s.name for s in registry.demo_steps] == ["regio", "accounts", "meldroute", "zorg", "kennisbank", "monitor"]
    assert {j.naam for j in PERIODIEKE_TAKEN} == {
        "meldroute.bewaartermijnen",
        "meldroute.achterstanden",
        "meldroute.partnerherinneringen",
        "monitor.herinneringen",
        "zorg.bewaartermijnen",
        "zorg.acties_stil",
        "zorg.b8_einde",
        "audit.bewaartermijn",
        "core.gegevensversie",
    }
    assert {"zorg.doorverwijzen", "zorg.doorverwijzingen_voor_signaal", "zorg.contact_voor_gemeente"} <= set(
        registry.services
    )
    for job in PERIODIEKE_TAKEN:
        assert callable(job.task().enqueue)
    # core/achtergrond.py knows no app's tasks: the monitor registers its long ones and their clean-up
    assert set(registry.lange_taken) == {
        "kompas.monitor.tasks.rapport_maken",
        "kompas.monitor.jobs.inzendingen_inlezen",
    }
    for lang in registry.lange_taken.values():
        assert callable(import_string(lang.task_path).enqueue) and callable(import_string(lang.bij_afgebroken))
    names = [item.url_name for item in registry.navigation]
    assert names[0] == "core:dashboard" and names[-1] == "accounts:profile"
    assert len(names) == len(set(names))


def test_the_documented_layers_are_the_contract():
    """docs/architecture.md draws the layers of the import-linter contract, in the same order."""
    import re
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["id"] == "layers")["layers"]
    doc = (ROOT / "docs" / "architecture.md").read_text()
    block = doc.split("## Lagen", 1)[1].split("```", 2)[1]
    drawn = [re.split(r"\s{2,}", line.strip())[0] for line in block.strip().splitlines()]
    assert drawn == layers


def test_registering_twice_adds_nothing():
    """Django may populate the apps again (e.g. a test that swaps INSTALLED_APPS)."""
    from django.apps import apps

    from kompas.core.registry import registry

    before = (
        list(registry.navigation),
        {r: list(p) for r, p in registry.panels.items()},
        list(registry.demo_steps),
        list(registry.periodic_tasks),
    )
    for config in apps.get_app_configs():
        if config.name.startswith("kompas."):
            config.ready()
    after = (
        list(registry.navigation),
        {r: list(p) for r, p in registry.panels.items()},
        list(registry.demo_steps),
        list(registry.periodic_tasks),
    )
    assert after == before


def test_the_demo_is_its_own_top_layer_app():
    """`kompas demo` and `kompas demo_code` belong to kompas.demo (layer `api | demo`), not to core
    or accounts; it finds the apps' demo steps through the registry."""
    from django.core.management import get_commands

    commands = get_commands()
    assert commands["demo"] == "kompas.demo"
    assert commands["demo_code"] == "kompas.demo"
    assert not (ROOT / "src" / "kompas" / "core" / "management" / "commands" / "demo.py").exists()


# the one direct write left in a demo step, and why: no service moves a timestamp back in time
DEMO_WRITES_ALLOWED = {
    ("zorg/demo.py", "Zorgactie.objects.filter(pk=acties[2].pk).update(bijgewerkt_op="),
}


def test_demo_steps_write_only_through_services():
    """A demo step creates its data by calling the apps' write services (as SYSTEEM), like a user
    would: no model writes of its own, so the demo cannot build a state the services refuse."""
    import re

    write = re.compile(
        r"\.(save|delete|bulk_create|bulk_update|get_or_create|update_or_create|update)\(|objects\.create\("
    )
    found = set()
    for path in sorted((ROOT / "src" / "kompas").glob("*/demo.py")) + sorted(
        (ROOT / "src" / "kompas" / "demo").rglob("*.py")
    ):
        for line in path.read_text().splitlines():
            if write.search(line):
                found.add((str(path.relative_to(ROOT / "src" / "kompas")), line.strip()))
    unexpected = {
        (f, line) for f, line in found if not any(f == af and line.startswith(al) for af, al in DEMO_WRITES_ALLOWED)
    }
    assert unexpected == set()
