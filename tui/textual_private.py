"""Every use of a private Textual attribute, in one place, because Textual 8.2 has no public API for it.

Each function (and the one mixin) names what it reaches into and why;
tests/tui/test_textual_private.py fails loudly when a Textual upgrade moves or renames one
of them. Nothing else in tui/ touches a ``_name`` of Textual.
"""

from __future__ import annotations

import os
import threading

from textual.binding import BindingsMap
from textual.dom import DOMNode


def node_bindings(node: DOMNode) -> BindingsMap:
    """A node's own bindings (its BINDINGS merged with its bases'), before the keymap applies.

    Textual keeps them in ``DOMNode._bindings`` and builds the binding chain from it; there is
    no public reader."""
    return node._bindings


def set_node_bindings(node: DOMNode, bindings: BindingsMap) -> None:
    """Replace a node's bindings (e.g. to change which ones the footer shows).

    The public way to hide a binding, ``check_action`` returning False, also disables its
    key; a footer page must hide a key from the footer while it keeps working. Call
    ``node.refresh_bindings()`` afterwards."""
    node._bindings = bindings


class UnhandledErrorHook:
    """Mixin for an App: ``unhandled_error(error)`` sees first every exception nothing
    handled (a bug), and returns True when it dealt with it.

    Textual sends such an exception to ``App._handle_exception``, which prints a traceback
    and ends the app (under Pilot it also keeps the error for ``run_test`` to raise); there
    is no public hook. Put the mixin before ``App`` in the bases."""

    def unhandled_error(self, error: Exception) -> bool:
        """False: Textual's own handling."""
        return False

    def _handle_exception(self, error: Exception) -> None:
        if not self.unhandled_error(error):
            super()._handle_exception(error)


def send_whole_writes(driver) -> None:
    """Make a web driver (relman serve) send each packet whole, one at a time.

    Textual's WebDriver writes every packet to textual-serve with a bare ``os.write`` kept in
    ``WebDriver._write``, from two threads: the screen from the app's thread, a download's
    64 KiB chunks from its input thread. A pipe keeps a write whole only up to 4 KiB and
    os.write may write less than asked, so the two interleave and textual-serve loses the
    stream (the download never ends: "DecodeError: More data expected"). There is no public
    hook for the writer; tui.browser_driver calls this as the driver is made."""
    fileno = driver.fileno
    lock = threading.Lock()

    def write_whole(data: bytes) -> None:
        with lock:
            view = memoryview(data)
            while view:
                view = view[os.write(fileno, view):]

    driver._write = write_whole
