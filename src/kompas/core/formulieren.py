"""Helpers for forms shared by the apps."""

from django.core.exceptions import ValidationError

from kompas.core.fouten import Geweigerd


def fouten_op_formulier(form, exc: ValidationError | Geweigerd, veld: str | None = None) -> None:
    """Put a service's refusal on the form: a ValidationError per field where the field exists,
    else on the form as a whole; a :class:`Geweigerd` on ``veld`` (None: above the form). So the
    user sees the Dutch message where it belongs, with everything they typed kept."""
    if isinstance(exc, Geweigerd):
        form.add_error(veld, exc.melding.split("\n"))
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
