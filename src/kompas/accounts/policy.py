"""The policy machinery lives in :mod:`kompas.core.policy` (the bottom layer); the apps above
accounts import it from here as before."""

from kompas.core.policy import Policy, Rule, get_object_for_actor, rule

__all__ = ["Policy", "Rule", "get_object_for_actor", "rule"]
