"""Every environment variable Kompas reads goes through :func:`config`.

Each call registers the variable with its documentation in :data:`REGISTRY`, and a test
(tests/test_settings.py) checks that ``docs/deploy.md`` documents all of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: Any
    help: str
    required_in_production: bool = False


REGISTRY: dict[str, EnvVar] = {}

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nee", ""}


def config(
    name: str,
    default: Any = None,
    *,
    help: str,  # noqa: A002 - mirrors the documentation field
    cast: type | str = str,
    required: bool = False,
    required_in_production: bool = False,
) -> Any:
    """Read ``name`` from the environment, cast it, and record its documentation."""
    REGISTRY[name] = EnvVar(name, default, help, required_in_production or required)
    raw = os.environ.get(name)
    if raw is None:
        if required:
            raise ImproperlyConfigured(f"De omgevingsvariabele {name} is verplicht maar niet gezet: {help}")
        return default
    if cast is bool:
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name} moet ja/nee (true/false) zijn, niet {raw!r}.")
    if cast == "list":
        return [item.strip() for item in raw.split(",") if item.strip()]
    if cast is int:
        try:
            return int(raw)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} moet een geheel getal zijn, niet {raw!r}.") from exc
    return raw
