"""Fakes and small queries that tests in several folders share (one copy each)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from models.base.enums import HistoryAction
from models.tables.contacts import Language
from models.tables.segments import SegmentCriteriaLine, SegmentHistory, SegmentLine


class Asked:
    """A ``confirm`` callback that records every question as ``(question, default)``.

    It answers from ``answers`` in order, then ``always`` for every further question, or the
    question's default when ``always`` is None: ``Asked()`` takes every default,
    ``Asked(always=False)`` says No to everything, ``Asked(True, False)`` scripts two answers.
    """

    def __init__(self, *answers: bool, always: bool | None = None):
        self.answers = list(answers)
        self.always = always
        self.questions: list[tuple[str, bool]] = []

    def __call__(self, question: str, default: bool) -> bool:
        self.questions.append((question, default))
        if self.answers:
            return self.answers.pop(0)
        return default if self.always is None else self.always


def languages(*codes: str) -> None:
    """Languages with these codes (named by their code); one that exists is left as it is."""
    for code in codes:
        if Language.get_or_none(Language.code == code) is None:
            Language.create(code=code, name=code)


def segment_lines(segment_no: str = "S1") -> list[SegmentLine]:
    """The segment's lines in line-number order."""
    return list(SegmentLine.select().where(SegmentLine.segment == segment_no).order_by(SegmentLine.line_no))


def line_contacts(segment_no: str = "S1") -> list[str]:
    """The contact numbers of the segment's lines, in line-number order."""
    return [line.contact_no for line in segment_lines(segment_no)]


def numbered_contacts(segment_no: str = "S1") -> list[tuple[int, str]]:
    """``(line no., contact no.)`` of the segment's lines, in line-number order."""
    return [(line.line_no, line.contact_no) for line in segment_lines(segment_no)]


def criteria_lines(segment_no: str = "S1") -> list[SegmentCriteriaLine]:
    """The segment's criteria lines (actions and their filters) in line-number order."""
    return list(SegmentCriteriaLine.select().where(SegmentCriteriaLine.segment == segment_no)
                .order_by(SegmentCriteriaLine.line_no))


def segment_history(segment_no: str = "S1") -> list[tuple[int, int, str, HistoryAction]]:
    """``(action no., line no., contact no., action taken)`` of the segment's history, in order."""
    h = SegmentHistory
    return [(r.segment_action_no, r.segment_line_no, r.contact_no, r.action_taken)
            for r in h.select().where(h.segment == segment_no).order_by(h.segment_action_no, h.segment_line_no)]


ROOT = Path(__file__).resolve().parents[1]


def run_together(scripts: list[list[str]], timeout: float) -> list[list[str]]:
    """Start ``python -c script args…`` processes; each prints "ready" then waits for "go",
    so all start their work at once. Returns each one's output lines (it must exit 0)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", *argv], cwd=ROOT, env=env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for argv in scripts]
    try:
        for p in procs:
            assert p.stdout.readline().strip() == "ready", p.stderr.read()
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        outputs = []
        for p in procs:
            out, err = p.communicate(timeout=timeout)
            assert p.returncode == 0, err
            outputs.append(out.strip().splitlines())
        return outputs
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
