"""One base exception for a refused action, translated for the user in one place.

A service that refuses what a user asked (a transition the state machine does not allow, a file
that cannot be read, a wave that is already closed) raises a subclass of :class:`Geweigerd` with a
Dutch sentence for the user. Nobody translates it per view:

* a form view (every :class:`kompas.core.views.PolicyRequiredMixin` view) shows it as a form
  error above the form, with the user's input kept (or on the field the view names in
  ``weigering_veld``);
* any other POST gets it as an error message and is sent back to the page it came from
  (:class:`kompas.core.middleware.WeigeringMiddleware`);
* the API answers 400 with ``{"detail": [melding]}`` (:func:`kompas.core.api_fouten.exception_handler`),
  and a Django ``ValidationError`` from a model's ``full_clean`` the same way per field.

A refusal because the object is not the actor's is not a :class:`Geweigerd` but a
``PermissionDenied`` (:class:`kompas.core.schrijven.NietVanU`): it answers 403/404 and says nothing
about other organisations.
"""

from __future__ import annotations


class Geweigerd(Exception):  # noqa: N818 - a refusal the user reads, not a bug
    """A refused action; ``str(exc)`` is the Dutch sentence the user sees."""

    @property
    def melding(self) -> str:
        return str(self)
