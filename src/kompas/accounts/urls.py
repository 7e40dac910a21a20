from django.contrib.auth import views as auth_views
from django.urls import path

from kompas.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/verificatie/", views.OtpVerifyView.as_view(), name="otp_verify"),
    path("inloggen/tweestapsverificatie/", views.OtpSetupView.as_view(), name="otp_setup"),
    path("inloggen/organisatie/", views.OrganisatieLoginView.as_view(), name="oidc_login"),
    path("inloggen/organisatie/terug/", views.OidcCallbackView.as_view(), name="oidc_callback"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("wachtwoord/vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("wachtwoord/nieuw/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "wachtwoord/ingesteld/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("account/", views.ProfileView.as_view(), name="profile"),
    path("account/wachtwoord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/organisatie/", views.SwitchOrganisationView.as_view(), name="switch_organisation"),
    path("beheer/gebruikers/", views.UserListView.as_view(), name="users"),
    path("beheer/gebruikers/nieuw/", views.UserCreateView.as_view(), name="user_create"),
    path("beheer/gebruikers/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("beheer/gebruikers/<int:pk>/verwijderen/", views.UserRemoveView.as_view(), name="user_remove"),
    path("beheer/gebruikers/<int:pk>/tweestapsverificatie/", views.UserOtpResetView.as_view(), name="user_otp_reset"),
    path("beheer/organisaties/", views.OrganisatieListView.as_view(), name="organisaties"),
    path("beheer/organisaties/<int:pk>/", views.OrganisatieDetailView.as_view(), name="organisatie_detail"),
    path(
        "beheer/organisaties/<int:pk>/identiteitsprovider/",
        views.IdentiteitsProviderView.as_view(),
        name="identiteitsprovider",
    ),
]
