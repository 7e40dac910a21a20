"""The API's one translation of refusals (core/fouten.py). Its own module: it imports DRF's views,
which load the API settings, which import ``kompas.core.drf``; in that module it would be a cycle."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from kompas.core.fouten import Geweigerd


def exception_handler(exc, context):
    """A :class:`Geweigerd` and a Django ``ValidationError`` (a model's ``full_clean``) answer 400
    with the Dutch messages, per field where there are fields; Django's ``PermissionDenied`` and
    ``Http404`` are handled by DRF itself (403, 404)."""
    if isinstance(exc, Geweigerd):
        exc = exceptions.ValidationError({"detail": [exc.melding]})
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    return drf_exception_handler(exc, context)
