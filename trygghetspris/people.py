"""Who people are in this application, and how they are named, said once: shared by
both apps and the migrations.

No model imports here, so the migrations may use the group's name too.
"""

from django.utils.translation import gettext as _

# The administration's group, made by the migrations, that holds its permissions.
ADMINISTRATION_GROUP = "Socialförvaltningen – Trygghetspriset"


def display_name(user) -> str:
    """A person as pages, mail and records name them: the full name, else the account."""
    return user.get_full_name() or user.get_username()


def join_names(names: list[str]) -> str:
    """ "A, B och C": a list as running text says it."""
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
