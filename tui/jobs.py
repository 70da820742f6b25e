"""Domain work in a thread worker: questions asked on the UI thread while the worker waits."""

from __future__ import annotations

import threading

from tui.screens.dialogs import ConfirmDialog


def ask_from_thread(app, question: str, default: bool) -> bool:
    """Ask a Yes/No question from a worker thread and wait for the answer.

    Domain functions take a ``confirm(question, default)`` callback; they run in a
    thread worker so the dialog can be shown while they wait.
    """
    answered = threading.Event()
    answer = [default]

    def show() -> None:
        def done(result: bool | None) -> None:
            answer[0] = bool(result)
            answered.set()

        app.push_screen(ConfirmDialog(question, default), done)

    app.call_from_thread(show)
    while not answered.wait(0.2):
        if not app.is_running:  # the app is closing: take No, so nothing more is written
            return False
    return answer[0]
