"""``get_FOO_display`` from one label map per field and language.

Django's own ``Model._get_FIELD_display`` rebuilds ``dict(make_hashable(field.flatchoices))``
on every call, and so translates every label of the field each time: a list page of 50 signals
shows three labels per row and paid for 150 label maps of up to 30 translations each. Here each
field with fixed choices keeps its map per active language, built on first use; the result is the
same as Django's (a label for a known value, the value itself otherwise).

Installed for Kompas's own models when their class is prepared (``install`` is connected before
any model is imported: see :mod:`kompas.core.apps`). A model that defines its own
``get_FOO_display`` keeps it; a field whose choices are a callable is left to Django, since its
choices may change while the process runs.
"""

from __future__ import annotations

from functools import partialmethod

from django.db.models.signals import class_prepared
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_ATTR = "_kompas_keuzelabels"


def labels(field) -> dict:
    """The field's value → label map in the active language."""
    per_taal = field.__dict__.get(_ATTR)
    if per_taal is None:
        per_taal = field.__dict__.setdefault(_ATTR, {})
    taal = get_language()
    kaart = per_taal.get(taal)
    if kaart is None:
        kaart = {make_hashable(k): force_str(v, strings_only=True) for k, v in field.flatchoices}
        per_taal[taal] = kaart
    return kaart


def _get_field_display(self, field):
    value = getattr(self, field.attname)
    return force_str(labels(field).get(make_hashable(value), value), strings_only=True)


def install(sender, **kwargs) -> None:
    if not sender.__module__.startswith("kompas."):
        return
    for field in sender._meta.local_fields:
        if not field.choices or isinstance(field.choices, CallableChoiceIterator):
            continue
        naam = f"get_{field.name}_display"
        if isinstance(sender.__dict__.get(naam), partialmethod):  # Django's, not the model's own
            setattr(sender, naam, partialmethod(_get_field_display, field=field))


class_prepared.connect(install, dispatch_uid="kompas_keuzelabels")
