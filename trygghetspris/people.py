"""Who people are in this application, and how they are named, said once: shared by
both apps and the migrations.

No model imports here, so the migrations may use the group's name too.
"""

from django.utils.translation import gettext as _

# The administration's group, made by the migrations, that holds its permissions: the
# staff who run the prizes, of whatever administration.
ADMINISTRATION_GROUP = "Prisernas handläggare"
# Its name while it ran Trygghetspriset only; jury migration 0019 renames it.
FORMER_ADMINISTRATION_GROUP = "Socialförvaltningen – Trygghetspriset"


def administration_group(group_model):
    """The one administration group, for the migrations: under its name or its former one.

    A migration that runs before the renaming (jury 0019) on an older database finds the
    group by the name it had then, one that runs after it by the new name: neither ever
    makes a second group. Made, under today's name, only where neither exists.
    """
    names = [ADMINISTRATION_GROUP, FORMER_ADMINISTRATION_GROUP]
    for name in names:
        group = group_model.objects.filter(name=name).first()
        if group is not None:
            return group
    return group_model.objects.create(name=ADMINISTRATION_GROUP)


def display_name(user) -> str:
    """A person as pages, mail and records name them: the full name, else the account."""
    return user.get_full_name() or user.get_username()


def join_names(names: list[str]) -> str:
    """ "A, B och C": a list as running text says it."""
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}
