from django.urls import path

from kompas.regio import views

app_name = "regio"
urlpatterns = [
    path("", views.GemeentenView.as_view(), name="gemeenten"),
    path("gemeenten/<int:jaar>/<str:cbs_code>/", views.GemeenteDetailView.as_view(), name="gemeente_detail"),
    path("indelingen/", views.RegiosView.as_view(), name="regios"),
    path("indelingen/<int:pk>/", views.RegioDetailView.as_view(), name="regio_detail"),
    path("herindelingen/", views.HerindelingenView.as_view(), name="herindelingen"),
    path("indelingen/importeren/", views.MembershipImportView.as_view(), name="lidmaatschappen_import"),
]
