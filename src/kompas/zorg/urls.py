from django.urls import path

from kompas.zorg import views

app_name = "zorg"
urlpatterns = [
    path("", views.CaseloadView.as_view(), name="caseload"),
    path("werkgebied/", views.WerkgebiedView.as_view(), name="werkgebied"),
    path("aanmelden/", views.AanmeldenView.as_view(), name="aanmelden"),
    path("mijn-aanmeldingen/", views.VerwijzingenView.as_view(), name="verwijzingen"),
    path("mijn-aanmeldingen/<int:pk>/", views.VerwijzingView.as_view(), name="verwijzing"),
    path("aanmeldingen/nieuw/", views.AanmeldingNieuwView.as_view(), name="aanmelding_nieuw"),
    path("aanmeldingen/<int:pk>/", views.AanmeldingView.as_view(), name="aanmelding"),
    path("aanmeldingen/<int:pk>/intrekken/", views.IntrekkenView.as_view(), name="intrekken"),
    path("aanmeldingen/<int:pk>/accepteren/", views.AccepterenView.as_view(), name="accepteren"),
    path("aanmeldingen/<int:pk>/afwijzen/", views.AfwijzenView.as_view(), name="afwijzen"),
    path("trajecten/<int:pk>/", views.TrajectView.as_view(), name="traject"),
    path("trajecten/<int:pk>/stap/", views.TransitieView.as_view(), name="transitie"),
    path("trajecten/<int:pk>/gegevens/", views.GegevensView.as_view(), name="gegevens"),
    path("trajecten/<int:pk>/kenmerken/", views.KenmerkenView.as_view(), name="kenmerken"),
    path("trajecten/<int:pk>/intake/", views.IntakeView.as_view(), name="intake"),
    path("trajecten/<int:pk>/toestemming/", views.ToestemmingView.as_view(), name="toestemming"),
    path("trajecten/<int:pk>/acties/", views.ZorgactieView.as_view(), name="zorgactie"),
    path("acties/<int:pk>/", views.ZorgactieStandView.as_view(), name="zorgactie_stand"),
    path("trajecten/<int:pk>/zorgoverleg/", views.ZorgoverlegNieuwView.as_view(), name="zorgoverleg_nieuw"),
    path("trajecten/<int:pk>/behandelaar/", views.BehandelaarView.as_view(), name="behandelaar"),
    path("trajecten/<int:pk>/journaal/", views.JournaalView.as_view(), name="journaal"),
    path("trajecten/<int:pk>/bijlagen/", views.BijlageUploadView.as_view(), name="bijlage_upload"),
    path("bijlagen/<int:pk>/", views.BijlageDownloadView.as_view(), name="bijlage"),
    path("zorgoverleg/<int:pk>/", views.ZorgoverlegView.as_view(), name="zorgoverleg"),
    path("partner/zorgoverleg/<int:pk>/", views.OverlegPartnerView.as_view(), name="overleg_partner"),
    path("comensha/", views.ComenshaExportView.as_view(), name="comensha"),
    path("informatie-en-advies/", views.ConsultatiesView.as_view(), name="consultaties"),
    path("netwerk/", views.NetwerkView.as_view(), name="netwerk"),
    path("netwerk/<int:pk>/", views.NetwerkpartnerView.as_view(), name="netwerkpartner"),
    path("partner/", views.PartnerView.as_view(), name="partner"),
    path("partner/acties/<int:pk>/", views.PartnerActieView.as_view(), name="partner_actie"),
    path("verantwoording/", views.VerantwoordingView.as_view(), name="verantwoording"),
]
