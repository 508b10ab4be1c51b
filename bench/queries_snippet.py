# Run by bench/run.py inside `manage.py shell`: counts the SQL queries of the jury's pages.
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from jury.models import JuryMembership, Score, ScoreValue
from nominations.models import (
    Answer,
    Criterion,
    Effort,
    JuryPhase,
    Nomination,
    Organisation,
    PrizeYear,
    ScreeningVerdict,
)
from nominations.orientation import COPIED_FIELDS
from nominations.prizes import legacy_prize

User = get_user_model()
now = timezone.now()
# Scoring follows a closed window (a database constraint since the governed year).
prize_year = PrizeYear.objects.create(
    prize=legacy_prize(),
    year=2098,
    theme="Benchmark",
    opens_at=now - timedelta(days=120),
    closes_at=now - timedelta(days=60),
    jury_phase=JuryPhase.SCORING,
)
# The criteria of 2023, as the migrations seed them.
Criterion.objects.bulk_create(
    Criterion(prize_year=prize_year, **{name: getattr(c, name) for name in COPIED_FIELDS})
    for c in PrizeYear.objects.get(year=2023).criteria.all()
)
criteria = prize_year.ordered_criteria()
assessment = [c for c in criteria if not c.is_mandatory]
jurors = []
for i in range(9):
    user = User.objects.create_user(f"bench{i}", password="x")
    JuryMembership.objects.create(
        user=user,
        prize_year=prize_year,
        role="chair" if i == 0 else "member",
        ends_on=now.date().replace(year=now.year + 1),
    )
    jurors.append(user)
client = Client()
client.force_login(jurors[0])
device = TOTPDevice.objects.create(user=jurors[0], name="bench", confirmed=True)
session = client.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()

pages = {
    "jury dashboard": reverse("jury:dashboard", args=[2098]),
    "ranking": reverse("jury:ranking", args=[2098]),
}
print(f"{'nominations':>11} " + " ".join(f"{name:>15}" for name in pages))
made = 0
for target in (10, 100, 1000):
    for n in range(made, target):
        effort = Effort.objects.create(prize_year=prize_year, name=f"Insats {n}")
        nomination = Nomination.objects.create(
            prize_year=prize_year,
            effort=effort,
            reference=f"TP2098-Q{n:05d}",
            effort_name=effort.name,
            description="Beskrivning.",
            district="farsta",
            nominator_name="N",
            nominator_email="n@example.se",
            privacy_acknowledged_at=now,
        )
        Answer.objects.bulk_create(
            Answer(nomination=nomination, criterion=c, text="Svar.")
            for c in criteria
            if c.asks_for_text
        )
        ScreeningVerdict.objects.bulk_create(
            ScreeningVerdict(nomination=nomination, criterion=c, status="passed")
            for c in criteria
            if c.is_mandatory
        )
        Organisation.objects.bulk_create(
            [
                Organisation(nomination=nomination, name="Polisen"),
                Organisation(nomination=nomination, name="Skolan", position=1),
            ]
        )
        scores = Score.objects.bulk_create(Score(juror=j, effort=effort) for j in jurors)
        ScoreValue.objects.bulk_create(
            ScoreValue(score=score, criterion=c, value=(n + i + k) % 5 + 1)
            for i, score in enumerate(scores)
            for k, c in enumerate(assessment)
        )
    made = target
    counts = []
    for url in pages.values():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(len(queries))
    print(f"{target:>11} " + " ".join(f"{count:>15}" for count in counts))
