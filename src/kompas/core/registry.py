"""Where the apps plug into the shell. Core reads this registry and imports no domain app.

Each app's ``AppConfig.ready()`` registers what it brings (see ``<app>/plugin.py``):

- navigation items (label, URL name, who sees it), ordered by ``order``;
- dashboard panels per role, with the check (usually a policy action) that shows them;
- extra dashboard context (e.g. the zelfscan's evaluation reminder);
- periodic tasks for the planner (:mod:`kompas.core.scheduler`);
- demo steps for ``kompas demo``;
- named services one app offers to apps of its own layer, which may not import it (the
  meldroute hands a referral to zorgcoördinatie through ``registry.service("zorg.…")``).

Roles are accounts' business; accounts registers their order, which is the order in which a
dashboard with several roles lists its panels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils.module_loading import import_string

Check = Callable[[Any], bool]  # actor -> may see it


def always(actor) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    order: int
    label: str
    url_name: str
    visible: Check = always


@dataclass(frozen=True)
class PanelEntry:
    order: int
    title: str
    text: str
    url_name: str | None = None
    link_label: str | None = None
    visible: Check = always
    #: short figures under the text ("3 open signalen", "1 acuut"), from the actor's own data
    cijfers: Callable[[Any], list[str]] | None = None


@dataclass(frozen=True)
class DemoStep:
    """``function`` (a dotted path, imported only when the demo runs) takes the context the
    steps share (e.g. the organisations accounts created), creates its demo data idempotently
    and returns the lines to print."""

    order: int
    name: str
    function: str

    def run(self, context: dict) -> list[str]:
        return import_string(self.function)(context)


@dataclass(frozen=True)
class LangeTaak:
    """A task that may run long: after ``timeout`` RUNNING the planner marks it failed and
    calls ``bij_afgebroken`` (a dotted path, imported only then) with the task's arguments."""

    task_path: str
    timeout: timedelta
    bij_afgebroken: str | None = None


class Registry:
    def __init__(self) -> None:
        self.navigation: list[NavItem] = []
        self.panels: dict[str, list[PanelEntry]] = {}
        self.roles: list[str] = []
        self.dashboard_context: list[Callable[[Any], dict]] = []
        self.periodic_tasks: list = []  # kompas.core.scheduler.Periodiek
        self.demo_steps: list[DemoStep] = []
        self.start_summaries: list[Callable[[str], list[str]]] = []  # lines `kompas start` prints
        self.services: dict[str, Callable[..., Any]] = {}
        self.lange_taken: dict[str, LangeTaak] = {}  # by task path, read by core/achtergrond.py
        self._plugged_in: set[str] = set()

    def plug_in(self, app: str, register: Callable[[Registry], None]) -> None:
        """Let ``app`` register once, even when Django populates its apps a second time."""
        if app not in self._plugged_in:
            self._plugged_in.add(app)
            register(self)

    def add_navigation(self, *items: NavItem) -> None:
        self.navigation.extend(items)
        self.navigation.sort(key=lambda item: item.order)

    def add_panel(self, roles: Iterable[str], panel: PanelEntry) -> None:
        for role in roles:
            entries = self.panels.setdefault(role, [])
            entries.append(panel)
            entries.sort(key=lambda entry: entry.order)

    def set_roles(self, roles: Iterable[str]) -> None:
        self.roles = list(roles)

    def add_dashboard_context(self, provider: Callable[[Any], dict]) -> None:
        self.dashboard_context.append(provider)

    def add_periodic_task(self, *tasks) -> None:
        self.periodic_tasks.extend(tasks)

    def add_demo_step(self, step: DemoStep) -> None:
        self.demo_steps.append(step)
        self.demo_steps.sort(key=lambda s: s.order)

    def add_start_summary(self, lines: Callable[[str], list[str]]) -> None:
        """``lines(kompas)`` returns what ``kompas start`` prints once the server answers;
        ``kompas`` is the command as the user can type it."""
        self.start_summaries.append(lines)

    def add_lange_taak(self, *taken: LangeTaak) -> None:
        for taak in taken:
            self.lange_taken[taak.task_path] = taak

    def provide(self, name: str, function: Callable[..., Any]) -> None:
        """Offer ``function`` under ``name`` (``"<app>.<what>"``) to the apps beside this one."""
        self.services[name] = function

    def service(self, name: str) -> Callable[..., Any]:
        """The function an app provides; a missing one is a programming error, never a silent no-op."""
        try:
            return self.services[name]
        except KeyError as exc:
            raise LookupError(f"Geen app levert de dienst {name!r}; staat die app in INSTALLED_APPS?") from exc


registry = Registry()
