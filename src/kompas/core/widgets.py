"""Form widgets shared by the apps."""

from __future__ import annotations

from django import forms


class DatumInput(forms.DateInput):
    """The browser's date picker (``type=date``). Browsers accept only ISO dates (2026-11-30) as
    its value and show an empty field for anything else, such as the Dutch 30-11-2026 that a
    plain DateInput renders: a saved form then silently cleared the date. The value is
    therefore always ISO; the browser shows it in the user's own format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
