from django.contrib import admin

from kompas.accounts.models import Organisatie


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    """Users and roles are managed in Kompas itself, where every change is audited."""

    list_display = ("naam", "type", "cbs_code", "regio", "actief")
    list_filter = ("type", "actief")
    search_fields = ("naam", "cbs_code")
