"""DRF glue: the API uses exactly the same policies and selectors as the screens. It sits in
core so that the apps serving an API need not import the api package, which imports them."""

from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission


class PolicyPermission(BasePermission):
    """Deny by default: a view declares ``policy`` and ``policy_actions`` per HTTP method.

    Object endpoints set ``deny_as_404`` so that a refusal looks exactly like a missing
    object, as on the screens."""

    message = "U heeft met uw rol geen toegang tot dit onderdeel."

    def has_permission(self, request, view):
        policy = getattr(view, "policy", None)
        action = getattr(view, "policy_actions", {}).get(request.method)
        allowed = policy is not None and action is not None and policy.allows(request.actor, action)
        if not allowed and getattr(view, "deny_as_404", False) and request.user.is_authenticated:
            raise NotFound
        return allowed
