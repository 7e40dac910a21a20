"""One process group for the local run: web server, task worker and planner together.

``kompas start`` (what ``make run`` runs) starts the three, restarts the worker or the planner
when one dies (after a short pause that grows if it keeps dying), and stops everything on
Ctrl-C or SIGTERM, or when the web server itself stops.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Proces:
    naam: str
    argv: list[str]
    herstarten: bool = True
    env: dict[str, str] | None = None
    popen: subprocess.Popen | None = None
    herstarts: int = 0
    volgende_start: float = 0.0
    pauze: float = 1.0
    gestart_op: float = field(default=0.0)


class Supervisor:
    def __init__(
        self,
        processen: list[Proces],
        *,
        melden: Callable[[str], None] = print,
        max_pauze: float = 30.0,
        gratie: float = 3.0,
    ):
        self.processen = processen
        self.melden = melden
        self.max_pauze = max_pauze
        self.gratie = gratie  # seconds the processes get to stop by themselves after Ctrl-C
        self.stoppen = False
        self.ctrl_c = False

    def _start(self, p: Proces) -> None:
        p.popen = subprocess.Popen(p.argv, env=p.env)  # noqa: S603 - our own commands
        p.gestart_op = time.monotonic()

    def stop(self, signum=None, _frame=None) -> None:
        self.stoppen = True
        self.ctrl_c = signum == signal.SIGINT

    def stap(self) -> bool:
        """Check every process once; restart the dead ones. False once everything must stop."""
        nu = time.monotonic()
        for p in self.processen:
            if p.popen is None:
                if nu >= p.volgende_start:
                    self._start(p)
                continue
            code = p.popen.poll()
            if code is None:
                continue
            if not p.herstarten:
                self.melden(f"{p.naam} is gestopt (code {code}); Kompas stopt.")
                return False
            if nu - p.gestart_op > 60:
                p.pauze = 1.0
            p.herstarts += 1
            p.popen = None
            p.volgende_start = nu + p.pauze
            self.melden(f"{p.naam} is gestopt (code {code}); over {p.pauze:.0f} s opnieuw gestart.")
            p.pauze = min(p.pauze * 2, self.max_pauze)
        return True

    def afsluiten(self, wachten: float = 10.0) -> None:
        levend = [p.popen for p in self.processen if p.popen is not None and p.popen.poll() is None]
        if self.ctrl_c:  # the terminal sent Ctrl-C to the whole group: let them stop by themselves
            einde = time.monotonic() + self.gratie
            while time.monotonic() < einde and any(proc.poll() is None for proc in levend):
                time.sleep(0.05)
            levend = [proc for proc in levend if proc.poll() is None]
        for proc in levend:
            proc.terminate()
        einde = time.monotonic() + wachten
        for proc in levend:
            try:
                proc.wait(timeout=max(0.1, einde - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def draai(self, interval: float = 0.5) -> None:
        vorige = {s: signal.signal(s, self.stop) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            while not self.stoppen and self.stap():
                time.sleep(interval)
        finally:
            self.afsluiten()
            for s, handler in vorige.items():
                signal.signal(s, handler)


def kompas_commando() -> str:
    """How to call ``kompas`` exactly as the user can type it from the current directory."""
    pad = (
        Path(sys.argv[0]).resolve() if Path(sys.argv[0]).name == "kompas" else Path(sys.executable).with_name("kompas")
    )
    try:
        return os.path.relpath(pad)
    except ValueError:
        return str(pad)


def wacht_op_poort(adres: str, timeout: float = 60.0) -> bool:
    """Wait until something accepts connections on ``host:port``."""
    host, _, poort = adres.rpartition(":")
    einde = time.monotonic() + timeout
    while time.monotonic() < einde:
        try:
            with socket.create_connection((host.strip("[]") or "127.0.0.1", int(poort)), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False
