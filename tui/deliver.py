"""Where a file the user exports goes: the one rule for a terminal and a browser.

In a terminal the user names a path (a prompt, the default filled in) and Relman writes
there. Under ``relman serve`` (Textual's web driver: ``App.is_web``) the disk is the
server's, not the user's: nothing is asked, the export is written into a temporary folder,
and ``offer`` sends it to the browser as a download (``App.deliver_binary``; a folder, as
Export Letters writes, goes as one .zip), then removes the temporary copy.

A screen calls ``ask_where`` (tui.screens.dialogs: the path prompt, or in a browser
``browser_target`` and no prompt) where it pushed the path prompt, and names the written file
with ``offer`` where it says where the file went; the rest of its code is the same in both.
This module imports no screen: dialogs use it too.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

from textual.app import App

FOLDER_PREFIX = "relman-export-"  # a temporary folder holding one export on its way to the browser


def in_browser(app: App) -> bool:
    return app.is_web


def browser_target(app: App, default: str | Path) -> Path | None:
    """Where an export goes in a browser: a path with ``default``'s name in a fresh temporary
    folder. None in a terminal: there the user names the path (tui.screens.dialogs.ask_where)."""
    if not in_browser(app):
        return None
    return Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX)) / Path(default).name


def offer(app: App, path: str | Path) -> str:
    """After ``path`` (a file or a folder from ``ask_where``) is written: the words naming where
    it went. In a terminal that is the path; in a browser it is sent as a download first. Safe
    from a job's thread."""
    path = Path(path)
    if not in_browser(app):
        return str(path)
    # open files that outlive this function: the driver closes them when the browser has it all
    if path.is_dir():
        name = path.name + ".zip"
        content = tempfile.TemporaryFile()  # noqa: SIM115 (no name on disk: gone when closed)
        with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted(path.rglob("*")):
                if file.is_file():
                    archive.write(file, Path(path.name) / file.relative_to(path))
    else:
        name, content = path.name, path.open("rb")
    folder = path.parent
    if folder.name.startswith(FOLDER_PREFIX) and folder.parent == Path(tempfile.gettempdir()):
        # browser_target's folder: the open file (or the zip) holds the export now; Windows
        # keeps a file that is open, and the folder stays in its temp folder
        shutil.rmtree(folder, ignore_errors=True)
    # on the app's loop (call_later is safe from any thread): the driver writes to the browser there
    app.call_later(app.deliver_binary, content, save_filename=name)
    return f"{name} (a download in the browser)"

