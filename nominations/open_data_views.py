"""The open data's addresses: each prize's data sets and feed, the catalogue, the schema
and the page that documents them (nominations/open_data.py and nominations/dcat.py
build the content)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_safe

from . import dcat as dcat_catalogue
from . import open_data, owners, winners
from .models import Prize
from .public_years import kept_prize

# The data sets and the feed change only when a year's public facts do: each is built
# once per process and fingerprint (winners.data_fingerprint), like the pages' fragments.
DATA_SETS: dict[str, tuple[Callable, str, str | None]] = {
    "json": (open_data.as_json, "application/json; charset=utf-8", "{slug}-vinnare.json"),
    "csv": (open_data.as_csv, "text/csv; charset=utf-8", "{slug}-vinnare.csv"),
    "atom": (open_data.as_atom, "application/atom+xml; charset=utf-8", None),
}


def _open(content, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # Open data: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _data_set(kind: str, slug: str) -> HttpResponse:
    prize = kept_prize(slug)
    build, content_type, filename = DATA_SETS[kind]
    content = caches["fragments"].get_or_set(
        f"open-data:{kind}:{prize.pk}:{winners.data_fingerprint(prize=prize)}",
        lambda: build(data=open_data.data_set(prize=prize)),
        timeout=None,
    )
    response = _open(content, content_type)
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename.format(slug=prize.slug)}"'
    return response


@require_safe
def winners_json(request: HttpRequest, prize: str) -> HttpResponse:
    return _data_set("json", prize)


@require_safe
def winners_csv(request: HttpRequest, prize: str) -> HttpResponse:
    return _data_set("csv", prize)


@require_safe
def feed(request: HttpRequest, prize: str) -> HttpResponse:
    return _data_set("atom", prize)


@require_safe
def dcat(request: HttpRequest) -> HttpResponse:
    content = caches["fragments"].get_or_set(
        f"open-data:dcat:{dcat_catalogue.fingerprint()}", dcat_catalogue.as_turtle, timeout=None
    )
    return _open(content, "text/turtle; charset=utf-8")


@require_safe
def winners_schema(request: HttpRequest) -> HttpResponse:
    return _open(open_data.JSON_SCHEMA_PATH.read_bytes(), "application/schema+json")


@require_GET
def open_data_page(request: HttpRequest) -> HttpResponse:
    """What the data holds, and each listed prize's files."""
    return render(
        request,
        "nominations/open_data.html",
        {
            "prizes": [(prize, open_data.anchor(prize)) for prize in Prize.objects.listed()],
            "license_url": settings.OPEN_DATA_LICENSE_URL,
            "license_name": settings.OPEN_DATA_LICENSE_NAME,
            "schema_url": reverse("nominations:winners_schema"),
            "contact": SimpleLazyObject(lambda: owners.contact(owners.site_owner())),
        },
    )
