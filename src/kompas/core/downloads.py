"""One way to hand a file to the browser as a download."""

from __future__ import annotations

from django.http import HttpResponse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def download(inhoud: bytes | str, bestandsnaam: str) -> HttpResponse:
    """An attachment response; the content type follows the file's extension."""
    soort = bestandsnaam.rsplit(".", 1)[-1].lower()
    response = HttpResponse(inhoud, content_type=CONTENT_TYPES.get(soort, "application/octet-stream"))
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    return response
