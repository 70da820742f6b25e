"""``relman serve`` in a real browser: Debian's chromium, headless, driven by Playwright with
the system browser (no ``playwright install``). .ci/run installs the package; without it the
test is skipped, saying so.

textual-serve draws the app with xterm.js on a canvas, so the screen's text is not in the
DOM. An init script catches the page's xterm Terminal as it is built (when its constructor
sets ``_addonManager``; the page keeps it in a closure) and the test reads the screen through
xterm's public buffer API, as the user sees it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium; .ci/run does)")

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, '_addonManager', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, '_addonManager', {value, writable: true, configurable: true});
    window.relmanTerminal = this;
  },
});
"""
SCREEN_TEXT = """() => {
  const term = window.relmanTerminal;
  if (!term) return null;
  const buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) rows.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
  return rows.join('\\n');
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """``relman serve`` on a small demo database, on a free port: its URL."""
    from tui.cli import main

    db = tmp_path / "demo.db"
    assert main(["demo", "--contacts", "50", "--db", str(db)]) == 0
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "tui.cli", "serve", "--db", str(db), "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"relman serve did not answer:\n{(tmp_path / 'serve.log').read_text()}")
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()  # Ctrl+C's way: the server tells its app processes to quit
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        try:  # an app process that is still there (its session, not the test, is the bug)
            os.killpg(server.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        log.close()


def next_download(page, downloads: list, timeout: float = 10):
    """The next download the page received (in ``downloads``), taken from the list."""
    deadline = time.monotonic() + timeout
    while not downloads and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert downloads, "no download arrived"
    return downloads.pop(0)


class Screen:
    """The app's screen in the page, as text; keys typed into xterm."""

    def __init__(self, page):
        self.page = page

    def text(self) -> str:
        return self.page.evaluate(SCREEN_TEXT) or ""

    def wait_for(self, text: str, timeout: float = 10) -> str:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(f"text => ({SCREEN_TEXT})()?.includes(text)", arg=text,
                                        timeout=timeout * 1000)
        except PlaywrightTimeout:
            pytest.fail(f"{text!r} did not appear in the browser; the screen:\n{self.text()}")
        return self.text()

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)


@needs_chromium
def test_the_app_in_a_browser_with_an_export_as_a_download(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            context = browser.new_context(accept_downloads=True, viewport={"width": 1000, "height": 600})
            downloads = []  # textual-serve opens the download in a new tab: listen on every page
            context.on("page", lambda page: page.on("download", lambda download: downloads.append(download)))
            page = context.new_page()
            page.add_init_script(CATCH_TERMINAL)
            page.goto(served)
            screen = Screen(page)

            home = screen.wait_for("Go to", timeout=15)  # the home page: its cues and pages
            assert "Segments" in home and "Contacts" in home
            page.focus(".xterm-helper-textarea")  # xterm's keyboard input
            screen.press("c")
            assert "50 contacts" in screen.wait_for("50 contacts")
            screen.press("Escape")
            screen.wait_for("Go to")  # (a key right after Escape would read as Alt+key)
            screen.press("e")
            screen.wait_for("SEG0")
            screen.press("Enter")
            lines = int(re.search(r"(\d+) lines", screen.wait_for(" lines")).group(1))

            screen.press("x")  # Export Contacts: no path prompt in a browser, a download
            screen.wait_for("Contacts written to SEG")
            csv = next_download(page, downloads)
            assert re.fullmatch(r"SEG\d+-contacts\.csv", csv.suggested_filename)
            rows = Path(csv.path()).read_text(encoding="utf-8").splitlines()
            assert rows[0].startswith("No.,Name,") and len(rows) == 1 + lines

            screen.press("e")  # Export Letters writes a folder: it arrives as one .zip
            letters = next_download(page, downloads)
            assert re.fullmatch(r"SEG\d+-letters\.zip", letters.suggested_filename)
            with zipfile.ZipFile(letters.path()) as archive:
                names = archive.namelist()
            folder = letters.suggested_filename.removesuffix(".zip")
            assert all(name.startswith(folder + "/") for name in names), names
            assert sum(name.endswith(".docx") for name in names) > lines, names  # a letter a line, and a print file
        finally:
            browser.close()


def test_a_port_in_use_is_one_line_before_serving(tmp_path, capsys):
    from tui.cli import main

    db = tmp_path / "empty.db"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--db", str(db), "--create", "--port", str(port)])
    assert code == 2
    assert capsys.readouterr().err.strip() == f"relman: error: Cannot serve on 127.0.0.1:{port}: another program uses it."
    assert not db.exists()  # refused before the database was made


def test_the_browser_driver_sends_each_packet_whole():
    """tui.textual_private.send_whole_writes replaces WebDriver._write, which every packet goes
    through (a Textual upgrade that renames it fails here, not as a rare broken download)."""
    from types import SimpleNamespace

    from textual.drivers.web_driver import WebDriver

    from tui.textual_private import send_whole_writes

    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "rb") as pipe:
        with os.fdopen(write_end, "wb") as end:  # closed after the writes: the read sees the end
            driver = SimpleNamespace(fileno=end.fileno())
            send_whole_writes(driver)
            WebDriver.write(driver, "screen")
            WebDriver.write_meta(driver, {"type": "exit"})
        assert pipe.read() == b'D\x00\x00\x00\x06screenM\x00\x00\x00\x10{"type": "exit"}'
