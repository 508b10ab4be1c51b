"""Prize years from the committee paper "Trygghetspriset 2023" (socialnämnden, May 2023).

2012–2022 are history: theme and winner only. 2023 is the first year run in
this system, with its nomination window 1 June up to and including 1 September.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import migrations

STOCKHOLM = ZoneInfo("Europe/Stockholm")

HISTORY = [
    (2012, "ungdomar och trygghet", "Stiftelsen På Rätt Väg i Bagarmossen"),
    (2013, "trygghet för funktionsnedsatta", "Polisens volontärer"),
    (2014, "trygghet i den offentliga miljön", "Samverkansprojekt i Tensta/Hjulsta"),
    (2015, "barn och trygghet", "Parkleken Brödkaveln i Bagarmossen"),
    (2016, "skola och trygghet", "Tullgårdsskolan på Södermalm"),
    (
        2017,
        "jämställdhet och inkludering samt mot diskriminering och fördomar",
        "Mitt 127 festivalen i Skärholmen",
    ),
    (
        2018,
        "trygghet och ideella föreningar eller civilsamhällesorganisationer",
        "Samverkansprojektet i Östberga",
    ),
    (
        2019,
        "att minska återfall i kriminalitet bland barn, ungdomar och unga vuxna",
        "Föreningen Process Kedjan",
    ),
    (
        2020,
        "arbete mot våld och kriminalitet i Stockholms stad utifrån ett genusperspektiv",
        "Organisationen Storasyster och stödorganisationen Kvinnors Nätverk",
    ),
    (2021, "missbruk, beroende och kriminalitet", "Föreningen Gatans lag FF"),
    (
        2022,
        "socialtjänstens brottsförebyggande arbete",
        "IGOR, ett samverkansprojekt mellan Polisen och Södermalms stadsdelsförvaltning "
        "med målet att förebygga och förhindra mäns våld mot kvinnor",
    ),
]

DESCRIPTION_2023 = (
    "2023 års trygghetspris tilldelas verksamheter eller organisationer som genom sin "
    "samverkan bidrar till ökad trygghet i staden. Syftet med priset är att stimulera "
    "verksamheter och organisationer att verka för en ökad trygghet i staden och att "
    "inspirera, så att metoder och arbetssätt kan överföras till andra verksamheter."
)


def seed(apps, schema_editor):
    PrizeYear = apps.get_model("nominations", "PrizeYear")
    for year, theme, winner in HISTORY:
        PrizeYear.objects.update_or_create(
            year=year,
            defaults={"theme": theme, "historical_winner": winner, "prize_amount": 50_000},
        )
    PrizeYear.objects.update_or_create(
        year=2023,
        defaults={
            "theme": "Stärkt samverkan för ökad trygghet",
            "description": DESCRIPTION_2023,
            "prize_amount": 50_000,
            "opens_at": datetime(2023, 6, 1, tzinfo=STOCKHOLM),
            # Open up to and including 1 September: closed from the first instant of 2 September.
            "closes_at": datetime(2023, 9, 2, tzinfo=STOCKHOLM),
            "conference_date": date(2023, 10, 26),
        },
    )


def unseed(apps, schema_editor):
    PrizeYear = apps.get_model("nominations", "PrizeYear")
    PrizeYear.objects.filter(year__in=[row[0] for row in HISTORY] + [2023]).delete()


class Migration(migrations.Migration):
    dependencies = [("nominations", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
