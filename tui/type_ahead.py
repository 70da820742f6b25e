"""Keys typed ahead (an SSH link delivers them in bursts) in the order they were typed.

The App hands each key to the focused widget's own queue; a priority binding runs at once,
while the keys typed before it may still wait in that queue. A priority action that reads
or moves the fields first lets the focused widget read them (``await caught_up(screen)``);
the App reads no further key meanwhile, so the keys typed after it wait for its end.
"""

from __future__ import annotations

import asyncio

from textual.screen import Screen

WAIT = 1.0  # seconds: a widget that never answers (closing) must not hang the keyboard


async def caught_up(screen: Screen) -> None:
    """Return when the focused widget has handled every message queued for it so far."""
    widget = screen.focused
    if widget is None:
        return
    done = asyncio.Event()
    if widget.call_later(done.set):  # behind the keys already queued; False: the widget has closed
        try:
            await asyncio.wait_for(done.wait(), WAIT)
        except TimeoutError:
            pass
