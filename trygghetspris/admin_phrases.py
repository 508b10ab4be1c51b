"""Phrases of the Django admin that our catalogue says in plainer Swedish.

Django's own Swedish says "Var god rätta felet nedan", "Senaste Händelser", "Vänligen
ange ditt gamla lösenord …" and "… samt relaterade objekt", and quotes names with
English quotation marks (“…”). The city's klarspråk wants "Rätta felet nedan",
"Senaste händelser", plain verbs and Swedish quotation marks (”…”). Our catalogue is
read first (LOCALE_PATHS), so naming the admin's message ids here keeps them in
locale/sv when makemessages runs, with our wording. Nothing calls this module.
"""

from django.utils.translation import gettext_noop, ngettext


def _phrases() -> None:  # pragma: no cover - read by makemessages, never run
    ngettext("Please correct the error below.", "Please correct the errors below.", 1)
    gettext_noop("Recent actions")
    gettext_noop("My actions")
    gettext_noop("None available")
    gettext_noop("Your password was changed.")
    # The password change page (the admin's own form).
    gettext_noop(
        "Please enter your old password, for security’s sake, and then enter your new "
        "password twice so we can verify you typed it in correctly."
    )
    # What the admin says after a save or a deletion.
    gettext_noop("The {name} “{obj}” was added successfully.")
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below.")
    gettext_noop("The {name} “{obj}” was changed successfully.")
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below.")
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below.")
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully.")
    # Deleting a jury member who has done nothing yet, and running an action on no rows.
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the '
        "following related items will be deleted:"
    )
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following "
        "objects and their related items will be deleted:"
    )
    gettext_noop(
        "Items must be selected in order to perform actions on them. No items have been changed."
    )
