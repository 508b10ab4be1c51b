"""The prizes in the admin (nominations/admin/prizes.py): the prize's wording is edited there."""

from django.urls import reverse

from nominations.models import Prize
from tests.factories import log_in_verified, make_prize


def change_form(prize: Prize, **changes) -> dict:
    """The prize's change form as a browser sends it, with the changes."""
    data = {
        "name": prize.name,
        "slug": prize.slug,
        "owner": prize.owner_id,
        "purpose": prize.purpose,
        "contact_email": "",
        "first_year": "",
        "reference_prefix": prize.reference_prefix,
        "name_en": "",
        "purpose_en": "",
        "listed": "on",
        "position": 0,
        "self_nomination_allowed": "on",
        "excludes_jury_members": "on",
        "decider": "jury",
        "deciding_body": "",
        **{field: "" for field in ("ceremony", "ceremony_full", "chair_title", "nominees")},
        **{f"{field}_en": "" for field in ("ceremony", "ceremony_full", "chair_title", "nominees")},
    }
    data.update(changes)
    return data


def test_prize_admin_shows_the_wording_with_swedish_help(client, superuser, db):
    prize = make_prize()
    log_in_verified(client, superuser)
    html = client.get(reverse("admin:nominations_prize_change", args=[prize.pk])).content.decode()
    assert "Prisutdelningen och juryns ordförande" in html
    assert "Till exempel ”trygghetskonferensen”. Tomt blir ”prisutdelningen”." in html
    assert "till exempel ”socialborgarrådet”. Tomt blir bara ”ordförande”." in html


def test_prize_admin_stores_the_ceremony_the_chairs_title_and_who_can_be_nominated(
    client, superuser, db
):
    prize = make_prize()
    log_in_verified(client, superuser)
    client.post(
        reverse("admin:nominations_prize_change", args=[prize.pk]),
        change_form(
            prize,
            ceremony="miljögalan",
            ceremony_full="miljönämndens miljögala",
            ceremony_en="the environment gala",
            chair_title="miljöborgarrådet",
            nominees="Alla som gör staden grönare kan nomineras.",
        ),
    )
    prize.refresh_from_db()
    assert (prize.ceremony, prize.ceremony_full, prize.ceremony_en) == (
        "miljögalan",
        "miljönämndens miljögala",
        "the environment gala",
    )
    assert prize.chair_title == "miljöborgarrådet"
    assert prize.nominees == "Alla som gör staden grönare kan nomineras."
