"""Mail merge: N per-contact letters from the demo letter template, against docx-mailmerge2.

    python benchmarks/bench_merge.py                 # 1,000 letters
    python benchmarks/bench_merge.py --letters 5000

Prints one JSON line: {"bench": "merge_docx", "n", "seconds", "baseline": "docx-mailmerge2",
"baseline_seconds", "ratio"} — both measured in this run, on one core.

* ``seconds`` — ``models.merge.letters.merge_many``: the demo's English letter template (Word
  template LETTER-ENU: simple, complex and split fields in body, table, header and
  footer) merged for N recipients (demo contacts, salesperson JR, the work date),
  the recipients' data read from the database, one .docx per contact written into a
  folder.
* ``baseline_seconds`` — docx-mailmerge2 (``pip install -e .[bench]``) merging the
  same template into the same N files with the same values, handed to it as ready
  dictionaries (its data costs nothing: the comparison favours the baseline). Each
  letter opens the template and writes a file, the way that library makes
  separate documents.

Checks (the run fails when one does not hold): every letter of ours opens with
python-docx; sampled letters have the same body, table, header and footer text as
the baseline's; no «placeholder» is left. When LibreOffice (``soffice``) is
installed, three letters are converted to PDF and must convert cleanly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.base import context  # noqa: E402
from models.base.db import close_database  # noqa: E402
from models.tables.schema import open_database

BASELINE = "docx-mailmerge2"


def recipients_for(n: int):
    from models.merge.letters import Recipient
    from models.tables.contacts import Contact

    numbers = [no for (no,) in Contact.select(Contact.no).order_by(Contact.no).tuples()]
    date = context.work_date()
    return [Recipient(numbers[i % len(numbers)], salesperson_code="JR", date=date, language_code="ENU",
                      subject="Our new office collection", line_no=(i + 1) * 10000) for i in range(n)]


def baseline_values(template: bytes, recipients) -> list[dict]:
    """The values docx-mailmerge2 gets: field name as written -> text, per recipient."""
    from models.merge.format import Switches, format_value
    from models.merge.letters import MergeTemplate

    merge = MergeTemplate(template)
    written = {f.name: f.known for f in merge.info.fields if f.known}
    values = merge.values()
    out = []
    for row in values.rows(recipients):
        out.append({name: format_value(values.value(row, key), Switches(), row.lang)
                    for name, key in written.items()})
    return out


def run_baseline(template: bytes, values: list[dict], names: list[str], folder: Path) -> float:
    from mailmerge import MailMerge

    folder.mkdir()
    started = time.perf_counter()
    for name, fields in zip(names, values):
        with MailMerge(io.BytesIO(template)) as document:
            document.merge(**fields)
            document.write(str(folder / name))
    return time.perf_counter() - started


def texts(content: bytes) -> list[str]:
    from docx import Document

    doc = Document(io.BytesIO(content))
    out = [p.text for p in doc.paragraphs]
    out += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for section in doc.sections:
        out += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return [" ".join(t.split()) for t in out]


def check(ours: list[Path], theirs: Path) -> None:
    from docx import Document

    for path in ours:
        Document(str(path))  # every letter opens
    step = max(1, len(ours) // 20)
    for path in ours[::step]:
        mine = texts(path.read_bytes())
        assert not any("\u00ab" in t for t in mine), f"placeholder left in {path.name}"
        other = texts((theirs / path.name).read_bytes())
        assert mine == other, f"{path.name}: {mine} != {other}"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        out = ours[0].parent / "pdf"
        result = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out),
                                 *map(str, ours[:3])], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0 and len(list(out.glob("*.pdf"))) == 3, result.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    args = parser.parse_args(argv)
    n = max(1, args.letters)
    context.set_context(work_date=dt.date(2026, 1, 26))
    with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
        tmp_path = Path(tmp)
        open_database(tmp_path / "relman.db")
        from models.base.files import letter_file_name
        from models.demo.generate import generate
        from models.merge.letters import merge_many
        from models.tables.interactions import WordTemplate

        generate(min(max(n, 200), 5000), seed=1)
        template = bytes(WordTemplate.get(WordTemplate.code == "LETTER-ENU").template)
        recipients = recipients_for(n)

        started = time.perf_counter()
        ours = merge_many(template, recipients, tmp_path / "relman")
        seconds = time.perf_counter() - started

        values = baseline_values(template, recipients)
        names = [p.name for p in ours]
        assert len(set(names)) == len(names)
        baseline_seconds = run_baseline(template, values, names, tmp_path / "baseline")
        check(ours, tmp_path / "baseline")
        assert letter_file_name  # the names both sides use
        close_database()
    print(json.dumps({"bench": "merge_docx", "n": n, "seconds": round(seconds, 3), "baseline": BASELINE,
                      "baseline_seconds": round(baseline_seconds, 3),
                      "ratio": round(seconds / baseline_seconds, 3)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
