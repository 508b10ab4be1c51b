"""Trygghetspriset's wording, as its pages, e-mails and documents printed it before it was
the prize's data: awarded at the social committee's safety conference, by a jury the
social commissioner chairs. The Swedish texts are the translations they had, word for
word. Set by migration 0033; the tests' factories make the prize with it too.
"""

TRYGGHETSPRISET = {
    "ceremony": "trygghetskonferensen",
    "ceremony_en": "the safety conference",
    "ceremony_full": "socialnämndens trygghetskonferens",
    "ceremony_full_en": "the social committee's safety conference",
    "chair_title": "socialborgarrådet",
    "chair_title_en": "the social commissioner",
    "nominees": (
        "Verksamheter och organisationer som är värda att uppmärksammas för ett "
        "framgångsrikt trygghetsskapande arbete kan nomineras."
    ),
    "nominees_en": (
        "Organisations that are worth attention for successful work for a safer city can "
        "be nominated."
    ),
}
