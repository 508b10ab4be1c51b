import functools
from collections.abc import Callable

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.log import log_response
from whitenoise.middleware import WhiteNoiseMiddleware


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, reading the collectstatic build only when the site is served from one.

    Without STATIC_MANIFEST (the tests, the local demo) every file comes from the finders
    and no build is made, so STATIC_ROOT has no folder, and WhiteNoise warned "No
    directory at" whenever a server started: in the tests, in each live server's thread.
    With the manifest on, the build is all it serves, and a missing build still warns.
    """

    def add_files(self, root, prefix: str | None = None) -> None:
        if self.use_finders and root == self.static_root:
            return
        super().add_files(root, prefix)


class SwedishFirstLocaleMiddleware:
    """Swedish unless the visitor chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which
    shows a city service in English to anyone whose browser is set to English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


# Methods the CSRF check applies to (RFC 9110's unsafe methods).
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def accepted_methods(view: Callable) -> tuple[str, ...] | None:
    """The HTTP methods a view declares it takes, in its order, or None if it declares none.

    A class-based view lists them as handlers; a function view through Django's
    require_http_methods (require_GET, require_POST), whose list lives in the
    closure of the wrapper it makes. Outer decorators made with functools.wraps
    lead to it through __wrapped__. This reads Django's decorator rather than a
    decorator of our own so that every view written the usual way is covered;
    tests/test_url_walk.py fails if a Django upgrade hides the list.
    """
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return tuple(m.upper() for m in view_class.http_method_names if hasattr(view_class, m))
    func: Callable | None = view
    while func is not None:
        code = getattr(func, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = func.__closure__[code.co_freevars.index("request_method_list")]
            return tuple(cell.cell_contents)
        func = getattr(func, "__wrapped__", None)
    return None


class MethodNotAllowedMiddleware:
    """Answer 405 to a method the view does not take, before the CSRF check.

    The CSRF middleware checks every POST, PUT, PATCH and DELETE before the view's
    own method check runs, so a PUT on the form or a POST on the home page got the
    "form has expired" page, which tells the sender to try again. A method the
    view never takes gets 405 instead; every method a view does take still goes
    through the CSRF check. Placed just before CsrfViewMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        if request.method not in UNSAFE_METHODS:
            return None
        methods = accepted_methods(view)
        if methods is None or request.method in methods:
            return None
        response = HttpResponseNotAllowed(methods)
        log_response(
            "Method Not Allowed (%s): %s",
            request.method,
            request.path,
            response=response,
            request=request,
        )
        return response


@functools.cache
def _fixed_policy(report_only: bool) -> str:
    """The site's own policy from settings, the same for every response: built once."""
    return build_policy(report_only=report_only)


def _forget_fixed_policy(*, setting: str, **kwargs) -> None:
    # Tests change the policy with override_settings; production never does.
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _fixed_policy.cache_clear()


setting_changed.connect(_forget_fixed_policy)

# What a view can set to change the policy of its own response (django-csp's decorators).
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class FixedPolicyCSPMiddleware(CSPMiddleware):
    """django-csp, with the site's fixed policy built once per process.

    django-csp builds the header from the settings twice for every response (the policy
    and its report-only twin), which every page paid for, the cheapest included. The
    policy here has no nonce and no view changes it, so it is the same string every
    time. A response whose view changed it, that used a nonce, or that DEBUG exempts,
    goes through django-csp unchanged.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) is not None for name in _PER_RESPONSE)
        ):
            return super().process_response(request, response)
        for header, report_only, exempt, setting in (
            (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            policy = _fixed_policy(report_only)
            if not policy or header in response or getattr(response, exempt, False):
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
