from django.urls import path

from kompas.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("overzicht/", views.DashboardView.as_view(), name="dashboard"),
    path("toegankelijkheid/", views.AccessibilityView.as_view(), name="toegankelijkheid"),
    path("favicon.ico", views.favicon, name="favicon"),
]
