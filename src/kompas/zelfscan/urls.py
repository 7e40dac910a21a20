from django.urls import path

from kompas.zelfscan import views

app_name = "zelfscan"
urlpatterns = [
    path("", views.OverzichtView.as_view(), name="overzicht"),
    path("<int:pk>/", views.ScanView.as_view(), name="scan"),
    path("<int:pk>/stap/<slug:bouwsteen>/", views.StapView.as_view(), name="stap"),
    path("<int:pk>/samenvatting/", views.SamenvattingView.as_view(), name="samenvatting"),
    path("<int:pk>/resultaat/", views.ResultaatView.as_view(), name="resultaat"),
    path("<int:pk>/resultaat.pdf", views.ResultaatPdfView.as_view(), name="resultaat_pdf"),
    path("<int:pk>/beleidsplan/", views.BeleidsplanView.as_view(), name="beleidsplan"),
    path("regio/", views.RegioView.as_view(), name="regio"),
    path("regio/invullen/", views.RegioScanView.as_view(), name="regio_scan"),
    path("regio/beleidsplan/", views.RegioBeleidsplanView.as_view(), name="regio_beleidsplan"),
    path("rekenhulp-zorgcoordinatie/", views.FteView.as_view(), name="fte"),
]
