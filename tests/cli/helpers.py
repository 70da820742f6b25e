from __future__ import annotations

import csv
import io

from tui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """main(argv) in-process: (exit status, stdout, stderr)."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


def write_csv(path, lines: list[list[str]]) -> str:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(lines)
    return str(path)


def assert_one_error_line(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("relman: error: "), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
