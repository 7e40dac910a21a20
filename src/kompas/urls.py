from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

admin.site.__class__ = OTPAdminSite  # the admin demands a verified second factor too
admin.site.site_header = "Kompas – technisch beheer"

urlpatterns = [
    path("", include("kompas.core.urls")),
    path("", include("kompas.accounts.urls")),
    path("audit/", include("kompas.audit.urls")),
    path("regio/", include("kompas.regio.urls")),
    path("meldroute/", include("kompas.meldroute.urls")),
    path("monitor/", include("kompas.monitor.urls")),
    path("kennisbank/", include("kompas.kennisbank.urls")),
    path("zelfscan/", include("kompas.zelfscan.urls")),
    path("zorg/", include("kompas.zorg.urls")),
    path("api/", include("kompas.api.urls")),
    path("django-admin/", admin.site.urls),
]

handler400 = "kompas.core.views.error_400"
handler403 = "kompas.core.views.error_403"
handler404 = "kompas.core.views.error_404"
handler500 = "kompas.core.views.error_500"
