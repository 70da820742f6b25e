"""The driver of a browser session (``relman serve``): Textual's web driver, with each
packet sent whole (tui.textual_private.send_whole_writes: otherwise a download's chunks
and the screen's updates can interleave and the session's stream breaks)."""

from __future__ import annotations

from textual.drivers.web_driver import WebDriver

from tui.textual_private import send_whole_writes


class BrowserDriver(WebDriver):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        send_whole_writes(self)
