"""Rules for publishing figures without identifying data, shared by every app."""

from __future__ import annotations

# Cells with fewer than this many (but more than zero) cases are not shown.
SUPPRESS_BELOW = 5
SUPPRESSED = "<5"


def suppress_row(counts: list[int]) -> list[int | str]:
    """Primary suppression of small cells (1–4) and secondary suppression of one more cell
    when exactly one was suppressed, so that the hidden value cannot be recovered from the
    row total."""
    out: list[int | str] = [SUPPRESSED if 0 < n < SUPPRESS_BELOW else n for n in counts]
    hidden = [i for i, v in enumerate(out) if v == SUPPRESSED]
    if len(hidden) == 1:
        rest = [(n, i) for i, n in enumerate(counts) if i not in hidden and n > 0]
        if rest:
            out[min(rest)[1]] = SUPPRESSED
    return out
