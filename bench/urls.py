from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest Django answer, through the same middleware: the yardstick."""
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("trygghetspris.urls"))]
