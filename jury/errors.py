"""The jury's refusals: each message says, in the reader's language, why and what to do."""


class JuryError(Exception):
    """The jury action cannot be done now; the message says why, in the juror's language."""
