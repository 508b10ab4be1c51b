"""The mail queue's worker and a real SMTP server, for the tests.

run_queued_tasks() does what the worker does at this moment, inside the test's
transaction, through the worker's own code (django-tasks-db's Worker.run_task): it
sends the queued mail and renders the queued documents (jury/documents.py);
send_queued_mail() is the same, named for the mail tests.
run_worker_command() runs `manage.py db_worker --batch` itself, for tests whose data
is committed (the command closes stale connections, which would end a test's
transaction). SMTPServer is aiosmtpd on 127.0.0.1 that answers from a script.
"""

import email
import email.policy
import signal
from collections.abc import Callable
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

ACCEPTED = "250 2.0.0 OK"


def _worker() -> Worker:
    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )


def run_queued_tasks() -> int:
    """Run every task that is due now, as the worker would; returns how many ran."""
    worker, ran = _worker(), 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


send_queued_mail = run_queued_tasks


def run_worker_command() -> None:
    """`manage.py db_worker --batch`: everything due, then exit, as production's worker."""
    # The command takes over the process's signals for a graceful stop; give them back.
    handled = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    before = {number: signal.getsignal(number) for number in handled}
    try:
        call_command(
            "db_worker",
            batch=True,
            queue_name="*",
            startup_delay=False,
            reload=False,
            verbosity=0,
        )
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


@dataclass
class Delivered:
    to: list[str]
    subject: str
    body: str


GREYLISTED = "450 4.7.1 Greylisted, please try again later"


@dataclass
class SMTPServer:
    """Answers each message with the next line of `answers`, then accepts them all.

    A recipient in `greylisted` is refused with GREYLISTED at RCPT, as long as it is
    there. `on_data`, if set, is called with the message's recipients before the answer
    (a test stops the sending worker there); what it returns, if anything, is the answer.
    """

    answers: list[str] = field(default_factory=list)
    delivered: list[Delivered] = field(default_factory=list)
    refused: int = 0
    greylisted: set[str] = field(default_factory=set)
    refused_recipients: list[str] = field(default_factory=list)
    on_data: Callable[[list[str]], str | None] | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.greylisted:
            self.refused_recipients.append(address)
            return GREYLISTED
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        answer = self.on_data(list(envelope.rcpt_tos)) if self.on_data is not None else None
        if answer is None:
            answer = self.answers.pop(0) if self.answers else ACCEPTED
        if not answer.startswith("2"):
            self.refused += 1
            return answer
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.delivered.append(
            Delivered(
                to=list(envelope.rcpt_tos),
                subject=str(message["Subject"]),
                body=message.get_content(),
            )
        )
        return ACCEPTED


class _ControllerOnFreePort(Controller):
    """aiosmtpd's controller on port 0: the system picks a free port as the server binds.

    Probing for a free port and binding it afterwards leaves a moment in which another
    test worker (pytest -n) can take it; binding port 0 has no such moment. The controller
    then connects to its own port once, so it learns the port from the bound socket first.
    """

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def start_smtp_server(handler: SMTPServer) -> Controller:
    controller = _ControllerOnFreePort(handler, hostname="127.0.0.1", port=0)
    controller.start()
    return controller
