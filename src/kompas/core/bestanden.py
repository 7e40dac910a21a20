"""Uploaded attachments (a signal's, a traject's): the one check every upload passes and the
one way a stored file is handed back. Files live outside the web root, under
``KOMPAS_PRIVATE_DIR``, and are only served through a view that checked the policy."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils.translation import gettext as _

# Allowed attachment types: extension → (content type, magic bytes at the start)
BIJLAGE_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
}


def controleer_bijlage(upload) -> tuple[str, bytes]:
    """The type by its extension, the size limit and the magic bytes of the content; returns
    the content type and the content, or refuses with a Dutch message."""
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in BIJLAGE_TYPES:
        raise ValidationError(
            _("Bestandstype .%(ext)s is niet toegestaan. Toegestaan: PDF, JPG, PNG en DOCX.") % {"ext": ext or "?"}
        )
    if upload.size > settings.KOMPAS_BIJLAGE_MAX_BYTES:
        raise ValidationError(
            _("Het bestand is groter dan %(mb)d MB.") % {"mb": settings.KOMPAS_BIJLAGE_MAX_BYTES // (1024 * 1024)}
        )
    content = upload.read()
    content_type, magics = BIJLAGE_TYPES[ext]
    if not any(content.startswith(m) for m in magics):
        raise ValidationError(_("De inhoud van het bestand past niet bij .%(ext)s.") % {"ext": ext})
    return content_type, content


def prive_opslag(map_: str) -> FileSystemStorage:
    """Storage outside the web root for one kind of attachment."""
    return FileSystemStorage(location=settings.KOMPAS_PRIVATE_DIR / map_, base_url=None)


def bijlage_response(bestand, *, content_type: str, naam: str) -> FileResponse:
    """A stored attachment as a download that a browser never renders or caches."""
    response = FileResponse(bestand.open("rb"), content_type=content_type, as_attachment=True, filename=naam)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
