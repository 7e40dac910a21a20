"""``{% load paginaframe %}``: the page frame of ``base.html`` (see kompas.core.paginaframe)."""

from django import template
from django.utils.safestring import mark_safe

from kompas.core import paginaframe

register = template.Library()


@register.simple_tag
def frame_links() -> str:
    return mark_safe(paginaframe.kop())  # noqa: S308 - fixed text and URLs


@register.simple_tag(takes_context=True)
def frame_header(context) -> str:
    token = context.get("csrf_token")
    token = "" if not token or token == "NOTPROVIDED" else str(token)  # noqa: S105 - Django's csrf_token tag
    # escaped in paginaframe.header: every value from the context goes through conditional_escape
    return mark_safe(paginaframe.header(context.get("shell"), context.get("nav_items") or [], token))  # noqa: S308


@register.simple_tag(takes_context=True)
def frame_kruimelpad(context) -> str:
    return mark_safe(paginaframe.kruimelpad(context.get("breadcrumbs")))  # noqa: S308 - labels and urls escaped


@register.simple_tag
def frame_voet() -> str:
    return mark_safe(paginaframe.voet())  # noqa: S308 - fixed text and URLs
