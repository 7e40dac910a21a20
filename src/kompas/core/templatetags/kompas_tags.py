from django import template

register = template.Library()

_WIDGET_CLASSES = {
    "select": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
}


@register.simple_tag
def field_widget(bound_field):
    """Render a widget with NL Design System classes and the ARIA links to its help and errors."""
    widget = bound_field.field.widget
    kind = getattr(widget, "input_type", None) or widget.__class__.__name__.lower()
    css = _WIDGET_CLASSES.get(kind, "utrecht-textbox utrecht-textbox--html-input")
    if kind == "file":
        css = "utrecht-textbox utrecht-textbox--html-input kompas-file"
    attrs = {"class": css}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-uitleg")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-fout")
        attrs["aria-invalid"] = "true"
        attrs["class"] += " utrecht-textbox--invalid"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound_field.field.required:
        attrs["required"] = True
        attrs["aria-required"] = "true"
    return bound_field.as_widget(attrs=attrs)
