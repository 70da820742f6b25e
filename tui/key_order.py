"""Keys typed ahead are handled one after another, in the order they were typed.

Textual hands each key to the focused widget's queue and goes on to the next key at once.
A character is typed by the widget itself, but an editing key (Backspace, ←, Ctrl+U) or a
screen's key runs as a binding only when the key has bubbled back up to the App, behind the
keys typed after it: ``abc`` Backspace ``d`` came out ``abcd``. Over SSH every burst of
typed-ahead keys meets this. So the App hands on the next key (or paste) only when the last
one has ended: stopped by a widget on its way up, or handled by the App's bindings. A key
whose way is lost (a widget closed under it) releases the keyboard after ``STUCK`` seconds.
A key that opens a screen holds the keys behind it until that screen's focus has landed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from textual import events
from textual.message_pump import MessagePump
from textual.screen import Screen

STUCK = 2.0  # seconds: only a key lost on its way waits this long


class KeysInOrder:
    """Mixed into the App before textual.app.App."""

    _flying: events.Event | Screen | None = None  # the key on its way, or a screen opening
    _key_screen: Screen | None = None  # the screen the last key went to
    _waiting: deque[events.Event] | None = None

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, (events.Key, events.Paste)):
            await super().on_event(event)
        elif event.is_forwarded:  # back from the widgets: the App's bindings are its last stop
            await super().on_event(event)
            self._landed(event)
        else:
            if self._waiting is None:
                self._waiting = deque()
            self._waiting.append(event)
            if self._flying is None and len(self._waiting) == 1:
                await self._next_key()

    async def _next_key(self) -> None:
        while self._flying is None and self._waiting:
            if self.screen is not self._key_screen:
                # a screen just opened: the keys behind the one that opened it wait until it
                # has mounted and its focus has landed (the screen's queue, then the App's)
                self._key_screen = screen = self.screen
                self._wait_for(screen, screen.call_later, self.call_later, self._landed, screen)
                continue
            event = self._waiting.popleft()
            await super().on_event(event)  # a priority binding, or on to the focused widget
            if event.is_forwarded:
                self._wait_for(event, self._follow, event, self.focused or self.screen)

    def _wait_for(self, what: events.Event | Screen, start: Callable[..., bool], *args) -> None:
        """Hold the keys until ``what`` has landed; ``start(*args)`` sets it on its way."""
        self._flying = what
        if not start(*args):
            self._landed(what)
        else:
            self.set_timer(STUCK, lambda: self._landed(what))

    def _follow(self, event: events.Event, node: MessagePump) -> bool:
        """Look again when ``node`` has handled the event: it stopped there or went up a level.
        False when the node has closed (the key is lost with it)."""
        return node.call_later(self._handled_by, event, node)

    def _handled_by(self, event: events.Event, node: MessagePump) -> None:
        parent = node._parent
        if parent is self:
            # the screen: it marks the key stopped and still hands it to the App (its sender);
            # either the App's on_event lands it, or this, queued behind it, does
            self.call_later(self._landed, event)
        elif event._stop_propagation or parent is None or not event.bubble or not self._follow(event, parent):
            self._landed(event)

    def _landed(self, event: events.Event | Screen) -> None:
        if event is self._flying:
            self._flying = None
            if self._waiting:
                self.call_later(self._next_key)
