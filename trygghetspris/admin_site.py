from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import path, reverse


class VerifiedAdminSite(admin.AdminSite):
    """The admin, open only to active staff who logged in with their second factor."""

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request: HttpRequest, extra_context=None):
        # One login for everyone, with two-factor authentication: the jury's.
        next_url = request.GET.get("next") or reverse("admin:index")
        return HttpResponseRedirect(f"{reverse('jury:login')}?{urlencode({'next': next_url})}")

    def get_urls(self):
        # The register extract gathers from both apps, so the jury app (on top) serves
        # it; it keeps its address and name among the nominations' screens. Imported
        # here, once the apps are ready.
        from jury.register_extract import register_extract_view

        return [
            path(
                "nominations/nomination/registerutdrag/",
                self.admin_view(register_extract_view),
                name="nominations_nomination_personal_data",
            ),
            *super().get_urls(),
        ]
