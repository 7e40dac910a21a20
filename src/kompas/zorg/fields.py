"""Encrypted fields that refuse a wrong key instead of passing the ciphertext on.

django-fernet-encrypted-fields returns the stored token unchanged when it cannot decrypt it
(for instance after the key was changed without keeping the old one). Shown on a page and
saved again, that would silently replace the data with garbage; these fields stop instead,
with a Dutch message, and nothing stored is touched."""

from __future__ import annotations

from cryptography.fernet import InvalidToken
from django.core.exceptions import ImproperlyConfigured
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField

FERNET_PREFIX = "gAAAAA"


class SleutelPastNiet(ImproperlyConfigured):
    pass


class _Strikt:
    def to_python(self, value):
        if isinstance(value, str) and value.startswith(FERNET_PREFIX) and not hasattr(self, "_already_decrypted"):
            try:
                self.f.decrypt(value.encode("utf-8"))
            except InvalidToken as exc:
                raise SleutelPastNiet(
                    "De versleutelde cliëntgegevens zijn niet te lezen met de ingestelde sleutel. Zet de vorige "
                    "waarde van KOMPAS_VELDSLEUTEL (of SECRET_KEY) achter de nieuwe terug (zie docs/deploy.md, "
                    "sleutelrotatie)."
                ) from exc
        return super().to_python(value)


class StriktEncryptedCharField(_Strikt, EncryptedCharField):
    pass


class StriktEncryptedTextField(_Strikt, EncryptedTextField):
    pass
