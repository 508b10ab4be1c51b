from django.urls import include, path, register_converter

from . import legacy, open_data_views, views


class YearConverter:
    """A prize year: four digits, so that no other input reaches the database."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


class PrizeConverter:
    """A prize's address: its slug. Takes the prize itself when an address is made."""

    regex = "[a-z0-9]+(?:-[a-z0-9]+)*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(getattr(value, "slug", value))


register_converter(YearConverter, "prize_year")
register_converter(PrizeConverter, "prize")

app_name = "nominations"

# Each prize's own pages, under /priser/<slug>/ (nominations/prizes.py finds the prize).
prize_patterns = [
    path("", views.prize_home, name="prize"),
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
    path("tidigare-vinnare/<prize_year:year>/", views.winner, name="winner"),
    # The prize's public outcomes as open data (nominations/open_data.py): stable addresses.
    path("tidigare-vinnare/flode.atom", open_data_views.feed, name="feed"),
    path("oppna-data/vinnare.json", open_data_views.winners_json, name="winners_json"),
    path("oppna-data/vinnare.csv", open_data_views.winners_csv, name="winners_csv"),
]

# The addresses from before the installation ran several prizes: Trygghetspriset's,
# kept working as permanent redirects to its pages (nominations/legacy.py).
legacy_patterns = [
    path("nominera/", legacy.to_prize_page, {"name": "nominate"}),
    path("nominera/tack/", legacy.to_prize_page, {"name": "receipt"}),
    path(
        "nominera/min-nominering/<str:token>/",
        legacy.to_prize_page,
        {"name": "my_nomination"},
    ),
    path(
        "nominera/min-nominering/<str:token>/ratta/",
        legacy.to_prize_page,
        {"name": "correct_nomination"},
    ),
    path(
        "nominera/min-nominering/<str:token>/aterkalla/",
        legacy.to_prize_page,
        {"name": "withdraw_nomination"},
    ),
    path("tidigare-vinnare/", legacy.to_prize_page, {"name": "history"}),
    path("tidigare-vinnare/<prize_year:year>/", legacy.to_prize_page, {"name": "winner"}),
    # The open data of before several prizes was Trygghetspriset's: now its data sets.
    path("tidigare-vinnare/flode.atom", legacy.to_prize_data, {"name": "feed"}),
    path("oppna-data/vinnare.json", legacy.to_prize_data, {"name": "winners_json"}),
    path("oppna-data/vinnare.csv", legacy.to_prize_data, {"name": "winners_csv"}),
]

urlpatterns = [
    # The site's front page: the prizes, those open for nomination first.
    path("", views.home, name="home"),
    path("priser/", views.prizes_redirect, name="prizes"),
    path("priser/<prize:prize>/", include(prize_patterns)),
    *legacy_patterns,
    # The open data's documentation, its schema and the catalogue of every listed
    # prize's data sets (nominations/dcat.py); each prize's files are under its address.
    path("oppna-data/", open_data_views.open_data_page, name="open_data"),
    path("oppna-data/vinnare.schema.json", open_data_views.winners_schema, name="winners_schema"),
    path("oppna-data/dcat.ttl", open_data_views.dcat, name="dcat"),
    path("lattlast/", views.easy_read, name="easy_read"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    # The logo of a prize's owner, shown in the pages' header (nominations/owners.py).
    path("logotyp/<int:owner_id>/", views.owner_logo, name="owner_logo"),
]
