from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from kompas.meldroute import api as meldroute_api
from kompas.zorg import api as zorg_api

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[]), name="schema"),
    path("v1/signalen/", meldroute_api.SignalenAPI.as_view(), name="signalen"),
    path("v1/signalen/<int:pk>/", meldroute_api.SignaalAPI.as_view(), name="signaal"),
    path("v1/signalen/<int:pk>/transities/", meldroute_api.TransitieAPI.as_view(), name="transitie"),
    path("v1/mijn-signalen/", meldroute_api.EigenSignalenAPI.as_view(), name="mijn_signalen"),
    path("v1/mijn-signalen/<int:pk>/", meldroute_api.EigenSignaalAPI.as_view(), name="mijn_signaal"),
    path("v1/cijfers/", meldroute_api.CijfersAPI.as_view(), name="cijfers"),
    path("v1/zorg/trajecten/", zorg_api.TrajectenAPI.as_view(), name="zorg_trajecten"),
    path("v1/zorg/trajecten/<int:pk>/", zorg_api.TrajectAPI.as_view(), name="zorg_traject"),
    path("v1/zorg/comensha/", zorg_api.ComenshaAPI.as_view(), name="zorg_comensha"),
]
