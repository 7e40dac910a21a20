from django.urls import path

from kompas.monitor import views

app_name = "monitor"
urlpatterns = [
    path("", views.MetingenView.as_view(), name="metingen"),
    path("nieuw/", views.MetingNieuwView.as_view(), name="meting_nieuw"),
    path("onze-resultaten/", views.MijnResultatenView.as_view(), name="mijn"),
    path("onze-resultaten/<slug:code>/", views.MijnMetingView.as_view(), name="mijn_meting"),
    path("onze-resultaten/<slug:code>/download/", views.MijnDownloadView.as_view(), name="mijn_download"),
    path("regio/", views.RegioResultatenView.as_view(), name="regio"),
    path("handleiding/", views.HandleidingView.as_view(), name="handleiding"),
    path("invullen/<str:token>/", views.InvullenStartView.as_view(), name="invullen"),
    path("invullen/<str:token>/stap/<int:nummer>/", views.InvullenPaginaView.as_view(), name="invullen_pagina"),
    path("invullen/<str:token>/versturen/", views.InvullenVersturenView.as_view(), name="invullen_versturen"),
    path("afmelden/<str:token>/", views.AfmeldenView.as_view(), name="afmelden"),
    path("<slug:code>/", views.MetingView.as_view(), name="meting"),
    path("<slug:code>/uitnodigingen/", views.UitnodigingenView.as_view(), name="uitnodigingen"),
    path("<slug:code>/inlezen/", views.ImporterenView.as_view(), name="importeren"),
    path("<slug:code>/inlezen/<int:pk>/", views.InlezingView.as_view(), name="inlezing"),
    path("<slug:code>/inlezen/sjabloon/", views.SjabloonView.as_view(), name="sjabloon"),
    path("<slug:code>/opschonen/", views.OpschonenView.as_view(), name="opschonen"),
    path("<slug:code>/coderen/", views.CoderenView.as_view(), name="coderen"),
    path("<slug:code>/coderen/export/", views.CoderingenExportView.as_view(), name="coderingen_export"),
    path("<slug:code>/rapport/", views.RapportView.as_view(), name="rapport"),
    path("<slug:code>/rapport/<int:pk>/", views.RapportStatusView.as_view(), name="rapport_status"),
    path("<slug:code>/rapport/<int:pk>/download/", views.RapportDownloadView.as_view(), name="rapport_download"),
    path("<slug:code>/export/", views.ExportView.as_view(), name="export"),
]
