from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse


class VerifiedAdminSite(admin.AdminSite):
    """The admin, open only to active staff who logged in with their second factor."""

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request: HttpRequest, extra_context=None):
        # One login for everyone, with two-factor authentication: the jury's.
        next_url = request.GET.get("next") or reverse("admin:index")
        return HttpResponseRedirect(f"{reverse('jury:login')}?{urlencode({'next': next_url})}")
