from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

_TEMPLATE = engines["django"].from_string(
    "<!DOCTYPE html><html lang='nl'><head><title>{{ title }}</title></head><body><p>{{ text }}</p></body></html>"
)


def bare(request):
    """The reference point: a Django view that renders a trivial template, nothing else."""
    return HttpResponse(_TEMPLATE.render({"title": "Kompas", "text": "Hallo"}))


urlpatterns = [path("bench/bare/", bare), path("", include("kompas.urls"))]
