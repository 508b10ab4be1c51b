"""The orientation migrations keep every answer, verdict and score of a year already run.

nominations/0012–0014 and jury/0007–0009 move the fixed fields into the year's
criteria. The test goes back to the schema before them, writes a scored year the
old way, and migrates forwards again.
"""

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BEFORE = [
    ("nominations", "0012_mail_queue"),
    ("jury", "0007_city_login_device"),
]
AFTER = [("nominations", "0015_remove_fixed_criteria"), ("jury", "0010_remove_fixed_scores")]

# The rows written before, as (reference, answers, (collaboration, reason), (added value, reason)).
NOMINATIONS = [
    (
        "TP2031-AAAAAA",
        {
            "added_value": "Ett mervärde utöver ordinarie verksamhet, beskrivet utförligt.",
            "innovation": "Nytt: unga kartlägger platser.",
            "inspiration": "Metoden är beskriven för andra.",
            "results": "Tryggheten har ökat enligt enkäten.",
        },
        ("passed", ""),
        ("passed", ""),
    ),
    (
        "TP2031-BBBBBB",
        {
            "added_value": "Ordinarie verksamhet, med lite extra.",
            "innovation": "Inget nytt.",
            "inspiration": "Svårt att sprida.",
            "results": "Inga mätningar ännu.",
        },
        ("passed", ""),
        ("failed", "Insatsen är ordinarie verksamhet."),
    ),
    (
        "TP2031-CCCCCC",
        {
            "added_value": "Text som ännu inte granskats.",
            "innovation": "Å, ä och ö.",
            "inspiration": "Kan spridas.",
            "results": "Resultat.",
        },
        ("pending", "Fråga nominatören om samverkan."),
        ("pending", ""),
    ),
]
# (juror, reference of the scored nomination's effort, innovation, inspiration, results, comment)
SCORES = [
    ("juror1", "TP2031-AAAAAA", 5, 4, 3, "Stark."),
    ("juror2", "TP2031-AAAAAA", 2, 3, 4, ""),
    ("juror1", "TP2031-CCCCCC", 1, 1, 5, "Oklart."),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def write_scored_year(apps) -> None:
    """A year run the old way: answers and verdicts on the nomination, three values a score."""
    PrizeYear = apps.get_model("nominations", "PrizeYear")
    Effort = apps.get_model("nominations", "Effort")
    Nomination = apps.get_model("nominations", "Nomination")
    NominationVersion = apps.get_model("nominations", "NominationVersion")
    Organisation = apps.get_model("nominations", "Organisation")
    Score = apps.get_model("jury", "Score")
    User = apps.get_model("auth", "User")

    prize_year = PrizeYear.objects.create(
        year=2031,
        theme="Trygghet i samverkan",
        opens_at=datetime(2031, 6, 1, tzinfo=STOCKHOLM),
        closes_at=datetime(2031, 9, 2, tzinfo=STOCKHOLM),
        # The historical model of the migration under test, which jury/phases.py cannot
        # move: the phase is written as the data stood when the migration ran.
        jury_phase="scoring",
    )
    efforts = {}
    for reference, answers, (collaboration, c_reason), (added, a_reason) in NOMINATIONS:
        effort = Effort.objects.create(prize_year=prize_year, name=f"Insats {reference}")
        efforts[reference] = effort
        nomination = Nomination.objects.create(
            prize_year=prize_year,
            effort=effort,
            reference=reference,
            effort_name=effort.name,
            description="En insats i samverkan.",
            district="sodermalm",
            nominator_name="Nina",
            nominator_email=f"{reference.lower()}@example.se",
            collaboration_status=collaboration,
            collaboration_reason=c_reason,
            added_value_status=added,
            added_value_reason=a_reason,
            **answers,
        )
        Organisation.objects.create(nomination=nomination, name="Polisen", position=0)
        Organisation.objects.create(nomination=nomination, name="Skolan", position=1)
    first = Nomination.objects.get(reference="TP2031-AAAAAA")
    NominationVersion.objects.create(
        nomination=first,
        number=1,
        received_at=datetime(2031, 6, 10, tzinfo=STOCKHOLM),
        replaced_at=datetime(2031, 6, 12, tzinfo=STOCKHOLM),
        effort_name=first.effort_name,
        description="Den första beskrivningen.",
        added_value="Det första mervärdet.",
        innovation="Den första innovationen.",
        inspiration="Den första inspirationen.",
        results="De första resultaten.",
        district="sodermalm",
        organisations=["Polisen"],
    )
    for username, reference, innovation, inspiration, results, comment in SCORES:
        juror, _created = User.objects.get_or_create(username=username)
        Score.objects.create(
            juror=juror,
            effort=efforts[reference],
            innovation=innovation,
            inspiration=inspiration,
            results=results,
            comment=comment,
        )


# Transactional: migrations cannot run inside the test's transaction. The year is the
# test's own, so the rows the migrations seed (flushed by earlier transactional tests,
# as after this one) are not needed.
@pytest.mark.django_db(transaction=True)
def test_migrating_a_scored_year_keeps_every_answer_verdict_and_score():
    try:
        write_scored_year(migrate(BEFORE))
        apps = migrate(AFTER)
    finally:
        # Whatever happens, the next tests find the database as the code expects it.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    Criterion = apps.get_model("nominations", "Criterion")
    Nomination = apps.get_model("nominations", "Nomination")
    ScoreValue = apps.get_model("jury", "ScoreValue")
    Score = apps.get_model("jury", "Score")

    criteria = Criterion.objects.filter(prize_year__year=2031)
    assert sorted(criteria.values_list("kind", "key")) == [
        ("assessment", "innovation"),
        ("assessment", "inspiration"),
        ("assessment", "results"),
        ("mandatory", "added_value"),
        ("mandatory", "collaboration"),
    ]
    for reference, answers, collaboration, added_value in NOMINATIONS:
        nomination = Nomination.objects.get(reference=reference)
        stored = {a.criterion.key: a.text for a in nomination.answers.select_related("criterion")}
        assert stored == answers
        verdicts = {
            v.criterion.key: (v.status, v.reason)
            for v in nomination.verdicts.select_related("criterion")
        }
        expected = {"collaboration": collaboration, "added_value": added_value}
        # A criterion never screened has no verdict row; everything else is kept.
        assert verdicts == {key: v for key, v in expected.items() if v != ("pending", "")}
    version = Nomination.objects.get(reference="TP2031-AAAAAA").versions.get()
    assert version.answers == [
        {"criterion": "added_value", "text": "Det första mervärdet."},
        {"criterion": "innovation", "text": "Den första innovationen."},
        {"criterion": "inspiration", "text": "Den första inspirationen."},
        {"criterion": "results", "text": "De första resultaten."},
    ]
    assert Score.objects.count() == len(SCORES)
    for username, reference, innovation, inspiration, results, comment in SCORES:
        score = Score.objects.get(juror__username=username, effort__name=f"Insats {reference}")
        values = {
            v.criterion.key: v.value
            for v in ScoreValue.objects.filter(score=score).select_related("criterion")
        }
        assert values == {"innovation": innovation, "inspiration": inspiration, "results": results}
        assert score.comment == comment
        assert {v.criterion.prize_year.year for v in score.values.all()} == {2031}


def test_migrations_give_2023_the_committee_papers_criteria_and_history_none(db):
    from nominations.models import Criterion

    explanations = dict(
        Criterion.objects.filter(prize_year__year=2023).values_list("key", "explanation")
    )
    assert explanations["collaboration"] == (
        "Insatsen ska ske i samverkan mellan flera verksamheter/organisationer."
    )
    assert explanations["results"] == "Insatsen visar goda resultat."
    assert not Criterion.objects.filter(prize_year__year=2022).exists()


PRIZE_BEFORE = [("nominations", "0025_prize_year_closed"), ("jury", "0015_dossier_revision")]
PRIZE_AFTER = [("nominations", "0028_prize_first_year"), ("jury", "0015_dossier_revision")]
STORED_DECISION = b"%PDF-1.7\n% the checked decision, as stored\n%%EOF\n"


def write_decided_year(apps) -> None:
    """A year scored, voted, decided and justerad, its decision's PDF stored."""
    PrizeYear = apps.get_model("nominations", "PrizeYear")
    Effort = apps.get_model("nominations", "Effort")
    Score = apps.get_model("jury", "Score")
    Decision = apps.get_model("jury", "Decision")
    User = apps.get_model("auth", "User")

    prize_year = PrizeYear.objects.create(
        year=2031,
        theme="Trygghet i samverkan",
        opens_at=datetime(2031, 6, 1, tzinfo=STOCKHOLM),
        closes_at=datetime(2031, 9, 2, tzinfo=STOCKHOLM),
        jury_phase="decided",
        case_number="SN 2031/0101",
    )
    winner = Effort.objects.create(prize_year=prize_year, name="Nattvandring i Årsta")
    chair = User.objects.create(username="chair")
    justerare = User.objects.create(username="justerare")
    Score.objects.create(juror=chair, effort=winner)
    Decision.objects.create(
        prize_year=prize_year,
        effort=winner,
        motivation="Ett föredöme i samverkan.",
        tally={str(winner.pk): 2},
        decided_by=chair,
        justerare=justerare,
        chair_checked_at=datetime(2031, 10, 2, tzinfo=STOCKHOLM),
        justerare_checked_at=datetime(2031, 10, 3, tzinfo=STOCKHOLM),
        document=STORED_DECISION,
        document_sha256=hashlib.sha256(STORED_DECISION).hexdigest(),
    )


@pytest.mark.django_db(transaction=True)
def test_migrating_to_prizes_puts_a_decided_year_under_trygghetspriset_unchanged():
    try:
        write_decided_year(migrate(PRIZE_BEFORE))
        apps = migrate(PRIZE_AFTER)
        PrizeYear = apps.get_model("nominations", "PrizeYear")
        Decision = apps.get_model("jury", "Decision")
        prize_year = PrizeYear.objects.select_related("prize__owner").get(year=2031)
        decision = Decision.objects.get(prize_year=prize_year)
        facts = {
            "prize": (prize_year.prize.slug, prize_year.prize.name, prize_year.prize.first_year),
            "owner": (prize_year.prize.owner.municipality, prize_year.prize.owner.administration),
            "years_without_prize": PrizeYear.objects.filter(prize__isnull=True).count(),
            "document": bytes(decision.document),
            "sha256": decision.document_sha256,
            "winner": decision.effort.name,
            "scores": apps.get_model("jury", "Score").objects.count(),
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert facts == {
        "prize": ("trygghetspriset", "Trygghetspriset", 2012),
        "owner": ("Stockholms stad", "Socialförvaltningen"),
        "years_without_prize": 0,
        "document": STORED_DECISION,
        "sha256": hashlib.sha256(STORED_DECISION).hexdigest(),
        "winner": "Nattvandring i Årsta",
        "scores": 1,
    }


WORDING_BEFORE = [("nominations", "0032_outcomes"), ("jury", "0017_outcomes")]
WORDING_AFTER = [("nominations", "0034_prize_wording"), ("jury", "0017_outcomes")]


def write_two_prizes(apps) -> None:
    """Trygghetspriset as migration 0026 made it, unless still there, and a prize of its own."""
    Owner = apps.get_model("nominations", "Owner")
    Prize = apps.get_model("nominations", "Prize")
    owner = Owner.objects.create(
        municipality="Stockholms stad", administration="Socialförvaltningen", body="Socialnämnden"
    )
    if not Prize.objects.filter(slug="trygghetspriset").exists():
        Prize.objects.create(owner=owner, name="Trygghetspriset", slug="trygghetspriset")
    Prize.objects.create(
        owner=owner, name="Miljöpriset", slug="miljopriset", reference_prefix="MP", purpose="."
    )


@pytest.mark.django_db(transaction=True)
def test_migrating_to_the_prizes_wording_gives_trygghetspriset_its_words_as_before():
    try:
        write_two_prizes(migrate(WORDING_BEFORE))
        Prize = migrate(WORDING_AFTER).get_model("nominations", "Prize")
        fields = ["ceremony", "ceremony_full", "chair_title", "nominees", "ceremony_en"]
        wording = {p.slug: [getattr(p, f) for f in fields] for p in Prize.objects.all()}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert wording == {
        "trygghetspriset": [
            "trygghetskonferensen",
            "socialnämndens trygghetskonferens",
            "socialborgarrådet",
            "Verksamheter och organisationer som är värda att uppmärksammas för ett "
            "framgångsrikt trygghetsskapande arbete kan nomineras.",
            "the safety conference",
        ],
        "miljopriset": ["", "", "", "", ""],
    }


GROUP_BEFORE = [("jury", "0020_chair_label")]
GROUP_AFTER = [("jury", "0021_administration_group_renamed")]
FORMER_GROUP = "Socialförvaltningen – Trygghetspriset"


def group_facts(apps) -> dict:
    Group = apps.get_model("auth", "Group")
    return {
        group.name: (
            sorted(group.user_set.values_list("username", flat=True)),
            sorted(group.permissions.values_list("codename", flat=True)),
        )
        for group in Group.objects.all()
    }


@pytest.mark.django_db(transaction=True)
def test_migrating_renames_the_administration_group_with_its_members_and_permissions():
    try:
        apps = migrate(GROUP_BEFORE)
        Group = apps.get_model("auth", "Group")
        Group.objects.all().delete()
        group = Group.objects.create(name=FORMER_GROUP)
        group.user_set.add(apps.get_model("auth", "User").objects.create(username="handlaggare"))
        group.permissions.add(
            apps.get_model("auth", "Permission").objects.get(codename="screen_nomination")
        )
        facts = group_facts(migrate(GROUP_AFTER))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert facts == {"Prisernas handläggare": (["handlaggare"], ["screen_nomination"])}


@pytest.mark.django_db(transaction=True)
def test_migrating_merges_a_group_made_under_the_new_name_into_one():
    # A migration written after the renaming, applied before it, made the group anew.
    try:
        apps = migrate(GROUP_BEFORE)
        Group, User = apps.get_model("auth", "Group"), apps.get_model("auth", "User")
        Permission = apps.get_model("auth", "Permission")
        Group.objects.all().delete()
        former = Group.objects.create(name=FORMER_GROUP)
        former.user_set.add(User.objects.create(username="handlaggare"))
        former.permissions.add(Permission.objects.get(codename="screen_nomination"))
        newer = Group.objects.create(name="Prisernas handläggare")
        newer.permissions.add(Permission.objects.get(codename="view_outgoingmail"))
        facts = group_facts(migrate(GROUP_AFTER))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert facts == {
        "Prisernas handläggare": (["handlaggare"], ["screen_nomination", "view_outgoingmail"])
    }


@pytest.mark.django_db(transaction=True)
def test_earlier_migrations_grant_to_the_group_under_its_former_name_without_a_second():
    from jury.migrations._group import grant

    try:
        apps = migrate(GROUP_BEFORE)
        Group = apps.get_model("auth", "Group")
        Group.objects.all().delete()
        Group.objects.create(name=FORMER_GROUP)
        grant(apps, {"nominations": ["view_outgoingmail"]})
        facts = group_facts(apps)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert facts == {FORMER_GROUP: ([], ["view_outgoingmail"])}
