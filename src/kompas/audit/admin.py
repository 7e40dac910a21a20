from django.contrib import admin

from kompas.audit.models import AuditEntry, AuditOpschoning


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the admin can look, never add, change or delete."""

    list_display = ("tijdstip", "user_repr", "organisatie_repr", "actie", "object_type", "object_repr")
    list_filter = ("actie", "object_type")
    search_fields = ("user_repr", "organisatie_repr", "object_repr", "object_id")
    date_hierarchy = "tijdstip"
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditOpschoning)
class AuditOpschoningAdmin(admin.ModelAdmin):
    """The runs of the audit log's retention job, read-only: how many rows each removed."""

    list_display = ("uitgevoerd_op", "bewaartermijn_maanden", "grens", "verwijderd", "oudste_bewaard")
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
