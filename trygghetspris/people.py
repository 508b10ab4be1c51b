"""Who people are in this application, said once: shared by both apps and migrations.

No model imports here, so the migrations may use the group's name too.
"""

# The administration's group, made by the migrations, that holds its permissions.
ADMINISTRATION_GROUP = "Socialförvaltningen – Trygghetspriset"


def display_name(user) -> str:
    """A person as pages, mail and records name them: the full name, else the account."""
    return user.get_full_name() or user.get_username()
