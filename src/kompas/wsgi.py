"""WSGI entry point for gunicorn: ``gunicorn kompas.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompas.conf.production")

application = get_wsgi_application()
