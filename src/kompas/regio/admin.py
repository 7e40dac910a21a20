from django.contrib import admin

from kompas.regio.models import Gemeente, Herindeling, HerindelingDeel, Regio


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ("naam", "cbs_code", "jaar", "provincie", "inwoners")
    list_filter = ("jaar", "provincie")
    search_fields = ("naam", "cbs_code")


@admin.register(Regio)
class RegioAdmin(admin.ModelAdmin):
    list_display = ("naam", "indeling", "code", "centrumgemeente_code")
    list_filter = ("indeling",)
    search_fields = ("naam", "code")


class DeelInline(admin.TabularInline):
    model = HerindelingDeel
    extra = 0


@admin.register(Herindeling)
class HerindelingAdmin(admin.ModelAdmin):
    list_display = ("ingangsdatum", "soort", "omschrijving")
    inlines = [DeelInline]
