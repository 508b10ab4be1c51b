"""Demo data for a local run: a city where every role has something to do.

The year before last went through every step, was announced and is closed, so its
archive package can be made; last year's window has closed, its nominations are
screened and the jury is scoring; this year's window is open and new nominations
wait for screening.
Every step goes through the same functions as the real thing, so the demo never
shows a year out of order.
"""

import io
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image, ImageDraw

from jury import justering, phases
from jury.appointments import appoint
from jury.closing import close_year
from jury.models import JuryMembership, JuryRole
from jury.phases import open_scoring
from jury.scoring import assessment_criteria, save_score
from jury.years import create_year
from nominations.attachments import inspect_upload
from nominations.models import (
    Channel,
    MailStatus,
    Nomination,
    OutgoingMail,
    PrizeYear,
    ScreeningStatus,
)
from nominations.outbox import deliver
from nominations.prizes import legacy_prize
from nominations.screening import screen_nomination
from nominations.submission import submit_nomination
from trygghetspris.people import ADMINISTRATION_GROUP

from . import _culture_prize as culture_prize
from ._demo_steps import screen_and_decide

DEMO_PASSWORD = "trygghet-demo-2023"
# Created by the migration jury/0002_administration_group.


DEMO_DESCRIPTION = (
    "Årets trygghetspris tilldelas verksamheter eller organisationer som genom sin "
    "samverkan bidrar till ökad trygghet i staden."
)

# The decisions that give the jury its mandate, as the committee paper of 2023 tells them.
DEMO_MANDATE = (
    "Kommunstyrelsen instiftade priset 2012 på förslag av socialnämnden, beslutade 2016 att "
    "det skulle delas ut ytterligare fyra år och beslutade den 21 oktober 2020 att det ska "
    "delas ut årligen."
)

DEMO_NOMINATIONS = [
    {
        "fields": {
            "effort_name": "Nattvandring i Skärholmen",
            "description": "Föräldrar, fritidsgården och polisen går tillsammans kvällar och "
            "helger i centrum och skapar kontakt med unga.",
            "district": "skarholmen",
            "nominator_name": "Anna Andersson",
            "nominator_email": "anna.andersson@example.se",
            "nominator_phone": "",
        },
        "answers": {
            "added_value": "Insatsen samlar föräldrar, fältassistenter och polis i ett gemensamt "
            "schema utöver deras ordinarie uppdrag, och har utvecklat en ny metod för uppföljning.",
            "innovation": "Gemensam digital lägesbild som delas efter varje pass.",
            "inspiration": "Metoden är dokumenterad och har redan spridits till Farsta.",
            "results": "Färre anmälda ordningsstörningar i centrum under 2023.",
        },
        "organisations": ["Skärholmens stadsdelsförvaltning", "Polisen", "Föräldranätverket"],
    },
    {
        "fields": {
            "effort_name": "Trygga trapphus i Östberga",
            "description": "Bostadsbolaget och hyresgästföreningen har tillsammans med "
            "fältgruppen rustat trapphus och startat grannträffar.",
            "district": "enskede-arsta-vantor",
            "nominator_name": "Bo Berg",
            "nominator_email": "bo.berg@example.se",
            "nominator_phone": "08-123 456 78",
        },
        "answers": {
            "added_value": "Samverkan ger ett mervärde utöver ordinarie förvaltning: de boende "
            "är med och planerar, och insatsen utvecklar ett nytt sätt att arbeta med grannskap.",
            "innovation": "Boende leder trygghetsvandringar med bolagets tekniker.",
            "inspiration": "Andra bostadsbolag har besökt området för att lära.",
            "results": "Boendeenkäten visar ökad upplevd trygghet.",
        },
        "organisations": ["Stockholmshem", "Hyresgästföreningen Östberga", "Fältgruppen"],
    },
]


THIS_YEARS_NOMINATIONS = [
    {
        "fields": {
            "effort_name": "Läxhjälp och fritid i Rinkeby",
            "description": "Skolan, biblioteket och en idrottsförening erbjuder läxhjälp följt "
            "av träning tre kvällar i veckan.",
            "district": "rinkeby-kista",
            "nominator_name": "Cecilia Cederholm",
            "nominator_email": "cecilia.cederholm@example.se",
            "nominator_phone": "",
        },
        "answers": {
            "added_value": "Verksamheterna planerar kvällarna gemensamt och har utvecklat ett "
            "arbetssätt där unga ledare får utbildning och ansvar, utöver ordinarie uppdrag.",
            "innovation": "Unga ledare från området leder både läxhjälp och träning.",
            "inspiration": "Upplägget kan användas av andra skolor och föreningar.",
            "results": "Fler elever når godkända betyg och färre är ute sent på kvällen.",
        },
        "organisations": ["Rinkebyskolan", "Rinkeby bibliotek", "Rinkeby IF"],
    },
]


def _results_chart() -> SimpleUploadedFile:
    """A small bar chart as a PNG: the share who feel safe, before and after the effort."""
    image = Image.new("RGB", (480, 300), "white")
    draw = ImageDraw.Draw(image)
    draw.line([(40, 260), (460, 260)], fill="black", width=2)
    for left, share, colour in ((90, 0.48, "#9aa5b1"), (270, 0.71, "#005fa3")):
        draw.rectangle([(left, 260 - int(220 * share)), (left + 120, 259)], fill=colour)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile("Andel som känner sig trygga, före och efter.png", out.getvalue())


class Command(BaseCommand):
    help = "Create demo accounts, last year's jury at work and this year's open nominations."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        translation.activate("sv")
        admin = self._account("admin", is_staff=True, is_superuser=True)
        clerk = self._account(
            "handlaggare", is_staff=True, first_name="Helena", last_name="Handläggare"
        )
        clerk.groups.add(Group.objects.get(name=ADMINISTRATION_GROUP))
        chair = self._account("ordforande", first_name="Sara", last_name="Socialborgarråd")
        member = self._account("jurymedlem", first_name="Johan", last_name="Jurist")

        today = timezone.localdate()
        stockholm = timezone.get_current_timezone()

        def midnight(day):
            return datetime.combine(day, time(), stockholm)

        self._closed_year(today.year - 2, clerk=clerk, chair=chair, member=member)
        last_year = self._year(
            today.year - 1,
            by=clerk,
            theme="Stärkt samverkan för ökad trygghet",
            case_number=f"SN {today.year - 1}/0415",
            orientation_approved_on=today - timedelta(days=170),
            orientation_paragraph="§ 9",
            orientation_case_number=f"SN {today.year - 1}/0301",
            conference_date=today + timedelta(days=35),
            window=(midnight(today - timedelta(days=150)), midnight(today - timedelta(days=60))),
            deadlines=(today + timedelta(days=14), today + timedelta(days=28)),
        )
        if not last_year.nominations.exists():
            arrived = last_year.opens_at + timedelta(days=10)
            for position, demo in enumerate(DEMO_NOMINATIONS):
                submit_nomination(
                    prize_year=last_year,
                    fields=demo["fields"],
                    organisations=demo["organisations"],
                    answers=demo["answers"],
                    at=arrived,
                    # The first comes with a chart of its results, for the jury to open.
                    uploads=[inspect_upload(upload=_results_chart())] if position == 0 else [],
                )
            passed = {
                c.key: (ScreeningStatus.PASSED, "")
                for c in last_year.ordered_criteria()
                if c.is_mandatory
            }
            for nomination in last_year.nominations.all():
                screen_nomination(nomination=nomination, verdicts=passed, by=clerk)
            # The chair (the social commissioner) appoints the members; the clerk enters it.
            # Both serve until the day after the conference, the default.
            appoint(prize_year=last_year, user=chair, role=JuryRole.CHAIR, by=clerk)
            appoint(
                prize_year=last_year,
                user=member,
                role=JuryRole.MEMBER,
                by=clerk,
                decided_by=chair,
                decision_reference=f"Förordnande {last_year.case_number}",
            )
            open_scoring(prize_year=last_year, by=clerk)
            first = last_year.efforts.order_by("name").first()
            save_score(
                membership=JuryMembership.objects.get(user=member, prize_year=last_year),
                effort=first,
                values={
                    criterion.key: 4 - position % 2
                    for position, criterion in enumerate(assessment_criteria(last_year))
                },
                comment="Tydlig samverkan, resultaten kunde beskrivas mer.",
            )

        this_year = self._year(
            today.year,
            by=clerk,
            theme="Trygghet i vardagen genom samverkan",
            case_number=f"SN {today.year}/0388",
            orientation_approved_on=today - timedelta(days=30),
            orientation_paragraph="§ 7",
            orientation_case_number=f"SN {today.year}/0270",
            conference_date=today + timedelta(days=120),
            window=(midnight(today - timedelta(days=7)), midnight(today + timedelta(days=60))),
        )
        if not this_year.nominations.exists() and this_year.accepts_nominations():
            for demo in THIS_YEARS_NOMINATIONS:
                submit_nomination(
                    prize_year=this_year,
                    fields=demo["fields"],
                    organisations=demo["organisations"],
                    answers=demo["answers"],
                    at=timezone.now(),
                )
        # The city's second prize, run by another administration and decided by a committee.
        culture_last, culture_this = culture_prize.load(clerk=clerk, chair=chair, member=member)
        # Demo accounts get an authenticator at once; `manage.py demo_code NAME` shows its code.
        for user in (admin, clerk, chair, member):
            TOTPDevice.objects.get_or_create(user=user, name="demo", defaults={"confirmed": True})
        self.stdout.write(
            f"Demo data ready: {today.year - 2} closed, its archive package ready to make; "
            f"{last_year.year} with the jury scoring "
            f"({Nomination.objects.filter(prize_year=last_year).count()} nominations), "
            f"{this_year.year} open for nominations. Kulturpriset: {culture_last.year} decided "
            f"by Kulturnämnden on the jury's proposal, {culture_this.year} open. Accounts "
            f"admin, handlaggare, ordforande "
            f"and jurymedlem, password '{DEMO_PASSWORD}'; the login code comes from "
            f"`manage.py demo_code USERNAME`."
        )

    def _closed_year(self, year: int, *, clerk, chair, member) -> PrizeYear:
        """The year before last, through every step to its closing, each as staff and jury
        take it; its nominations came by letter, its window and conference are long past.
        """
        today = timezone.localdate()
        stockholm = timezone.get_current_timezone()
        opens = datetime.combine(today - timedelta(days=560), time(), stockholm)
        prize_year = self._year(
            year,
            by=clerk,
            theme="Samverkan som gör skillnad",
            case_number=f"SN {year}/0212",
            orientation_approved_on=today - timedelta(days=600),
            orientation_paragraph="§ 11",
            orientation_case_number=f"SN {year}/0150",
            conference_date=today - timedelta(days=420),
            conference_place="Stockholms stadshus",
            window=(opens, opens + timedelta(days=90)),
        )
        if prize_year.jury_phase != "preparation" or prize_year.nominations.exists():
            return prize_year
        for demo in DEMO_NOMINATIONS:
            submit_nomination(
                prize_year=prize_year,
                fields={**demo["fields"], "nominator_email": "", "nominator_phone": ""},
                organisations=demo["organisations"],
                answers=demo["answers"],
                at=opens + timedelta(days=20),
                channel=Channel.LETTER,
                registered_by=clerk,
            )
        decision = screen_and_decide(
            prize_year,
            clerk=clerk,
            chair=chair,
            member=member,
            foredragande_title="Utredare, Socialförvaltningen",
            pick=lambda efforts: efforts[0],
            motivation="Insatsen förenar föräldrar, polis och fritidsgård och har gett "
            "goda resultat.",
        )
        justering.name_justerare(decision=decision, justerare=member, by=chair)
        for membership in JuryMembership.objects.filter(prize_year=prize_year):
            justering.mark_checked(decision=decision, membership=membership)
        phases.announce_winner(prize_year=prize_year, by=clerk)
        # The worker's part: the notices to the jurors go out before the year is closed.
        for mail in OutgoingMail.objects.filter(status=MailStatus.PENDING):
            deliver.call(mail_id=mail.pk, attempt=mail.attempts + 1)
        return close_year(prize_year=prize_year, by=clerk)

    def _year(
        self, year: int, *, by, window: tuple, deadlines: tuple = (None, None), **fields
    ) -> PrizeYear:
        """A demo year, made as the administration makes one in the admin.

        A new year starts from the criteria of the latest year that has them (2023's,
        from the migrations), copied while it is in preparation; the window and the
        deadlines come after.
        """
        prize = legacy_prize()
        existing = PrizeYear.objects.filter(prize=prize, year=year).first()
        if existing is not None:
            return existing
        source = (
            PrizeYear.objects.filter(prize=prize, criteria__isnull=False, year__lt=year)
            .distinct()
            .order_by("-year")
            .first()
        )
        if source is None:
            raise CommandError("No earlier prize year has criteria to copy; run the migrations.")
        # The committee's decisions come with the year: it opens only once they are recorded.
        return create_year(
            values={
                "prize": prize,
                "year": year,
                "description": DEMO_DESCRIPTION,
                "mandate": DEMO_MANDATE,
                **fields,
                "opens_at": window[0],
                "closes_at": window[1],
                "scoring_deadline": deadlines[0],
                "vote_deadline": deadlines[1],
            },
            copy_from=source,
            by=by,
        )

    def _account(self, username: str, **fields):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.se", **fields}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user
