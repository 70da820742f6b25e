"""How a domain function talks to whoever runs it: questions and progress.

One signature each, for the UI's job runner, the CLI and the tests alike:

* ``confirm(question, default) -> bool``: a yes/no question with the answer a
  person would get by pressing Enter; ``answer_default`` takes that answer.
* ``progress(fraction, text)``: how far the work is (0.0–1.0) and what it does
  now ("" when nothing new to say); ``None`` means nobody listens.
"""

from __future__ import annotations

from collections.abc import Callable

Confirm = Callable[[str, bool], bool]
Progress = Callable[[float, str], None]


def answer_default(question: str, default: bool) -> bool:
    """A confirm that takes every question's default answer."""
    return default


def report(progress: Progress | None, fraction: float, text: str = "") -> None:
    """Tell ``progress`` (if anyone listens) how far the work is, clamped to 0–1."""
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)), text)
