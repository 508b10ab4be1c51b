from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

# Password set and reset for jurors' and staff accounts; an invitation to the
# jury links to password_reset_confirm so a new juror chooses their password.
account_patterns = [
    path("losenord/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "losenord/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "losenord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", include("nominations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include(account_patterns)),
    path("jury/", include("jury.urls")),
    path("admin/", admin.site.urls),
]
