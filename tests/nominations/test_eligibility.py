"""Who may be nominated and by whom: the prize's rules on the call, the form and at screening."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from nominations.eligibility import (
    EligibilityError,
    Rule,
    asks_self_nomination,
    exclusion_findings,
    set_aside_under_rule,
)
from nominations.models import AuditAction, AuditEntry, Nomination, PrizeYear
from tests.factories import (
    OPENS_AT,
    YEAR,
    make_announced_year,
    make_juror,
    make_nomination,
    make_prize_year,
    nomination_post_data,
    prize_with_rules,
)

# The pages of prize_with_rules(), and of Trygghetspriset.
HOME = reverse("nominations:prize", args=["kulturpriset"])
NOMINATE = reverse("nominations:nominate", args=["kulturpriset"])
TRYGGHETSPRISET_NOMINATE = reverse("nominations:nominate", args=["trygghetspriset"])
MIDSUMMER = OPENS_AT + timedelta(days=20)


@pytest.fixture
def ruled_year(db) -> PrizeYear:
    """This year of a prize with every rule on who may be nominated."""
    return make_prize_year(prize=prize_with_rules())


def findings(nomination: Nomination) -> dict[Rule, list[str]]:
    found: dict[Rule, list[str]] = {}
    for finding in exclusion_findings(nomination=nomination):
        found.setdefault(finding.rule, []).append(finding.reason)
    return found


# The rules as data


def test_trygghetspriset_form_does_not_ask_about_self_nomination(prize_year):
    assert asks_self_nomination(prize=prize_year.prize) is False


def test_form_asks_about_self_nomination_where_the_prize_does_not_allow_it(ruled_year):
    assert asks_self_nomination(prize=ruled_year.prize) is True


# On the call


def test_call_page_lists_who_cannot_be_nominated_for_a_prize_with_rules(client, ruled_year):
    html = client.get(HOME).content.decode()
    assert "Vem kan inte nomineras?" in html
    assert "Den som sitter i årets jury." in html
    assert "Personal på Kulturförvaltningen, för arbete de gör i tjänsten." in html
    assert "Förra årets vinnare." in html
    assert "Du kan inte nominera en insats som du själv är med i." in html


def test_call_page_lists_no_rules_for_a_prize_without_them(client, db):
    prize = prize_with_rules(
        self_nomination_allowed=True,
        excludes_jury_members=False,
        excludes_own_staff=False,
        excludes_last_winner=False,
    )
    make_prize_year(prize=prize)
    html = client.get(HOME).content.decode()
    assert "Vem kan inte nomineras?" not in html
    assert "Förra årets vinnare." not in html


def test_call_page_in_english_lists_the_rules_in_english(client, ruled_year):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(HOME).content.decode()
    assert "Who cannot be nominated?" in html
    assert "Staff of Kulturförvaltningen, for work done in their job." in html


def test_nomination_page_lists_the_rules_near_the_form(client, ruled_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(NOMINATE).content.decode()
    rules_at = html.index("Vem kan inte nomineras?")
    assert "Den som sitter i årets jury." in html
    assert rules_at < html.index('name="effort_name"')


def test_kept_call_page_shows_a_changed_rule_at_once(client, settings, ruled_year):
    settings.PUBLIC_PAGE_CACHE = True
    assert "Förra årets vinnare." in client.get(HOME).content.decode()
    prize = ruled_year.prize
    prize.excludes_last_winner = False
    prize.save()
    assert "Förra årets vinnare." not in client.get(HOME).content.decode()


def test_kept_blank_form_asks_about_self_nomination_once_the_rule_changes(
    client, settings, ruled_year
):
    settings.PUBLIC_PAGE_CACHE = True
    prize = ruled_year.prize
    prize.self_nomination_allowed = True
    prize.save()
    with time_machine.travel(MIDSUMMER, tick=False):
        assert 'name="self_nominated"' not in client.get(NOMINATE).content.decode()
        prize.self_nomination_allowed = False
        prize.save()
        assert 'name="self_nominated"' in client.get(NOMINATE).content.decode()


# The public form


def nominate(client, url=NOMINATE, **overrides):
    with time_machine.travel(MIDSUMMER, tick=False):
        return client.post(url, nomination_post_data(**overrides))


def test_form_of_trygghetspriset_asks_nothing_about_self_nomination(client, prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(TRYGGHETSPRISET_NOMINATE).content.decode()
    assert 'name="self_nominated"' not in html


def test_form_of_a_prize_without_self_nomination_asks_the_question(client, ruled_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(NOMINATE).content.decode()
    assert "Är du själv med i insatsen som du nominerar?" in html
    assert 'name="self_nominated"' in html


def test_outsider_posting_yes_where_self_nomination_is_not_allowed_is_refused(client, ruled_year):
    response = nominate(client, self_nominated="yes")
    assert Nomination.objects.count() == 0
    assert mail.outbox == []
    html = response.content.decode()
    assert "Du kan inte nominera en insats som du själv är med i." in html
    # What was typed is kept, so the nominator loses nothing.
    assert "Trygga stråk i Tensta" in html


def test_posting_no_answer_where_the_question_is_asked_is_refused(client, ruled_year):
    response = nominate(client)
    assert Nomination.objects.count() == 0
    assert "Svara på om du själv är med i insatsen." in response.content.decode()


def test_answer_no_is_stored_on_the_nomination(client, ruled_year):
    nominate(client, self_nominated="no")
    assert Nomination.objects.get().self_nominated is False


def test_answer_to_a_question_not_asked_is_ignored(client, prize_year):
    nominate(client, TRYGGHETSPRISET_NOMINATE, self_nominated="yes")
    assert Nomination.objects.get().self_nominated is None


# Screening's findings


def test_no_findings_where_the_prize_has_no_rules(db):
    prize = prize_with_rules(
        self_nomination_allowed=True,
        excludes_jury_members=False,
        excludes_own_staff=False,
        excludes_last_winner=False,
    )
    prize_year = make_prize_year(prize=prize)
    make_juror(prize_year, "anna")
    nomination = make_nomination(
        prize_year,
        organisations=("Anna Jurysson", "Kulturförvaltningen"),
        self_nominated=True,
        nominator_email="a@stockholm.se",
    )
    assert exclusion_findings(nomination=nomination) == []


def test_findings_name_a_juror_named_among_the_organisations(ruled_year):
    make_juror(ruled_year, "anna")
    nomination = make_nomination(ruled_year, organisations=("Polisen", "Anna Jurysson konsult AB"))
    assert findings(nomination)[Rule.JURY_MEMBER] == [
        f"”Anna Jurysson”, som sitter i juryn {YEAR}, nämns i de samverkande organisationerna."
    ]


def test_findings_name_a_juror_named_in_the_effort_and_the_description_genitive_too(ruled_year):
    make_juror(ruled_year, "anna")
    nomination = make_nomination(
        ruled_year, effort_name="Anna Juryssons läsecirkel", description="Leds av ANNA JURYSSON."
    )
    assert findings(nomination)[Rule.JURY_MEMBER] == [
        f"”Anna Jurysson”, som sitter i juryn {YEAR}, nämns i insatsens namn, nominerarens texter."
    ]


def test_findings_do_not_take_part_of_a_longer_name_for_a_juror(ruled_year):
    make_juror(ruled_year, "anna")
    nomination = make_nomination(ruled_year, organisations=("Anna Juryssonsson", "Polisen"))
    assert Rule.JURY_MEMBER not in findings(nomination)


def test_findings_leave_out_a_juror_whose_appointment_ended(ruled_year):
    from jury.models import JuryMembership

    juror = make_juror(ruled_year, "anna")
    JuryMembership.objects.filter(user=juror).update(ended_at=OPENS_AT)
    nomination = make_nomination(ruled_year, organisations=("Anna Jurysson", "Polisen"))
    assert Rule.JURY_MEMBER not in findings(nomination)


def test_findings_leave_out_the_jury_of_another_year(ruled_year):
    earlier = make_prize_year(prize=ruled_year.prize, year=YEAR - 1, opens_at=None, closes_at=None)
    make_juror(earlier, "anna")
    nomination = make_nomination(ruled_year, organisations=("Anna Jurysson", "Polisen"))
    assert Rule.JURY_MEMBER not in findings(nomination)


def test_findings_name_last_years_historical_winner(ruled_year):
    make_prize_year(
        prize=ruled_year.prize,
        year=YEAR - 1,
        opens_at=None,
        closes_at=None,
        historical_winner="Musik i Tensta",
    )
    nomination = make_nomination(ruled_year, effort_name="Musik i Tensta, andra året")
    assert findings(nomination)[Rule.LAST_WINNER] == [
        f"Insatsens namn liknar ”Musik i Tensta”, som vann {YEAR - 1}."
    ]


def test_findings_name_last_years_decided_winner(ruled_year):
    earlier = make_prize_year(prize=ruled_year.prize, year=YEAR - 1, opens_at=None, closes_at=None)
    make_announced_year(earlier, winner_name="Läxhjälp i Rinkeby")
    nomination = make_nomination(ruled_year, effort_name="läxhjälp i rinkeby")
    assert findings(nomination)[Rule.LAST_WINNER] == [
        f"Insatsens namn liknar ”Läxhjälp i Rinkeby”, som vann {YEAR - 1}."
    ]


def test_findings_leave_out_the_winner_of_another_prize(ruled_year):
    # Trygghetspriset's years are seeded with their historical winners.
    other = make_prize_year(year=YEAR - 1, opens_at=None, closes_at=None, historical_winner="Musik")
    assert other.prize != ruled_year.prize
    nomination = make_nomination(ruled_year, effort_name="Musik")
    assert Rule.LAST_WINNER not in findings(nomination)


def test_findings_leave_out_a_winner_from_before_last_year(ruled_year):
    prize = ruled_year.prize
    make_prize_year(
        prize=prize, year=YEAR - 2, opens_at=None, closes_at=None, historical_winner="Musik"
    )
    make_prize_year(
        prize=prize, year=YEAR - 1, opens_at=None, closes_at=None, historical_winner="Dans"
    )
    nomination = make_nomination(ruled_year, effort_name="Musik")
    assert Rule.LAST_WINNER not in findings(nomination)


def test_findings_name_a_nominator_writing_from_the_staffs_domain(ruled_year):
    nomination = make_nomination(ruled_year, nominator_email="Kalle@Stockholm.se")
    assert findings(nomination)[Rule.OWN_STAFF] == [
        "Nominerarens e-postadress hör till personalens domän (stockholm.se). "
        "Kontrollera om insatsen är arbete som görs i tjänsten."
    ]


def test_findings_take_the_staffs_domains_from_the_owner_where_given(ruled_year):
    owner = ruled_year.prize.owner
    owner.staff_email_domains = "kultur.example.se"
    owner.save()
    at_the_city = make_nomination(ruled_year, nominator_email="kalle@stockholm.se")
    in_a_subdomain = make_nomination(
        ruled_year, nominator_email="kalle@bibliotek.kultur.example.se"
    )
    assert Rule.OWN_STAFF not in findings(at_the_city)
    assert Rule.OWN_STAFF in findings(in_a_subdomain)


def test_findings_name_organisations_naming_the_administration(ruled_year):
    nomination = make_nomination(
        ruled_year, organisations=("Kulturförvaltningen, Stockholms stad", "Tensta IF")
    )
    assert findings(nomination)[Rule.OWN_STAFF] == [
        "Kulturförvaltningen är en av de samverkande organisationerna "
        "(”Kulturförvaltningen, Stockholms stad”). Kontrollera om insatsen är arbete som "
        "personalen gör i tjänsten."
    ]


def test_findings_name_a_self_nomination_where_not_allowed(ruled_year):
    nomination = make_nomination(ruled_year, self_nominated=True)
    assert findings(nomination)[Rule.SELF_NOMINATION] == [
        "Den som nominerade svarade att hen själv är med i insatsen. Det tillåter inte priset."
    ]


def test_findings_nothing_for_a_nomination_that_breaks_no_rule(ruled_year):
    make_juror(ruled_year, "anna")
    nomination = make_nomination(ruled_year, self_nominated=False)
    assert exclusion_findings(nomination=nomination) == []


# Setting aside under a rule


def test_set_aside_under_a_rule_gives_the_rule_and_the_finding_as_reason(ruled_year, administrator):
    make_juror(ruled_year, "anna")
    nomination = make_nomination(ruled_year, organisations=("Anna Jurysson", "Polisen"))
    set_aside_under_rule(
        nomination=nomination, rule=Rule.JURY_MEMBER, note="Hon leder insatsen.", by=administrator
    )
    nomination.refresh_from_db()
    assert nomination.set_aside_reason == (
        f"Kan inte nomineras: någon som sitter i årets jury. ”Anna Jurysson”, som sitter i juryn "
        f"{YEAR}, nämns i de samverkande organisationerna. Hon leder insatsen."
    )
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.SET_ASIDE
    assert "Kan inte nomineras: någon som sitter i årets jury." in entry.summary


def test_set_aside_under_a_rule_is_in_swedish_whatever_the_screen_language(
    ruled_year, administrator
):
    nomination = make_nomination(ruled_year, self_nominated=True)
    with translation.override("en"):
        set_aside_under_rule(nomination=nomination, rule=Rule.SELF_NOMINATION, by=administrator)
    nomination.refresh_from_db()
    assert nomination.set_aside_reason.startswith(
        "Kan inte nomineras: nominerad av någon som är med i insatsen."
    )


def test_set_aside_under_a_rule_without_finding_or_note_is_refused(ruled_year, administrator):
    nomination = make_nomination(ruled_year)
    with pytest.raises(EligibilityError, match="Granskningen hittade inget"):
        set_aside_under_rule(nomination=nomination, rule=Rule.LAST_WINNER, by=administrator)
    nomination.refresh_from_db()
    assert nomination.set_aside_at is None
    assert not AuditEntry.objects.exists()


def test_set_aside_under_a_rule_without_finding_takes_the_screeners_note(ruled_year, administrator):
    nomination = make_nomination(ruled_year)
    set_aside_under_rule(
        nomination=nomination,
        rule=Rule.LAST_WINNER,
        note="Samma insats som vann förra året, under nytt namn.",
        by=administrator,
    )
    nomination.refresh_from_db()
    assert nomination.set_aside_reason == (
        "Kan inte nomineras: förra årets vinnare. "
        "Samma insats som vann förra året, under nytt namn."
    )


def test_set_aside_under_a_rule_the_prize_does_not_have_is_refused(prize_year, administrator):
    nomination = make_nomination(prize_year)
    with pytest.raises(EligibilityError, match="ingen sådan regel"):
        set_aside_under_rule(
            nomination=nomination, rule=Rule.LAST_WINNER, note="Vann förra året.", by=administrator
        )
    nomination.refresh_from_db()
    assert nomination.set_aside_at is None
