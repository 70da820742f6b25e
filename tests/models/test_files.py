"""The one safe file writer (models/base/files.py): whole or nothing, never harming what is there."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from models.base.errors import UserError
from models.base.files import (
    NAME_MAX,
    StagedFolder,
    letter_file_name,
    safe_file_name,
    text_output,
    unique_name,
    write_atomic,
)


@pytest.fixture
def umask():
    """Set the umask for one test, restored after."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_to(mask: int) -> None:
        os.umask(mask)

    yield set_to
    os.umask(saved)


def char_device(folder: Path, name: str, minor: int) -> Path:
    """A character device to write into: a private node in ``folder`` when we may make one
    (root: a regression then never harms the system's own), else the system's /dev/<name>
    (which a user who is not root cannot remove or replace)."""
    node = folder / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        os.close(os.open(node, os.O_WRONLY))  # a folder on a "nodev" mount refuses it
    except (OSError, AttributeError):
        node.unlink(missing_ok=True)
        return Path("/dev") / name
    return node


@pytest.fixture
def dev_null(tmp_path) -> Path:
    return char_device(tmp_path, "null", 3)


@pytest.fixture
def dev_full(tmp_path) -> Path:
    return char_device(tmp_path, "full", 7)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def leftovers(folder: Path, *keep: str) -> list[str]:
    return sorted(set(os.listdir(folder)) - set(keep))


# ---------------------------------------------------------------- one file


def test_a_new_file_gets_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path, umask):
    umask(0o022)
    assert mode(write_atomic(tmp_path / "shared.docx", b"a")) == 0o644
    umask(0o077)
    assert mode(write_atomic(tmp_path / "private.docx", b"a")) == 0o600
    with text_output(tmp_path / "export.csv") as out:
        out.write("No.\n")
    assert mode(tmp_path / "export.csv") == 0o600
    umask(0o022)
    os.chmod(tmp_path / "private.docx", 0o640)
    write_atomic(tmp_path / "private.docx", b"b")
    assert mode(tmp_path / "private.docx") == 0o640
    assert (tmp_path / "private.docx").read_bytes() == b"b"
    assert leftovers(tmp_path) == ["export.csv", "private.docx", "shared.docx"]


def test_dev_null_is_written_into_and_kept(dev_null):
    before = os.stat(dev_null)
    write_atomic(dev_null, b"letter")
    with text_output(dev_null) as out:
        out.write("No.,Name\n")
    after = os.stat(dev_null)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


def test_a_failed_write_into_dev_null_never_removes_it(dev_null):
    with pytest.raises(RuntimeError), text_output(dev_null) as out:
        out.write("half")
        raise RuntimeError("a bug half-way")
    assert stat.S_ISCHR(os.stat(dev_null).st_mode)


def test_a_pipe_is_written_into(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == ["pipe"]


@pytest.mark.parametrize("failure", [KeyboardInterrupt, UserError, OSError])
def test_an_interrupted_write_leaves_the_file_that_was_there(tmp_path, failure):
    target = tmp_path / "contacts.csv"
    target.write_text("the old export\n")
    with pytest.raises((failure, UserError)), text_output(target) as out:
        out.write("half of the new one")
        raise failure("interrupted")
    assert target.read_text() == "the old export\n"
    assert leftovers(tmp_path) == ["contacts.csv"]  # no temporary file left


def test_an_interrupted_first_write_leaves_nothing(tmp_path):
    with pytest.raises(KeyboardInterrupt), text_output(tmp_path / "new.csv") as out:
        out.write("half")
        raise KeyboardInterrupt
    assert leftovers(tmp_path) == []


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path):
    chosen, elsewhere = tmp_path / "shared", tmp_path / "home"
    chosen.mkdir()
    elsewhere.mkdir()
    secret = elsewhere / "secret.txt"
    secret.write_text("mine")
    (chosen / "letter.docx").symlink_to(secret)
    (chosen / "dangling.docx").symlink_to(elsewhere / "not-yet.txt")
    for name in ("letter.docx", "dangling.docx"):
        with pytest.raises(UserError, match=f"Cannot write {chosen / name}: it is a symbolic link to .*outside"):
            write_atomic(chosen / name, b"planted")
        assert (chosen / name).is_symlink()
    assert secret.read_text() == "mine" and not (elsewhere / "not-yet.txt").exists()
    assert leftovers(chosen) == ["dangling.docx", "letter.docx"]


def test_a_symbolic_link_inside_the_folder_is_followed(tmp_path):
    (tmp_path / "v2.docx").write_bytes(b"old")
    (tmp_path / "current.docx").symlink_to("v2.docx")
    write_atomic(tmp_path / "current.docx", b"new")
    assert (tmp_path / "current.docx").is_symlink()
    assert (tmp_path / "v2.docx").read_bytes() == b"new"


def test_a_folder_or_a_socket_is_refused(tmp_path):
    (tmp_path / "letters").mkdir()
    with pytest.raises(UserError, match="it is a folder"):
        write_atomic(tmp_path / "letters", b"x")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "sock"))
        with pytest.raises(UserError, match="it is not a regular file"):
            write_atomic(tmp_path / "sock", b"x")
    finally:
        server.close()
    assert stat.S_ISSOCK(os.lstat(tmp_path / "sock").st_mode)


def test_a_full_disk_is_one_line_and_keeps_the_device(dev_full):
    if not dev_full.exists():
        pytest.skip("no /dev/full")
    with pytest.raises(UserError, match=f"Cannot write {dev_full}: No space left on device"):
        write_atomic(dev_full, b"x" * 100_000)
    assert stat.S_ISCHR(os.stat(dev_full).st_mode)


# ---------------------------------------------------------------- names


def test_long_names_are_cut_to_255_bytes_on_a_character_boundary():
    for name in ("漢" * 100, "😀" * 75, "é" * 150, "a" * 300):
        assert len(name.encode()) == 300 or name == "a" * 300
        made = letter_file_name("CT000001", name)
        raw = made.encode("utf-8")
        assert len(raw) <= NAME_MAX and made.endswith(".docx"), made
        assert raw.decode("utf-8") == made  # whole characters only
        assert made.startswith("CT000001 " + name[:10])
    used: set[str] = set()
    first = unique_name(letter_file_name("CT1", "漢" * 100), used)
    second = unique_name(letter_file_name("CT1", "漢" * 100), used)
    assert second.endswith(" (2).docx") and len(second.encode()) <= NAME_MAX
    assert first != second


def test_names_from_codes_cannot_leave_the_folder():
    assert safe_file_name("../PWN") == "_PWN.docx"
    assert safe_file_name("..", "") == "letter"
    assert safe_file_name("a/../../b\\c") == "a_.._.._b_c.docx"
    assert safe_file_name("CON") == "_CON.docx"
    assert safe_file_name("bad \ud800 surrogate") == "bad _ surrogate.docx"


# ---------------------------------------------------------------- many files


def test_a_staged_folder_never_replaces_a_link_and_honours_the_umask(tmp_path, umask):
    umask(0o022)
    folder = tmp_path / "letters"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("mine")
    (folder / "CT1 Ann.docx").symlink_to(outside)
    (folder / "CT2 Bob.docx").write_bytes(b"last year's")
    staged = StagedFolder(folder)
    names = [staged.write("CT1 Ann.docx", b"ann"), staged.write("CT2 Bob.docx", b"bob"),
             staged.write("../../PWN.docx", b"pwn"), staged.write(letter_file_name("CT3", "漢" * 100), b"cjk")]
    paths = staged.commit()
    assert names[:3] == ["CT1 Ann (2).docx", "CT2 Bob.docx", "_.._PWN.docx"]
    assert [p.parent for p in paths] == [folder] * 4
    assert outside.read_text() == "mine" and (folder / "CT1 Ann.docx").is_symlink()
    assert (folder / "CT2 Bob.docx").read_bytes() == b"bob"
    assert {mode(p) for p in paths} == {0o644}
    assert sorted(os.listdir(folder)) == sorted(["CT1 Ann.docx", *names])
    assert not (tmp_path / "PWN.docx").exists()


def test_export_letters_with_a_name_longer_than_255_bytes(sqlite_db, tmp_path):
    """One contact with a long CJK name no longer aborts the letters of everyone else."""
    from models.merge.fields import Recipient
    from models.merge.letters import merge_many
    from tests.models import segment_builders as sb
    from tests.models.docx_builders import letter_template

    sb.person("P1", "漢" * 100, None)
    sb.person("P2", "😀" * 25 + " Smith", None)
    sb.person("P3", "Ann", None)
    paths = merge_many(letter_template(), [Recipient(no) for no in ("P1", "P2", "P3")], tmp_path / "out")
    assert [p.exists() for p in paths] == [True] * 3
    assert all(len(p.name.encode()) <= NAME_MAX for p in paths)
    assert paths[2].name == "P3 Ann.docx"


def test_an_attachment_export_stays_in_the_chosen_folder(sqlite_db, tmp_path):
    """An Interaction Template Code "../PWN" names the file; it cannot place it."""
    from models.segments.template_languages import export_language_attachment
    from models.tables.interactions import InteractionTemplate
    from tests.models import builders as b

    b.template("T1")
    b.tmpl_language("T1", "", attachment=b"the letter")
    InteractionTemplate.update(code="../PWN").where(InteractionTemplate.code == "T1").execute()
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    written = export_language_attachment("../PWN", "", chosen)
    assert written.parent == chosen and written.read_bytes() == b"the letter"
    assert written.name == "_PWN.txt"
    assert not [p for p in tmp_path.rglob("*PWN*") if p.parent != chosen]
