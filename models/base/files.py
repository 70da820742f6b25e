"""The one safe file writer: every file Relman writes is there whole or not at all.

* ``atomic_path`` / ``write_atomic`` / ``text_output``: one file, written to a temporary
  file in its own folder, synced and renamed over the target at the end. Only that
  temporary file is ever removed (when writing fails or is interrupted): what was there
  before stays as it was.
  - A character device or a pipe (``-o /dev/null``, ``-o >(gzip > x.gz)``) is written in
    place: it is never replaced and never removed.
  - A folder, any other special file, or a symbolic link to a place outside the target's
    folder is refused in words; a link inside the folder is followed (the link stays).
  - A new file gets the permissions the umask gives; a replaced file keeps its own.
* ``StagedFolder``: many files written into a hidden folder inside the target folder and
  moved in together, only when every one is done; a name held by anything but a regular
  file (a link, a device, a folder) is left alone and the file takes " (2)".
* ``safe_file_name`` / ``letter_file_name`` / ``unique_name``: names every OS accepts,
  made from codes and names: no path or reserved characters, at most 255 bytes of UTF-8.

A file that cannot be written is a UserError naming it.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from models.base.errors import UserError

NAME_MAX = 255  # bytes in one file name (Linux, macOS)
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*\x7f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _cannot(path: Path, reason: str) -> UserError:
    return UserError(f"Cannot write {path}: {reason}.")


# ---------------------------------------------------------------------------
# Names


def cut_to_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` bytes of UTF-8, on a character boundary."""
    data = text.encode("utf-8")
    return text if len(data) <= limit else data[:limit].decode("utf-8", "ignore")


def safe_file_name(text: str, suffix: str = ".docx", limit: int = NAME_MAX) -> str:
    """A file name every OS accepts: no path or reserved characters, no leading or trailing
    dots or spaces, at most ``limit`` bytes with its suffix."""
    text = (text or "").encode("utf-8", "replace").decode("utf-8")  # a lone surrogate becomes "?"
    stem = re.sub(r"\s+", " ", _UNSAFE.sub("_", text)).strip(". ")
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    stem = cut_to_bytes(stem, limit - len(suffix.encode("utf-8"))).rstrip(". ") or "letter"
    return stem + suffix


def letter_file_name(contact_no: str, name: str) -> str:
    """A contact's letter: "<contact no> <name>.docx", made safe."""
    return safe_file_name(f"{contact_no} {name}".strip())


def unique_name(name: str, used: set[str], free: Callable[[str], bool] | None = None) -> str:
    """``name``, or "<stem> (2)<suffix>", "(3)" … when ``used`` (lower-case names) has it or
    ``free(name)`` says no; then used. A number added never makes it longer than 255 bytes."""
    candidate, n = name, 1
    stem, suffix = os.path.splitext(name)
    while candidate.lower() in used or (free is not None and not free(candidate)):
        n += 1
        tail = f" ({n}){suffix}"
        candidate = cut_to_bytes(stem, NAME_MAX - len(tail.encode("utf-8"))).rstrip(". ") + tail
    used.add(candidate.lower())
    return candidate


# ---------------------------------------------------------------------------
# One file


def _in_place(st: os.stat_result) -> bool:
    """A character device or a pipe is written into, never replaced."""
    return stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _cannot(path, _reason(exc)) from None


def _where(path: Path) -> tuple[Path, os.stat_result | None]:
    """(the file to write for ``path``, what is there now: None when nothing)."""
    st = _lstat(path)
    if st is None or not stat.S_ISLNK(st.st_mode):
        return path, st
    try:
        followed = os.stat(path)  # /dev/stdout, /dev/fd/63: a link to a device or a pipe
    except OSError:
        followed = None
    if followed is not None and _in_place(followed):
        return path, followed
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(os.path.realpath(path.parent)):
        raise _cannot(path, f"it is a symbolic link to {real}, outside its folder")
    return real, _lstat(real)


def _new_file(folder: Path, name: str) -> Path:
    """A new empty file in ``folder`` that nobody else made; its mode is what the umask gives."""
    stem = cut_to_bytes(name, NAME_MAX - 20)
    while True:
        temp = folder / f".{stem}.{secrets.token_hex(4)}.tmp"
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return temp
        except FileExistsError:
            continue


def _sync(path: Path, flags: int = os.O_RDONLY) -> None:
    """Flush a file (or a folder's entries) to the disk; some file systems cannot: ignored."""
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _replaceable(path: Path) -> bool:
    """Nothing there, or a regular file (a link, a device, a folder are never replaced)."""
    st = _lstat(path)
    return st is None or stat.S_ISREG(st.st_mode)


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """A file for the block to write, which becomes ``path`` when the block ends: a temporary
    file beside it (removed when the block fails), or a device or pipe itself."""
    given = Path(path).expanduser()
    target, st = _where(given)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise _cannot(given, "it is a folder")
    if st is not None and _in_place(st):
        try:
            yield target
        except OSError as exc:
            raise _cannot(given, _reason(exc)) from None
        return
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise _cannot(given, "it is not a regular file")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = _new_file(target.parent, target.name)
    except OSError as exc:
        raise _cannot(given, _reason(exc)) from None
    try:
        if st is not None:
            os.chmod(temp, stat.S_IMODE(st.st_mode) & 0o777)  # a replaced file keeps its mode
        yield temp
        _sync(temp)
        if not _replaceable(target):  # made a link or a device while we wrote
            raise _cannot(given, "it is no longer a regular file")
        os.replace(temp, target)
        _sync(target.parent)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise _cannot(given, _reason(exc)) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write a file whole or not at all (see atomic_path); the path written."""
    target = Path(path).expanduser()
    with atomic_path(target) as temp, open(temp, "wb") as handle:
        handle.write(data)
    return target


@contextmanager
def text_output(path: str | os.PathLike) -> Iterator[IO[str]]:
    """A UTF-8 text file (newlines as written, for CSV) open for the block, written whole
    or not at all (see atomic_path)."""
    with atomic_path(path) as temp, open(temp, "w", newline="", encoding="utf-8") as handle:
        yield handle


# ---------------------------------------------------------------------------
# Many files


class StagedFolder:
    """Files written into a hidden folder inside ``folder``, moved in by ``commit``
    (a name met twice, or held by a link, a device or a folder, gets " (2)");
    ``discard`` leaves the folder as it was."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder).expanduser()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.temp = Path(tempfile.mkdtemp(prefix=".relman-merge-", dir=self.folder))
        except OSError as exc:
            raise UserError(f"Cannot write into {self.folder}: {_reason(exc)}") from None
        self.names: list[str] = []
        self.used: set[str] = set()

    def _claim(self, name: str) -> str:
        stem, suffix = os.path.splitext(name)
        name = safe_file_name(stem, cut_to_bytes(_UNSAFE.sub("_", suffix), 16))
        return unique_name(name, self.used, lambda n: _replaceable(self.folder / n))

    def write(self, name: str, data: bytes) -> str:
        """Stage a file; the name it gets."""
        name = self._claim(name)
        try:
            with open(self.temp / name, "xb") as handle:
                handle.write(data)
        except OSError as exc:
            raise _cannot(self.folder / name, _reason(exc)) from None
        self.names.append(name)
        return name

    def path(self, name: str) -> Path:
        """Where to write a staged file yourself (``name`` made safe and unique); it is moved
        in with the rest."""
        name = self._claim(name)
        self.names.append(name)
        return self.temp / name

    def rename(self, temp: Path, name: str) -> str:
        """A file written inside the staging folder takes the staged name ``name`` (made unique)."""
        target = self.path(name)
        os.replace(temp, target)
        return target.name

    def commit(self) -> list[Path]:
        """Every staged file synced and moved in; the staging folder goes, whatever happens."""
        try:
            taken = [name for name in self.names if not _replaceable(self.folder / name)]
            if taken:
                raise _cannot(self.folder / taken[0], "it is no longer a regular file")
            for name in self.names:
                _sync(self.temp / name)
            paths = []
            for name in self.names:
                os.replace(self.temp / name, self.folder / name)
                paths.append(self.folder / name)
            _sync(self.folder)
        except OSError as exc:
            raise UserError(f"Cannot write {self.folder}: {_reason(exc)}") from None
        finally:
            shutil.rmtree(self.temp, ignore_errors=True)
        return paths

    def discard(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)
