from django.urls import path

from kompas.meldroute import views

app_name = "meldroute"
urlpatterns = [
    path("melden/", views.MeldenView.as_view(), name="melden"),
    path("mijn/", views.MijnSignalenView.as_view(), name="mijn_signalen"),
    path("mijn/<int:pk>/", views.MijnSignaalView.as_view(), name="mijn_signaal"),
    path("signalen/", views.InboxView.as_view(), name="inbox"),
    path("signalen/<int:pk>/", views.SignaalView.as_view(), name="signaal"),
    path("signalen/<int:pk>/verrijken/", views.VerrijkenView.as_view(), name="verrijken"),
    path("signalen/<int:pk>/stap/", views.TransitieView.as_view(), name="transitie"),
    path("signalen/<int:pk>/koppelen/", views.KoppelView.as_view(), name="koppelen"),
    path("signalen/<int:pk>/bijlagen/", views.BijlageUploadView.as_view(), name="bijlage_upload"),
    path("signalen/<int:pk>/doorverwijzen/", views.DoorverwijzenView.as_view(), name="doorverwijzen"),
    path("signalen/<int:pk>/partner/", views.PartnerVerzoekView.as_view(), name="partnerverzoek"),
    path("verzoeken/", views.VerzoekenView.as_view(), name="verzoeken"),
    path("verzoeken/<int:pk>/", views.VerzoekView.as_view(), name="verzoek"),
    path("bijlagen/<int:pk>/", views.BijlageDownloadView.as_view(), name="bijlage"),
    path("cijfers/", views.CijfersView.as_view(), name="cijfers"),
    path("instellingen/", views.InstellingenView.as_view(), name="instellingen"),
]
