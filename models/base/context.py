"""Work date, today, now and the current user (the OS account): injectable so tests can pin them.

Business Central keeps a "work date" apart from today's date; several rules read
one or the other (segment Date = work date, Logged Segment Creation Date = today).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field


def os_account() -> str:
    """The operating-system account running Relman, as User ID: the password database's
    name for our uid, never $USER or $LOGNAME (anyone can set those). Windows has no pwd
    module: there getpass asks the system. A uid without a name is its number."""
    try:
        import pwd
    except ImportError:  # Windows
        import getpass

        return getpass.getuser().upper()
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name.upper()
    except KeyError:  # a container without a passwd entry for us
        return str(uid)


@dataclass
class Context:
    work_date: dt.date | None = None  # None: follows today
    fixed_now: dt.datetime | None = None
    user_id: str = field(default_factory=os_account)

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
