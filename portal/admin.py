"""The organisation admin gains the archive action, which closes needs and archives services
of other apps: it is composed here, above them, so accounts need not import them."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.admin import OrganisationAdmin
from accounts.models import Organisation
from core.domain import acting_user

from .actions import organisation_archive


class ArchivingOrganisationAdmin(OrganisationAdmin):
    actions = ["archive_organisations"]

    @admin.action(
        description=_("Archive: close the needs and archive the services"),
        permissions=["change"],
    )
    def archive_organisations(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        for organisation in queryset:
            needs, services = organisation_archive(
                organisation=organisation, by=acting_user(request)
            )
            self.message_user(
                request,
                _("%(organisation)s: closed %(needs)s needs and archived %(services)s services.")
                % {"organisation": organisation, "needs": needs, "services": services},
            )


admin.site.unregister(Organisation)
admin.site.register(Organisation, ArchivingOrganisationAdmin)
