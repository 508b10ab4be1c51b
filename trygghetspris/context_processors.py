from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def administration(request: HttpRequest) -> dict:
    """The owner the page speaks for, whose names, logo and address the header and footer show.

    The owner of the prize the address names, else the installation's own
    (nominations/owners.py). Read only if the page shows it: lazy, one query at most.
    """
    from nominations.owners import page_owner

    owner = SimpleLazyObject(lambda: page_owner(request))
    return {
        "owner": owner,
        "administration_email": SimpleLazyObject(lambda: owner.email if owner else ""),
    }
