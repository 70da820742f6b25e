"""The one safe file writer every export uses: a file is there whole or not at all.

* ``write_atomic`` / ``atomic_path``: a temporary file beside the target, renamed over it
  at the end (``tempfile.mkstemp`` makes it readable by its owner only);
* ``StagedFolder``: many files written into a hidden folder inside the target folder and
  moved in together, only when every one is done;
* ``safe_file_name`` / ``letter_file_name`` / ``unique_name``: names every OS accepts;
* ``write_file`` (an attachment written in place) and ``text_output`` (the CLI's CSV
  export, removed when writing fails) keep the way those exports have always written.

A file that cannot be written is a UserError naming it.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from models.base.errors import UserError

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*\x7f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def safe_file_name(text: str, suffix: str = ".docx", limit: int = 120) -> str:
    """A file name every OS accepts: no path or reserved characters, no trailing dots or spaces."""
    stem = _UNSAFE.sub("_", text or "").strip().rstrip(". ")
    stem = re.sub(r"\s+", " ", stem)[:limit].rstrip(". ") or "letter"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    return stem + suffix


def letter_file_name(contact_no: str, name: str) -> str:
    """A contact's letter: "<contact no> <name>.docx", made safe."""
    return safe_file_name(f"{contact_no} {name}".strip())


def unique_name(name: str, used: set[str]) -> str:
    """``name``, or "<stem> (2)<suffix>", "(3)" … when ``used`` (lower-case names) has it; then used."""
    candidate, n = name, 1
    stem, suffix = os.path.splitext(name)
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    used.add(candidate.lower())
    return candidate


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary file beside ``path`` for the block to write; it replaces ``path`` when
    the block ends, and is removed when the block fails."""
    target = Path(path).expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise UserError(f"Cannot write {target}: {_reason(exc)}") from None
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise UserError(f"Cannot write {target}: {_reason(exc)}") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write a file whole or not at all: a temporary file beside it, then a rename."""
    target = Path(path).expanduser()
    with atomic_path(target) as temp:
        temp.write_bytes(data)
    return target


def write_file(path: str | os.PathLike, data: bytes) -> Path:
    """Write a file in place, its folder made first (how an attachment is exported)."""
    target = Path(path).expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise UserError(f"Cannot write {target}: {_reason(exc)}") from None
    return target


@contextmanager
def text_output(path: str) -> Iterator[IO[str]]:
    """A UTF-8 text file (newlines as written, for CSV) open for the block; removed when
    the block fails, so a half-written export never stays."""
    output = Path(path)
    try:
        handle = open(output, "w", newline="", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"Cannot write {path}: {_reason(exc)}.") from None
    try:
        with handle:
            yield handle
    except OSError as exc:  # disk full, quota …
        output.unlink(missing_ok=True)
        raise UserError(f"Cannot write {path}: {_reason(exc)}.") from None
    except BaseException:
        output.unlink(missing_ok=True)
        raise


class StagedFolder:
    """Files written into a hidden folder inside ``folder``, moved in by ``commit``
    (a name met twice gets " (2)"); ``discard`` leaves the folder as it was."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder).expanduser()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.temp = Path(tempfile.mkdtemp(prefix=".relman-merge-", dir=self.folder))
        except OSError as exc:
            raise UserError(f"Cannot write into {self.folder}: {_reason(exc)}") from None
        self.names: list[str] = []
        self.used: set[str] = set()

    def write(self, name: str, data: bytes) -> str:
        """Stage a file; the name it gets."""
        name = unique_name(name, self.used)
        try:
            (self.temp / name).write_bytes(data)
        except OSError as exc:
            raise UserError(f"Cannot write {self.folder / name}: {_reason(exc)}") from None
        self.names.append(name)
        return name

    def path(self, name: str) -> Path:
        """Where to write a staged file yourself (``name`` made unique); it is moved in with the rest."""
        name = unique_name(name, self.used)
        self.names.append(name)
        return self.temp / name

    def rename(self, temp: Path, name: str) -> str:
        """A file written inside the staging folder takes the staged name ``name`` (made unique)."""
        target = self.path(name)
        os.replace(temp, target)
        return target.name

    def commit(self) -> list[Path]:
        paths = []
        try:
            for name in self.names:
                os.replace(self.temp / name, self.folder / name)
                paths.append(self.folder / name)
        except OSError as exc:
            raise UserError(f"Cannot write {self.folder}: {_reason(exc)}") from None
        finally:
            shutil.rmtree(self.temp, ignore_errors=True)
        return paths

    def discard(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)
