"""The page frame of ``base.html`` (the stylesheet links, the header with the menu, the
breadcrumbs and the footer) written out in Python.

Every page draws this frame, and Django's template engine took about 0.6 ms for it: a third of
a dashboard. Written here it is a few string joins; the parts that depend only on the language
(the translated texts, the static and fixed URLs) are made once per language. The output is
the same as the template it replaced, character for character: ``tests/sjablonen/base.html``
keeps that template and ``tests/test_paginaframe.py`` compares the two for anonymous, halfway
logged-in, single- and multi-organisation users, with and without breadcrumbs, in nl and en.
"""

from __future__ import annotations

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language, gettext

_vast: dict[tuple, dict[str, str]] = {}


def _teksten() -> dict[str, str]:
    """The frame's texts and URLs that depend only on the language (and the settings)."""
    sleutel = (get_language(), settings.STATIC_URL, get_script_prefix())
    teksten = _vast.get(sleutel)
    if teksten is None:
        teksten = {
            "kop": (
                f'  <link rel="icon" href="{static("kompas/favicon.svg")}" type="image/svg+xml">\n'
                f'  <link rel="icon" href="{reverse("core:favicon")}" sizes="48x48">\n'
                f'  <link rel="stylesheet" href="{static("nlds/tokens/index.css")}">\n'
                f'  <link rel="stylesheet" href="{static("nlds/utrecht/index.css")}">\n'
                f'  <link rel="stylesheet" href="{static("kompas/kompas.css")}">\n'
                f'  <link rel="stylesheet" href="{static("kompas/formulieren.css")}">\n'
                f'  <script src="{static("vendor/htmx/htmx.min.js")}" defer></script>\n'
            ),
            "logo": (
                f'  <a class="utrecht-link kompas-skiplink" href="#inhoud">{gettext("Direct naar de inhoud")}</a>\n'
                '  <header class="kompas-header">\n'
                '    <div class="kompas-header__inner">\n'
                f'      <a class="kompas-logo" href="{reverse("core:home")}">{gettext("Kompas")}'
                f'<span class="kompas-logo__sub">{gettext("aanpak mensenhandel")}</span></a>\n'
            ),
            "wissel": reverse("accounts:switch_organisation"),
            "namens": gettext("Namens"),
            "wissel_knop": gettext("Wissel"),
            "uitloggen": (
                f'        <form method="post" action="{reverse("accounts:logout")}">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
                f'<button class="utrecht-button utrecht-button--subtle" type="submit">{gettext("Uitloggen")}</button>'
                "</form>\n"
            ),
            "hoofdmenu": gettext("Hoofdmenu"),
            "kruimelpad": (
                '  <nav class="utrecht-breadcrumb-nav kompas-breadcrumbs" '
                f'aria-label="{gettext("Kruimelpad")}">\n'
                '    <ol class="utrecht-breadcrumb-nav__list utrecht-breadcrumb-nav__list--html-ol">\n'
                '      <li class="utrecht-breadcrumb-nav__item"><a class="utrecht-breadcrumb-nav__link" '
                f'href="{reverse("core:dashboard")}">{gettext("Overzicht")}</a></li>\n'
            ),
            "voet": (
                '  <footer class="kompas-footer">\n'
                '    <p class="utrecht-paragraph">'
                f"{gettext('Kompas is open source (EUPL-1.2), gemaakt voor en met gemeenten.')} "
                f'<a class="utrecht-link" href="{reverse("core:toegankelijkheid")}">'
                f"{gettext('Toegankelijkheid')}</a></p>\n"
                "  </footer>\n"
            ),
        }
        _vast[sleutel] = teksten
    return teksten


def kop() -> str:
    """The icon, stylesheet and script links in ``<head>``."""
    return _teksten()["kop"]


def _wie(shell: dict, csrf_token: str, t: dict[str, str]) -> list[str]:
    """Who is logged in, on behalf of which organisation, and the logout button."""
    delen = [
        '      <div class="kompas-header__who">\n',
        f"        <span>{conditional_escape(shell['user_label'])}</span>\n",
        "        ",
    ]
    actief = shell.get("organisatie")
    if shell.get("organisaties"):
        opties = "".join(
            f'<option value="{org.pk}"{" selected" if org == actief else ""}>{conditional_escape(org.naam)}</option>'
            for org in shell["organisaties"]
        )
        delen.append(
            f'\n        <form method="post" action="{t["wissel"]}" class="kompas-orgswitch">\n'
            f'          <input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">\n'
            f'          <label class="utrecht-form-label" for="organisatie-kiezen">{t["namens"]}</label>\n'
            '          <select class="utrecht-select utrecht-select--html-select" id="organisatie-kiezen" '
            'name="organisatie">\n'
            f"            {opties}\n"
            "          </select>\n"
            '          <button class="utrecht-button utrecht-button--secondary-action" type="submit">'
            f"{t['wissel_knop']}</button>\n"
            "        </form>\n        "
        )
    elif actief:
        delen.append(f'<span class="kompas-header__org">{conditional_escape(actief.naam)}</span>')
    delen.append("\n")
    delen.append(t["uitloggen"].replace("{token}", csrf_token, 1))
    delen.append("      </div>\n      ")
    return delen


_HUIDIG = ' aria-current="page"'


def header(shell: dict | None, nav_items: list[dict], csrf_token: str) -> str:
    """The skip link and the header: logo, who is logged in, and the menu of the role."""
    t = _teksten()
    delen = [t["logo"], "      "]
    if shell:
        delen.append("\n")
        delen += _wie(shell, csrf_token, t)
    delen.append("\n    </div>\n    ")
    if nav_items:
        items = "".join(
            f'<li><a class="utrecht-link" href="{conditional_escape(item["url"])}"'
            f"{_HUIDIG if item['current'] else ''}>{conditional_escape(item['label'])}</a></li>"
            for item in nav_items
        )
        delen.append(
            f'\n    <nav class="kompas-nav" aria-label="{t["hoofdmenu"]}">\n'
            "      <ul>\n"
            f"        {items}\n"
            "      </ul>\n"
            "    </nav>\n    "
        )
    delen.append("\n  </header>\n")
    return "".join(delen)


def kruimelpad(breadcrumbs) -> str:
    """The breadcrumb trail: Overzicht, then each (label, url); the last has no url."""
    if not breadcrumbs:
        return "  \n"
    delen = ["  \n", _teksten()["kruimelpad"], "      "]
    for label, url in breadcrumbs:
        label = conditional_escape(label)
        if url:
            stap = f'<a class="utrecht-breadcrumb-nav__link" href="{conditional_escape(url)}">{label}</a>'
        else:
            stap = (
                '<span class="utrecht-breadcrumb-nav__link utrecht-breadcrumb-nav__link--current" '
                f'aria-current="page">{label}</span>'
            )
        delen.append(f'\n      <li class="utrecht-breadcrumb-nav__item">{stap}</li>\n      ')
    delen.append("\n    </ol>\n  </nav>\n  \n")
    return "".join(delen)


def voet() -> str:
    return _teksten()["voet"]
