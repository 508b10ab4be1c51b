from django.urls import path

from . import views

app_name = "nominations"
urlpatterns = [
    path("", views.home, name="home"),
    path("nominera/", views.nominate, name="nominate"),
    path("nominera/tack/", views.receipt, name="receipt"),
    # The private link from the receipt e-mail; the token is signed (private_link.py).
    path("nominera/min-nominering/<str:token>/", views.my_nomination, name="my_nomination"),
    path(
        "nominera/min-nominering/<str:token>/ratta/",
        views.correct_nomination,
        name="correct_nomination",
    ),
    path(
        "nominera/min-nominering/<str:token>/aterkalla/",
        views.withdraw_nomination,
        name="withdraw_nomination",
    ),
    path("tidigare-vinnare/", views.history, name="history"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
]
