"""The prize criteria set by the social committee (socialnämnden).

Two mandatory criteria decide whether a nomination can be assessed at all;
three assessment criteria are what the jury weighs between eligible efforts.
They are the committee's wording in plain language, shared by the public
pages, the nomination form and the jury.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str | Promise
    explanation: str | Promise


MANDATORY_CRITERIA = (
    Criterion(
        key="collaboration",
        title=_("Collaboration"),
        explanation=_(
            "The effort is carried out together by several organisations, for example "
            "a district administration, the police, a school, a housing company or an association."
        ),
    ),
    Criterion(
        key="added_value",
        title=_("Development and added value"),
        explanation=_(
            "The effort develops the work and adds value beyond what the organisations "
            "do in their ordinary operations."
        ),
    ),
)

ASSESSMENT_CRITERIA = (
    Criterion(
        key="innovation",
        title=_("Innovative and novel"),
        explanation=_("The effort tries something new or works in a new way."),
    ),
    Criterion(
        key="inspiration",
        title=_("Can inspire others"),
        explanation=_("Other organisations can learn from the effort and use its methods."),
    ),
    Criterion(
        key="results",
        title=_("Shows good results"),
        explanation=_("The effort can show that it has made people safer."),
    ),
)
