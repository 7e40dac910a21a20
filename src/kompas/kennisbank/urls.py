from django.urls import path

from kompas.kennisbank import views

app_name = "kennisbank"
urlpatterns = [
    path("", views.BibliotheekView.as_view(), name="bibliotheek"),
    path("leerpad/", views.LeerpadView.as_view(), name="leerpad"),
    path("redactie/", views.RedactieView.as_view(), name="redactie"),
    path("redactie/nieuw/", views.ArtikelBewerkenView.as_view(), name="nieuw"),
    path("redactie/<slug:slug>/", views.ArtikelBewerkenView.as_view(), name="bewerken"),
    path("redactie/<slug:slug>/versies/", views.VersiesView.as_view(), name="versies"),
    path("<slug:slug>/", views.ArtikelView.as_view(), name="artikel"),
    path("<slug:slug>/pdf/", views.ArtikelPdfView.as_view(), name="artikel_pdf"),
]
