"""The jury's refusals: each message says, in the reader's language, why and what to do.

Each kind of step has its own class, so a caller can catch the refusals of one kind;
a page that lets a juror act catches JuryError, which covers the phases' refusals too.
"""


class JuryError(Exception):
    """The jury action cannot be done now; the message says why, in the juror's language."""


class PhaseError(JuryError):
    """The step of the year's process cannot be taken now; the message says what to do first."""


class AppointmentError(Exception):
    """The appointment cannot be made; the message says why."""


class JusteringError(Exception):
    """The step of the justering cannot be taken now; the message says what to do first."""


class CommitteeError(JuryError):
    """The committee's decision cannot be recorded now; the message says what to do first."""
