from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe

from jury.signin import password
from trygghetspris import language
from trygghetspris.health import healthz

# Password set and reset for jurors' and staff accounts; an invitation to the
# jury links to password_reset_confirm so a new juror chooses their password.
# The views are Django's, with the site's own pages and texts (jury/signin/password.py).
account_patterns = [
    path("losenord/", password.PasswordResetView.as_view(), name="password_reset"),
    path(
        "losenord/skickat/",
        password.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "losenord/<uidb64>/<token>/",
        password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "losenord/klart/",
        password.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    # Browsers and feed readers ask for /favicon.ico whatever the page links to. The
    # static name is looked up per request, since in production it carries a hash, and
    # the redirect is temporary so that a new icon's new name is followed.
    return HttpResponseRedirect(static("favicon.ico"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    # For the load balancer: database and cache reachable (trygghetspris/health.py).
    path("healthz", healthz, name="healthz"),
    path("", include("nominations.urls")),
    # Without a CSRF token, for this site's own pages only (trygghetspris/language.py).
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("konto/", include(account_patterns)),
    path("jury/", include("jury.urls")),
    path("admin/", admin.site.urls),
]
