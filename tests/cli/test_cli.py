"""relman: opening the app, the demo command, one-line errors, the console entry point."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import tui.cli as cli
from models.tables.contacts import Contact
from tests.cli.helpers import assert_one_error_line, rows, run

ROOT = Path(__file__).resolve().parents[2]


class FakeApp:
    """Stands in for tui.app.RelmanApp: records what it was asked to open."""

    opened: list[str] = []

    def __init__(self, db_target: str, ui=None):
        self.db_target = db_target
        self.ui = ui
        self.return_code = None

    def run(self):
        FakeApp.opened.append(self.db_target)


@pytest.fixture
def fake_app(monkeypatch):
    """The app replaced by FakeApp, on a terminal (pytest's streams are not one)."""
    import tui.app

    FakeApp.opened = []
    monkeypatch.setattr(tui.app, "RelmanApp", FakeApp)
    monkeypatch.setattr(cli, "has_terminal", lambda: True)
    return FakeApp.opened


@pytest.fixture
def fake_demo(monkeypatch):
    """models.demo.generate.generate replaced by one that makes a contact per requested … contact."""
    calls = []

    def generate(contacts: int, seed: int, progress=None):
        calls.append((contacts, seed))
        if Contact.select().exists():
            from models.base.errors import UserError

            raise UserError("The database already holds contacts.")
        for i in range(3):
            Contact.create(no=f"D{i}", name=f"Demo {i}", company=f"D{i}")
            if progress:
                progress((i + 1) / 3, f"Contacts {i + 1} of 3")

    monkeypatch.setitem(sys.modules, "models.demo.generate", types.SimpleNamespace(generate=generate))
    return calls


def test_help(capsys):
    code, out, err = run(capsys, "--help")
    assert code == 0
    assert out.startswith("usage: relman [-h] [--db PATH_OR_URL] [--create] [--demo]")
    for command in ("demo", "import-contacts", "export"):
        assert command in out


def test_bad_argument_is_one_line(capsys):
    code, out, err = run(capsys, "export")
    assert code == 2
    assert_one_error_line(err, "TABLE")
    code, out, err = run(capsys, "demo", "--contacts", "many")
    assert code == 2
    assert_one_error_line(err, "'many' is not a whole number")


def test_no_command_opens_the_app(capsys, fake_app, tmp_path, monkeypatch, hermetic_home):
    assert run(capsys)[0] == 0
    assert fake_app == [str(hermetic_home / "relman.db")]  # the user's data folder
    assert (hermetic_home / "relman.db").exists()
    monkeypatch.setenv("RELMAN_DB", str(tmp_path / "env.db"))
    assert run(capsys, "--create")[0] == 0  # a database named elsewhere is made only when asked
    assert run(capsys, "--db", str(tmp_path / "flag.db"), "--create")[0] == 0
    assert run(capsys)[0] == 0
    assert fake_app[1:] == [str(tmp_path / "env.db"), str(tmp_path / "flag.db"), str(tmp_path / "env.db")]


def test_app_on_an_unreachable_database(capsys, fake_app):
    code, out, err = run(capsys, "--db", "/proc/x/y.db")
    assert code == 2
    assert_one_error_line(err, "/proc/x/y.db")
    assert fake_app == []


def test_demo_flag_fills_an_empty_demo_database_once(capsys, fake_app, fake_demo, hermetic_home):
    code, out, err = run(capsys, "--demo")
    assert code == 0, err
    demo_db = str(hermetic_home / "relman-demo.db")
    assert fake_app == [demo_db]
    assert fake_demo == [(2000, 1)]
    assert len(err.splitlines()) == 1 and "filling the demo database" in err
    code, out, err = run(capsys, "--demo")
    assert (code, err) == (0, "")
    assert fake_demo == [(2000, 1)]  # not filled again
    assert fake_app == [demo_db, demo_db]


def test_demo_flag_with_db(capsys, fake_app, fake_demo, tmp_path):
    target = str(tmp_path / "mine.db")
    assert run(capsys, "--demo", "--db", target)[0] == 0
    assert fake_app == [target]


def test_demo_command_with_a_stand_in(capsys, fake_demo, tmp_path):
    target = str(tmp_path / "demo.db")
    code, out, err = run(capsys, "demo", "--contacts", "3", "--seed", "7", "--db", target)
    assert code == 0, err
    assert fake_demo == [(3, 7)]
    assert out.startswith(f"Demo data in {target}: 3 contacts, 0 segments (0 lines)")
    assert "Contacts 3 of 3 100%" in err  # not a terminal: whole lines
    code, out, err = run(capsys, "demo", "--contacts", "3", "--db", target)
    assert code == 2
    assert_one_error_line(err, "already holds contacts")


def test_demo_command(capsys, tmp_path):
    """The real generator (models/demo.py), at 200 contacts."""
    pytest.importorskip("models.demo.generate", reason="models/demo.py has not landed yet")
    target = str(tmp_path / "demo.db")
    code, out, err = run(capsys, "demo", "--contacts", "200", "--db", target)
    assert code == 0, err
    assert out.startswith(f"Demo data in {target}: 200 contacts,")
    assert "Traceback" not in err
    code, out, err = run(capsys, "export", "contacts", "--db", target)
    assert len(rows(out)) == 200
    code, out, err = run(capsys, "demo", "--contacts", "200", "--db", target)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("relman: error: ")


@pytest.mark.parametrize("target", ["postgresql://127.0.0.1:1/x", "/proc/x/y.db"])
@pytest.mark.parametrize("command", [["export", "contacts"], ["demo"], ["import-contacts", "{csv}"]])
def test_unreachable_database(capsys, tmp_path, target, command):
    source = tmp_path / "in.csv"
    source.write_text("Name\nA\n")
    argv = [part.replace("{csv}", str(source)) for part in command]
    code, out, err = run(capsys, *argv, "--db", target)
    assert code == 2
    assert_one_error_line(err, "Cannot")
    assert out == ""


def test_unexpected_error_is_logged(capsys, empty_db, monkeypatch, hermetic_home):
    import models.contacts.csv_export

    def broken(table, out):
        raise RuntimeError("a bug")

    monkeypatch.setattr(models.contacts.csv_export, "export_table", broken)
    code, out, err = run(capsys, "export", "contacts", "--db", empty_db)
    assert code == 1
    log = hermetic_home.parent.parent / "state" / "relman" / "log" / "relman.log"
    assert err == f"relman: unexpected error (RuntimeError: a bug); the details are in {log}\n"
    text = log.read_text()
    assert "Traceback" in text and "RuntimeError: a bug" in text and "export contacts" in text


def test_a_bug_models_only_log_reaches_the_log_file(capsys, empty_db, monkeypatch, hermetic_home):
    """Delivery records a bug on the entries and goes on (models.interactions.send); while
    relman runs, its traceback still goes to the one log file, and not after."""
    import logging

    import models.contacts.csv_export

    def logs_a_bug(table, out):
        try:
            raise RuntimeError("a delivery bug")
        except RuntimeError:
            logging.getLogger("relman").exception("Delivery stopped")
        return 0

    monkeypatch.setattr(models.contacts.csv_export, "export_table", logs_a_bug)
    code, _out, err = run(capsys, "export", "contacts", "--db", empty_db)
    assert code == 0, err
    log = hermetic_home.parent.parent / "state" / "relman" / "log" / "relman.log"
    text = log.read_text()
    assert "Delivery stopped" in text and "RuntimeError: a delivery bug" in text
    assert not [h for h in logging.getLogger("relman").handlers if type(h).__name__ == "_BugFile"]


def test_progress_on_a_terminal_is_one_updating_line():
    stream = io.StringIO()
    progress = cli.Progress(stream, tty=True)
    for done in range(0, 201):
        progress(done / 200, f"Contacts {done:,} of 200")
    progress(0.5, "Segments")
    progress.finish()
    text = stream.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")
    assert "\rContacts 0 of 200 0%" in text
    assert "\rContacts 200 of 200 100%" in text
    assert "\rSegments 50%" in text


def test_progress_elsewhere_is_occasional_lines():
    stream = io.StringIO()
    progress = cli.Progress(stream, tty=False)
    for done in range(1, 1001):
        progress(done / 1000, f"Contacts {done:,} of 1,000")
    progress(0.5, "Segments")
    progress(0.75)
    progress.finish()
    assert stream.getvalue().splitlines() == ["Contacts 1 of 1,000 0%", "Contacts 1,000 of 1,000 100%", "Segments 50%"]


def _subprocess_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "RELMAN_DB"}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_console_entry_point(filled_db, tmp_path):
    """The real entry point in its own process: output, exit status, no traceback."""
    env = _subprocess_env(tmp_path)
    done = subprocess.run([sys.executable, "-m", "tui.cli", "export", "contacts", "--db", filled_db],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert [r["No."] for r in rows(done.stdout)] == ["CT000001", "CT000002"]

    done = subprocess.run([sys.executable, "-m", "tui.cli", "export", "contacts", "--db",
                           "postgresql://127.0.0.1:1/x"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert_one_error_line(done.stderr, "Cannot open database postgresql://127.0.0.1:1/x")
