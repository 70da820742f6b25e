"""Hard Copy delivery: the letters of one run written into one folder together.

A printer should never get half a run: the letters ("<contact no> <name>.docx"), the
print files (every letter merged from one document, a section each) and — when
LibreOffice is installed and the ``pdf`` setting is on — a PDF of each letter are staged in
a hidden folder and moved in only when every letter is done. A file of the same name is
replaced (a Resend prints over the earlier letters). A failed PDF conversion is a note, not
an error: the .docx letters are delivered.

Decision: Business Central's Hard Copy downloads PDFs (zipped when several); a terminal
writes the .docx letters, the print file and — with LibreOffice — PDFs into a folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from models.base.files import StagedFolder, safe_file_name
from models.interactions.reasons import reason
from models.interactions.selection import chunks
from models.merge.letters import MergeTemplate

PDF_BATCH = 200  # letters per soffice call
PDF_SECONDS = 60  # soffice start-up, plus 5 s per letter


def convert_to_pdf(folder: Path, names: list[str]) -> tuple[list[str], str]:
    """PDFs of the letters in ``folder`` by LibreOffice (``soffice``): (pdf names made,
    note). No soffice: ([], ""). A failure is a note, never an error."""
    import subprocess
    import tempfile

    soffice = shutil.which("soffice")
    if not soffice or not names:
        return [], ""
    problem = ""
    with tempfile.TemporaryDirectory(prefix="relman-soffice-") as profile:
        for chunk in chunks(names, PDF_BATCH):
            timeout = PDF_SECONDS + 5 * len(chunk)
            command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to",
                       "pdf", "--outdir", str(folder), *[str(folder / n) for n in chunk]]
            try:
                done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
                                      check=False)
            except subprocess.TimeoutExpired:
                problem = f"LibreOffice did not finish within {timeout} s"
                break
            except OSError as exc:
                problem = reason(exc)
                break
            if done.returncode != 0:
                last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
                problem = last[0] if last else f"LibreOffice ended with exit code {done.returncode}"
    made = [Path(n).with_suffix(".pdf").name for n in names if (folder / Path(n).with_suffix(".pdf").name).is_file()]
    if len(made) < len(names):
        missing = len(names) - len(made)
        return made, (f"PDF conversion failed for {missing} of {len(names)} letters"
                      + (f": {problem}." if problem else ".") + " The .docx letters were delivered.")
    return made, ""


class HardCopy:
    """The letters of one delivery run, staged until ``commit`` moves them into ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.staged: StagedFolder | None = None
        self.letters: list[tuple[object, str, bool]] = []  # (entry, file name, store as its attachment)
        self.print_files: list[Path] = []  # staged, named at the end

    def add_letter(self, entry, file_name: str, letter: bytes, store: bool) -> None:
        self.letters.append((entry, self._stage().write(file_name, letter), store))

    def add_print_file(self, template: MergeTemplate, recipients: list) -> None:
        from models.merge.combined import write_combined

        staged = self._stage()
        target = staged.temp / f".print-{len(self.print_files) + 1}.docx"
        values = template.values()
        write_combined(template, values, values.rows(recipients), len(recipients), target, None)
        self.print_files.append(target)

    def _stage(self) -> StagedFolder:
        if self.staged is None:
            self.staged = StagedFolder(self.folder)
        return self.staged

    def commit(self, pdf: bool) -> tuple[list[Path], str]:
        """The print files named ("<run> print.docx", numbered when several), the PDFs made,
        every file moved in: (the paths, a note). Nothing is left behind when it fails."""
        staged, self.staged = self.staged, None
        if staged is None:
            return [], ""
        try:
            letters = list(staged.names)
            many = len(self.print_files) > 1
            run = self.folder.name
            for number, temp in enumerate(self.print_files, 1):
                staged.rename(temp, safe_file_name(f"{run} print {number}" if many else f"{run} print"))
            pdfs, note = convert_to_pdf(staged.temp, letters) if pdf else ([], "")
            for name in pdfs:
                staged.used.add(name.lower())
                staged.names.append(name)
            return staged.commit(), note
        except BaseException:
            staged.discard()
            raise

    def discard(self) -> None:
        if self.staged is not None:
            self.staged.discard()
            self.staged = None
