from django.conf import settings
from django.http import HttpRequest


def administration(request: HttpRequest) -> dict:
    """The social administration's address, which the footer of every page quotes."""
    return {"administration_email": settings.ADMINISTRATION_EMAIL}
