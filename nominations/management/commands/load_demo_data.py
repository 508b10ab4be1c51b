"""Demo data for a local run: an administrator and a prize year open for nominations now."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from jury.appointments import appoint
from jury.models import JuryRole
from jury.scoring import open_scoring
from nominations.models import Nomination, PrizeYear, ScreeningStatus
from nominations.screening import screen_nomination
from nominations.submission import submit_nomination

DEMO_PASSWORD = "trygghet-demo-2023"
# Created by the migration jury/0002_administration_group.
ADMINISTRATION_GROUP = "Socialförvaltningen – Trygghetspriset"

DEMO_DESCRIPTION = (
    "Årets trygghetspris tilldelas verksamheter eller organisationer som genom sin "
    "samverkan bidrar till ökad trygghet i staden."
)

DEMO_NOMINATIONS = [
    {
        "fields": {
            "effort_name": "Nattvandring i Skärholmen",
            "description": "Föräldrar, fritidsgården och polisen går tillsammans kvällar och "
            "helger i centrum och skapar kontakt med unga.",
            "added_value": "Insatsen samlar föräldrar, fältassistenter och polis i ett gemensamt "
            "schema utöver deras ordinarie uppdrag, och har utvecklat en ny metod för uppföljning.",
            "innovation": "Gemensam digital lägesbild som delas efter varje pass.",
            "inspiration": "Metoden är dokumenterad och har redan spridits till Farsta.",
            "results": "Färre anmälda ordningsstörningar i centrum under 2023.",
            "district": "skarholmen",
            "nominator_name": "Anna Andersson",
            "nominator_email": "anna.andersson@example.se",
            "nominator_phone": "",
        },
        "organisations": ["Skärholmens stadsdelsförvaltning", "Polisen", "Föräldranätverket"],
    },
    {
        "fields": {
            "effort_name": "Trygga trapphus i Östberga",
            "description": "Bostadsbolaget och hyresgästföreningen har tillsammans med "
            "fältgruppen rustat trapphus och startat grannträffar.",
            "added_value": "Samverkan ger ett mervärde utöver ordinarie förvaltning: de boende "
            "är med och planerar, och insatsen utvecklar ett nytt sätt att arbeta med grannskap.",
            "innovation": "Boende leder trygghetsvandringar med bolagets tekniker.",
            "inspiration": "Andra bostadsbolag har besökt området för att lära.",
            "results": "Boendeenkäten visar ökad upplevd trygghet.",
            "district": "enskede-arsta-vantor",
            "nominator_name": "Bo Berg",
            "nominator_email": "bo.berg@example.se",
            "nominator_phone": "08-123 456 78",
        },
        "organisations": ["Stockholmshem", "Hyresgästföreningen Östberga", "Fältgruppen"],
    },
]


class Command(BaseCommand):
    help = "Create demo accounts and a prize year that is open for nominations now."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            username="admin",
            defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.se"},
        )
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        jurors = {
            "ordforande": ("Sara", "Socialborgarråd", JuryRole.CHAIR),
            "jurymedlem": ("Johan", "Jurist", JuryRole.MEMBER),
        }
        clerk, created = User.objects.get_or_create(
            username="handlaggare",
            defaults={
                "is_staff": True,
                "first_name": "Helena",
                "last_name": "Handläggare",
                "email": "handlaggare@example.se",
            },
        )
        if created:
            clerk.set_password(DEMO_PASSWORD)
            clerk.save()
            clerk.groups.add(Group.objects.get(name=ADMINISTRATION_GROUP))

        today = timezone.localdate()
        stockholm = timezone.get_current_timezone()
        prize_year, created = PrizeYear.objects.get_or_create(
            year=today.year,
            defaults={
                "theme": "Stärkt samverkan för ökad trygghet",
                "description": DEMO_DESCRIPTION,
                "prize_amount": 50_000,
                "opens_at": datetime.combine(today - timedelta(days=7), time(), stockholm),
                "closes_at": datetime.combine(today + timedelta(days=60), time(), stockholm),
                "conference_date": today + timedelta(days=90),
            },
        )
        if not prize_year.nominations.exists() and prize_year.is_open():
            translation.activate("sv")
            for demo in DEMO_NOMINATIONS:
                submit_nomination(
                    prize_year=prize_year,
                    fields=demo["fields"],
                    organisations=demo["organisations"],
                    at=timezone.now(),
                )
            for nomination in prize_year.nominations.all():
                screen_nomination(
                    nomination=nomination,
                    collaboration=ScreeningStatus.PASSED,
                    collaboration_reason="",
                    added_value=ScreeningStatus.PASSED,
                    added_value_reason="",
                    by=clerk,
                )
            for username, (first, last, role) in jurors.items():
                user = User.objects.create_user(
                    username=username,
                    password=DEMO_PASSWORD,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.se",
                )
                appoint(prize_year=prize_year, user=user, role=role, by=clerk)
            open_scoring(prize_year=prize_year, by=clerk)
        # Demo accounts get an authenticator at once; `manage.py demo_code NAME` shows its code.
        for username in ["admin", "handlaggare", *jurors]:
            user = User.objects.get(username=username)
            TOTPDevice.objects.get_or_create(user=user, name="demo", defaults={"confirmed": True})
        self.stdout.write(
            f"Demo data ready: prize year {prize_year.year}, "
            f"{Nomination.objects.filter(prize_year=prize_year).count()} nominations, "
            f"accounts admin, handlaggare, ordforande and jurymedlem, password "
            f"'{DEMO_PASSWORD}'; the login code comes from `manage.py demo_code USERNAME`."
        )
