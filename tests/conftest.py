import functools
import logging
from collections.abc import Iterator

import pytest
import weasyprint
from django.core.cache import caches
from django.db import transaction
from django_tasks.signals import task_enqueued

from tests.factories import (
    log_in_verified,
    make_administrator,
    make_juror,
    make_prize_year,
    make_user,
)
from tests.mail_queue import SMTPServer, send_queued_mail, start_smtp_server

MAIL_WORKER = "tests-mail-worker"

# Fixtures that drive Chromium (tests/browser/conftest.py): a test that uses one is a
# browser test whatever its module says, so `-m "not browser"` leaves every one out.
BROWSER_FIXTURES = {"browser", "page", "axe"}


class _PdfRenders:
    """How many documents WeasyPrint has laid out in this process (test worker)."""

    count = 0


def _counted(render):
    @functools.wraps(render)
    def counted(self, *args, **kwargs):
        _PdfRenders.count += 1
        return render(self, *args, **kwargs)

    return counted


def pytest_configure(config: pytest.Config) -> None:
    # Every PDF goes through HTML.render (write_pdf calls it); counting there lets the
    # hooks below fail a test that renders one without the pdf marker, so that
    # `-m "not browser and not pdf"` stays a quick run as tests are added.
    weasyprint.HTML.render = _counted(weasyprint.HTML.render)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def _refuse_unmarked_pdf(item: pytest.Item) -> Iterator[None]:
    before = _PdfRenders.count
    result = yield
    if _PdfRenders.count > before and item.get_closest_marker("pdf") is None:
        pytest.fail(
            f"{item.nodeid} renders a PDF with WeasyPrint but is not marked pdf: add "
            "@pytest.mark.pdf (or pytestmark in its module) so the quick run leaves it out.",
            pytrace=False,
        )
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    # Fixtures render too (a shared document is made once, in the first test's setup).
    return (yield from _refuse_unmarked_pdf(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    return (yield from _refuse_unmarked_pdf(item))


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The rate limit lives in the cache, and rendered fragments in theirs; every test
    # starts with a clean count and renders its own pages.
    for alias in ("default", "fragments"):
        caches[alias].clear()
    yield
    for alias in ("default", "fragments"):
        caches[alias].clear()


@pytest.fixture
def prize_year(db):
    return make_prize_year()


@pytest.fixture
def outsider(db):
    """A logged-in user with no role in the prize at all."""
    return make_user("outsider")


@pytest.fixture
def superuser(db):
    return make_user("superuser", is_staff=True, is_superuser=True)


@pytest.fixture
def administrator(db):
    return make_administrator()


@pytest.fixture
def staff_without_permission(db):
    """Staff of another part of the city: may log in to the admin, holds no rights here."""
    return make_user("otherstaff", is_staff=True)


@pytest.fixture
def juror(prize_year):
    return make_juror(prize_year)


@pytest.fixture
def chair(prize_year):
    return make_juror(prize_year, "chair", role="chair")


@pytest.fixture
def juror_client(client, juror):
    log_in_verified(client, juror)
    return client


@pytest.fixture
def administrator_client(client, administrator):
    log_in_verified(client, administrator)
    client.user = administrator
    return client


@pytest.fixture(autouse=True)
def attachment_storage(settings, tmp_path):
    """Attached files go to a folder of the test's own, never the project's uploads/."""
    folder = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder, "base_url": None},
        },
    }
    return folder


@pytest.fixture(autouse=True)
def _public_year_read_at_each_request(settings):
    # Tests change a year and look at once; the moment's reuse has a test of its own.
    settings.PUBLIC_YEAR_CACHE_SECONDS = 0
    # Kept pages too (nominations/page_cache.py): their tests turn them on.
    settings.PUBLIC_PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is Django's business, not these tests'; MD5 keeps them quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _send_when_committed(sender, task_result, **kwargs) -> None:
    transaction.on_commit(send_queued_mail)


@pytest.fixture(autouse=True)
def _mail_worker():
    """The mail worker beside the server: queued mail goes out once its transaction commits.

    As in production, the worker sees a queued mail only after the commit, so a rolled-back
    nomination sends nothing. Inside a test's own transaction nothing commits: a test wraps
    the action in django_capture_on_commit_callbacks(execute=True), or calls
    send_queued_mail() itself.
    """
    task_enqueued.connect(_send_when_committed, dispatch_uid=MAIL_WORKER)
    yield
    task_enqueued.disconnect(dispatch_uid=MAIL_WORKER)


@pytest.fixture
def mail_worker_stopped(_mail_worker):
    """Queued mail waits until the test runs the worker."""
    task_enqueued.disconnect(dispatch_uid=MAIL_WORKER)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1, which the application's mail goes to."""
    handler = SMTPServer()
    # The test server's own log of each SMTP command; the application's logs are tested.
    server_log = logging.getLogger("mail.log")
    level = server_log.level
    server_log.setLevel(logging.WARNING)
    controller = start_smtp_server(handler)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_TIMEOUT = False, "", 5
    yield handler
    controller.stop()
    server_log.setLevel(level)
