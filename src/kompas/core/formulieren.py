"""Helpers for forms shared by the apps."""

from django.core.exceptions import ValidationError


def fouten_op_formulier(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the field exists, else on
    the form as a whole, so the user sees the Dutch message where it belongs."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
