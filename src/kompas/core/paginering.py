"""Paging through large lists without counting every row on every page view."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

GRENS = 1000  # rows counted at most; beyond it the list says "meer dan 1.000"


class BegrensdePaginator(Paginator):
    """A :class:`~django.core.paginator.Paginator` that counts at most ``grens`` rows (one
    ``COUNT`` over a ``LIMIT``, not over the whole table): a search that finds more says so
    (``afgekapt``) and pages through the first ``grens`` rows; a narrower search or the
    export shows the rest."""

    def __init__(self, object_list, per_page, *args, grens: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.grens = grens or GRENS

    @cached_property
    def _geteld(self) -> int:
        qs = self.object_list
        if hasattr(qs, "order_by"):  # any grens + 1 rows tell whether there are more: no sort
            return qs.order_by()[: self.grens + 1].count()
        return min(len(qs), self.grens + 1)

    @cached_property
    def afgekapt(self) -> bool:
        return self._geteld > self.grens

    @cached_property
    def count(self) -> int:
        return min(self._geteld, self.grens)
