"""How a CSV file is laid out: the one rule for every CSV import and export.

Excel writes a CSV with the list separator of the computer's region: a comma where the
decimal symbol is a point, a semicolon where it is a comma (Germany, France, Sweden …),
and a tab for "Unicode Text". An import therefore opens a file with ``open_csv``, which
accepts a UTF-8 BOM and sniffs the delimiter from the first lines; an export for Excel
(``excel_dialect``) writes a BOM, the locale's delimiter and its decimal symbol.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from models.base.errors import UserError

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}  # in order of preference on a tie
NOT_UTF8 = 'the file is not UTF-8 text (in Excel, save it as "CSV UTF-8").'
SAMPLE_CHARS = 64 * 1024  # what the sniffing reads: the header and the first rows
SAMPLE_LINES = 20


def describe(delimiter: str) -> str:
    """'semicolon-separated' for ';'."""
    return f"{DELIMITERS.get(delimiter, repr(delimiter))}-separated"


def _widths(line: str) -> dict[str, int]:
    """How many fields the line has with each delimiter (quotes respected: the comma of
    "Townes, Jr." does not count)."""
    return {d: len(next(csv.reader([line], delimiter=d), [])) for d in DELIMITERS}


def sniff(text: str) -> str:
    """The delimiter of a CSV text (its first lines are enough): comma, semicolon or tab.

    csv.Sniffer, restricted to those three, reads the first lines; its answer counts only
    when it splits the header line into columns. Else the delimiter that splits the header
    into the most columns wins (a comma on a tie, and for a file of one column)."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if len(text) >= SAMPLE_CHARS and len(lines) > 1:
        lines.pop()  # the sample cut the last line
    lines = lines[:SAMPLE_LINES]
    if not lines:
        return ","
    widths = _widths(lines[0])
    if max(widths.values()) <= 1:
        return ","
    try:
        found = csv.Sniffer().sniff("".join(lines), delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        found = ""
    if widths.get(found, 0) > 1:
        return found
    return max(DELIMITERS, key=lambda d: widths[d])


def _utf16(path: str | os.PathLike) -> bool:
    try:
        with open(path, "rb") as raw:
            return raw.read(2) in (b"\xff\xfe", b"\xfe\xff")
    except OSError:
        return False


def not_text(path: str | os.PathLike) -> str:
    """Why a file that does not decode is refused, in words."""
    if _utf16(path):
        return 'the file is UTF-16 text (Excel\'s "Unicode Text"); in Excel, save it as "CSV UTF-8".'
    return NOT_UTF8


def open_csv(path: str | os.PathLike) -> tuple[IO[str], str]:
    """A CSV file open as text (UTF-8, a BOM skipped, newlines as written) at its start, and
    its sniffed delimiter. A file that cannot be read or is not text is a UserError in one
    line; a line further on that does not decode is the reader's to report."""
    try:
        handle = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115 (the caller reads and closes it)
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}") from None
    try:
        sample = handle.read(SAMPLE_CHARS)
        handle.seek(0)
    except UnicodeDecodeError:
        handle.close()
        raise UserError(f"{path}: {not_text(path)}") from None
    except OSError as exc:
        handle.close()
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}") from None
    if "\x00" in sample.split("\n", 1)[0]:  # valid UTF-8, but a binary file's first "line"
        handle.close()
        raise UserError(f"{path} is not a text file: the first line must name the columns.")
    return handle, sniff(sample)


@dataclass(frozen=True)
class ExportDialect:
    """How an export writes: the delimiter, the decimal symbol of numbers, a BOM or not."""

    delimiter: str = ","
    decimal: str = "."
    bom: bool = False


PLAIN = ExportDialect()  # what an export writes by default: comma, decimal point, no BOM


def read_table(path: str | os.PathLike, captions: Sequence[str], required: Sequence[str],
               unknown_hint: str) -> tuple[list[str], Iterator[tuple[int, list[str]]], str]:
    """A CSV import's file: (the header's captions, spelt as in ``captions``, in the file's
    order; an iterator of (line, cells) that skips blank lines; the delimiter sniffed). A file
    that cannot be read, an empty file, an unknown (``unknown_hint`` says which are known),
    doubled or missing required column is a UserError naming the file (and line)."""
    handle, delimiter = open_csv(path)
    reader = csv.reader(handle, delimiter=delimiter)

    def failed(message: str) -> UserError:
        handle.close()
        return UserError(message)

    try:
        header = next(reader)
    except StopIteration:
        raise failed(f"{path} is empty: the first line must name the columns.") from None
    except UnicodeDecodeError:  # decoded by blocks: no line number
        raise failed(f"{path}: {not_text(path)}") from None
    except csv.Error as exc:
        raise failed(f"{path}, line 1: {exc}.") from None
    known = {caption.lower(): caption for caption in captions}
    found, unknown = [], []
    for cell in header:
        caption = known.get(cell.strip().lower())
        if caption is None:
            unknown.append(cell.strip())
        elif caption in found:
            raise failed(f"{path}: column '{caption}' appears twice in the header.")
        else:
            found.append(caption)
    if unknown:
        names = ", ".join(f"'{n}'" for n in unknown)
        raise failed(f"{path}: unknown column{'s' if len(unknown) > 1 else ''} {names}; {unknown_hint}")
    missing = [caption for caption in required if caption not in found]
    if missing:
        raise failed(f"{path}: the header has no {', '.join(repr(c) for c in missing)} column.")

    def rows() -> Iterator[tuple[int, list[str]]]:
        with handle:
            last = 1
            while True:
                start = last + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError:
                    raise UserError(f"{path}: {not_text(path)}") from None
                except csv.Error as exc:
                    raise UserError(f"{path}, line {start}: {exc}.") from None
                last = reader.line_num
                if cells and not (len(cells) == 1 and not cells[0].strip()):  # not a blank line
                    yield start, cells

    return found, rows(), delimiter


def excel_dialect(locale: str) -> ExportDialect:
    """What Excel in ``locale`` ("de_DE") opens by double-click: UTF-8 with a BOM, numbers
    with the locale's decimal symbol, and the semicolon where that symbol is a comma (the
    list separator Windows sets in those regions), else the comma."""
    from babel.numbers import get_decimal_symbol

    decimal = get_decimal_symbol(locale, numbering_system="latn")  # Excel writes Latin digits
    return ExportDialect(delimiter=";" if decimal == "," else ",", decimal=decimal, bom=True)
