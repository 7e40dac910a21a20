"""Filters for Kompas's log."""

import logging


class GeenTracebackBijWeigering(logging.Filter):
    """A refused or unknown request (403, 404, 400: ``django.request`` logs it as a warning with
    the exception) is the visitor's, not a fault of Kompas: its one line stays in the log, its
    traceback does not. A server error (500) keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
