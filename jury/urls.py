from django.urls import path

from . import views
from .documents import views as documents
from .signin import city, password

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
    path("<int:year>/", views.dashboard, name="dashboard"),
    path("<int:year>/insats/<int:effort_id>/", views.effort_detail, name="effort"),
    path("<int:year>/insats/<int:effort_id>/jav/", views.declare_conflict, name="declare_conflict"),
    path(
        "<int:year>/insats/<int:effort_id>/jav/aterkalla/",
        views.withdraw_conflict,
        name="withdraw_conflict",
    ),
    path("<int:year>/rangordning/", views.ranking, name="ranking"),
    path("<int:year>/omrostning/", views.vote, name="vote"),
    path("<int:year>/jav/", views.conflicts, name="conflicts"),
    path("<int:year>/ordforande/", views.chair, name="chair"),
    path("<int:year>/arets-gang/", views.overview, name="overview"),
    path("<int:year>/beslut/", views.decision, name="decision"),
    path("<int:year>/beslut.pdf", documents.decision_document, name="decision_pdf"),
    path("<int:year>/underlag.pdf", documents.dossier_document, name="dossier_pdf"),
    path("<int:year>/beslutsunderlag/<slug:kind>.pdf", documents.basis_document, name="basis_pdf"),
    path("<int:year>/dokument/<int:document_id>/", documents.document_progress, name="document"),
]
