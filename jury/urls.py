from django.urls import path, register_converter

from . import views
from .documents import views as documents
from .signin import city, password
from .urls_keys import PrizeYearConverter

register_converter(PrizeYearConverter, "year")

app_name = "jury"
urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", password.login_view, name="login"),
    path("logga-in/kod/", password.code_view, name="login_code"),
    path("logga-in/tvastegsverifiering/", password.setup_view, name="two_factor_setup"),
    path("logga-in/reservkoder/", password.backup_codes_view, name="backup_codes"),
    # The city's identity provider; both answer 404 while it is off (OIDC_ISSUER).
    path("logga-in/stad/", city.CityLoginView.as_view(), name="city_login"),
    path("logga-in/stad/tillbaka/", city.CityCallbackView.as_view(), name="city_callback"),
    path("logga-ut/", password.LogoutView.as_view(), name="logout"),
    path("utloggad/", password.logged_out_view, name="logged_out"),
    # Files attached to nominations, for staff and the jurors who may read them.
    path("bilagor/<uuid:attachment_id>/", views.attachment, name="attachment"),
    # Addresses from before several prizes (/jury/2026/…) lead to Trygghetspriset's year.
    path("<int:year>/", views.legacy_year, name="legacy_year"),
    path("<int:year>/<path:rest>", views.legacy_year),
    path("<year:year>/", views.dashboard, name="dashboard"),
    path("<year:year>/insats/<int:effort_id>/", views.effort_detail, name="effort"),
    path(
        "<year:year>/insats/<int:effort_id>/jav/", views.declare_conflict, name="declare_conflict"
    ),
    path(
        "<year:year>/insats/<int:effort_id>/jav/aterkalla/",
        views.withdraw_conflict,
        name="withdraw_conflict",
    ),
    path("<year:year>/rangordning/", views.ranking, name="ranking"),
    path("<year:year>/omrostning/", views.vote, name="vote"),
    path("<year:year>/jav/", views.conflicts, name="conflicts"),
    path("<year:year>/ordforande/", views.chair, name="chair"),
    path("<year:year>/arets-gang/", views.overview, name="overview"),
    path("<year:year>/beslut/", views.decision, name="decision"),
    path("<year:year>/beslut.pdf", documents.decision_document, name="decision_pdf"),
    path("<year:year>/underlag.pdf", documents.dossier_document, name="dossier_pdf"),
    path("<year:year>/beslutsunderlag/<slug:kind>.pdf", documents.basis_document, name="basis_pdf"),
    path("<year:year>/dokument/<int:document_id>/", documents.document_progress, name="document"),
]
