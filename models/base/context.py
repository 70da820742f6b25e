"""Work date, today, now and the current user: injectable so tests can pin them.

Business Central keeps a "work date" apart from today's date; several rules read
one or the other (segment Date = work date, Logged Segment Creation Date = today).
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass, field


def _os_login() -> str:
    try:
        return getpass.getuser().upper()
    except Exception:  # no login name (a container without passwd entry)
        return "UNKNOWN"


@dataclass
class Context:
    work_date: dt.date | None = None  # None: follows today
    fixed_now: dt.datetime | None = None
    user_id: str = field(default_factory=_os_login)

    def now(self) -> dt.datetime:
        return self.fixed_now or dt.datetime.now().replace(microsecond=0)

    def today(self) -> dt.date:
        return self.now().date()

    def workdate(self) -> dt.date:
        return self.work_date or self.today()


_current = Context()


def current() -> Context:
    return _current


def set_context(**values) -> Context:
    """Replace the context (tests pin work_date, fixed_now, user_id)."""
    global _current
    _current = Context(**values)
    return _current


def work_date() -> dt.date:
    return _current.workdate()


def today() -> dt.date:
    return _current.today()


def now() -> dt.datetime:
    return _current.now()


def user_id() -> str:
    return _current.user_id
