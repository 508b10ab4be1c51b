"""The criteria of the committee paper "Trygghetspriset 2023", for the data migrations.

Socialnämnden approved the orientation of 2023 ("godkänner inriktningen"): two
criteria every nomination must meet, and three the jury weighs. The Swedish
explanation is the paper's wording; the titles, questions and help texts are
those the form used before the criteria became data, in Swedish and English.
Frozen here, so that the migrations write the same rows whatever the code does
later.
"""

SCALE = ["inte alls", "i liten grad", "i viss grad", "i hög grad", "i mycket hög grad"]
SCALE_EN = [
    "not at all",
    "to a small extent",
    "to some extent",
    "to a large extent",
    "to a very large extent",
]

CRITERIA = [
    {
        "kind": "mandatory",
        "position": 1,
        "key": "collaboration",
        # Answered by the form's fields for the collaborating organisations.
        "answer": "organisations",
        "title": "Samverkan",
        "title_en": "Collaboration",
        "explanation": "Insatsen ska ske i samverkan mellan flera verksamheter/organisationer.",
        "explanation_en": (
            "The effort is carried out together by several organisations, for example a "
            "district administration, the police, a school, a housing company or an "
            "association."
        ),
    },
    {
        "kind": "mandatory",
        "position": 2,
        "key": "added_value",
        "answer": "text",
        "title": "Utveckling och mervärde",
        "title_en": "Development and added value",
        "explanation": (
            "Insatsen är utvecklande och innehåller ett mervärde utöver ordinarie verksamhet."
        ),
        "explanation_en": (
            "The effort develops the work and adds value beyond what the organisations do "
            "in their ordinary operations."
        ),
        "question": (
            "Hur är insatsen utvecklande, och vilket mervärde ger den utöver ordinarie "
            "verksamhet?"
        ),
        "question_en": (
            "How is the effort developmental, and what does it add beyond ordinary operations?"
        ),
        "help_text": "Några meningar.",
        "help_text_en": "A few sentences.",
        "min_answer_length": 80,
    },
    {
        "kind": "assessment",
        "position": 1,
        "key": "innovation",
        "answer": "text",
        "title": "Innovativ och nyskapande",
        "title_en": "Innovative and novel",
        "explanation": "Insatsen är innovativ och nyskapande.",
        "explanation_en": "The effort tries something new or works in a new way.",
        "question": "På vilket sätt är insatsen innovativ och nyskapande?",
        "question_en": "In what way is the effort innovative and novel?",
        "scale": SCALE,
        "scale_en": SCALE_EN,
    },
    {
        "kind": "assessment",
        "position": 2,
        "key": "inspiration",
        "answer": "text",
        "title": "Kan inspirera andra",
        "title_en": "Can inspire others",
        "explanation": "Insatsen kan inspirera andra verksamheter/organisationer.",
        "explanation_en": "Other organisations can learn from the effort and use its methods.",
        "question": "Hur kan insatsen inspirera andra verksamheter och organisationer?",
        "question_en": "How can the effort inspire other organisations?",
        "scale": SCALE,
        "scale_en": SCALE_EN,
    },
    {
        "kind": "assessment",
        "position": 3,
        "key": "results",
        "answer": "text",
        "title": "Visar goda resultat",
        "title_en": "Shows good results",
        "explanation": "Insatsen visar goda resultat.",
        "explanation_en": "The effort can show that it has made people safer.",
        "question": "Vilka resultat visar insatsen?",
        "question_en": "What results does the effort show?",
        "help_text": "Till exempel uppföljning, siffror eller vad deltagarna säger.",
        "help_text_en": "For example follow-up, numbers or what participants say.",
        "scale": SCALE,
        "scale_en": SCALE_EN,
    },
]

# The fixed fields the answers, verdicts and scores lived in before.
ANSWER_KEYS = ("added_value", "innovation", "inspiration", "results")
SCREENED_KEYS = ("collaboration", "added_value")
SCORED_KEYS = ("innovation", "inspiration", "results")


def create_criteria(Criterion, prize_year) -> dict:
    """The 2023 criteria for a year that has none; returns them by key."""
    existing = {c.key: c for c in Criterion.objects.filter(prize_year=prize_year)}
    if existing:
        return existing
    Criterion.objects.bulk_create(Criterion(prize_year=prize_year, **values) for values in CRITERIA)
    return {c.key: c for c in Criterion.objects.filter(prize_year=prize_year)}
