from django.urls import path

from . import views

app_name = "nominations"
urlpatterns = [
    path("", views.home, name="home"),
    path("nominera/", views.nominate, name="nominate"),
    path("nominera/tack/", views.receipt, name="receipt"),
    path("tidigare-vinnare/", views.history, name="history"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
]
