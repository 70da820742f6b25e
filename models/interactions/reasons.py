"""The reason a delivery failed, as the entry's Delivery Error and the user read it."""

from __future__ import annotations

from models.base.errors import UserError


def reason(exc: BaseException) -> str:
    """An exception's text on one line: an OS error's own words (strerror), else its message,
    else its type's name."""
    return " ".join((getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).split())


def stopped_reason(exc: BaseException) -> str:
    """Why a whole delivery run stopped, as one sentence: a user error's message, an OS
    error's words, anything else named as the unexpected error it is."""
    text = reason(exc) if isinstance(exc, (UserError, OSError)) else f"Unexpected error ({type(exc).__name__}): {exc}"
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."
