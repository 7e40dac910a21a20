"""The kennisbank in the demo (step of ``kompas demo``): the shipped articles."""

from __future__ import annotations

from kompas.core.schrijven import SYSTEEM
from kompas.kennisbank.services import inhoud_laden


def demo_step(context: dict) -> list[str]:
    inhoud_laden(actor=SYSTEEM)
    return []
