"""A table that shows a window of rows paged from the database.

Like Toolong's log view: a ScrollView whose virtual height is the row count and
which renders only the visible lines, fetching pages of rows on demand into a
small LRU cache. A 1,000,000-row table opens as fast as a 10-row one.

With ``mark_column`` the table also holds the user's marks (Business Central's selected
rows): a set of keys, drawn as ``*`` in a narrow first column (text, not colour), that the
page's actions read with ``marked_keys()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import work
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

PAGE = 100
MARK = "*"  # the mark cell of a marked row: plain text, so a monochrome terminal shows it
# Space on a page whose table has a mark column; the page's action_mark calls toggle_mark (a
# screen's binding, so the palette lists it as "Mark"); one id, so one keymap entry moves it
MARK_BINDING = Binding("space", "mark", "Mark", show=False, id="table.mark",
                       tooltip="Mark or unmark this row and go down: the actions act on every marked row")


@dataclass(frozen=True)
class TableColumn:
    caption: str
    width: int


class PagedTable(ScrollView, can_focus=True):
    """Rows are tuples: (key, cell, cell, ...); the key is not shown.

    Enter is the screen's to bind (Open, Open Line, Pick …), so its name shows in
    the footer and help; a click posts Selected.
    """

    BINDINGS: ClassVar = [
        Binding("up", "cursor(-1)", "Up", show=False, id="table.up"),
        Binding("down", "cursor(1)", "Down", show=False, id="table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("home", "first", "First", show=False, id="table.first"),
        Binding("end", "last", "Last", show=False, id="table.last"),
        Binding("left", "scroll_left", "Left", show=False, id="table.left"),
        Binding("right", "scroll_right", "Right", show=False, id="table.right"),
    ]

    COMPONENT_CLASSES: ClassVar = {"paged-table--header", "paged-table--cursor", "paged-table--empty"}

    DEFAULT_CSS = """
    PagedTable {
        height: 1fr;
        background: $surface;
    }
    PagedTable > .paged-table--header {
        text-style: bold;
        background: $panel;
        color: $foreground;
    }
    PagedTable > .paged-table--cursor {
        background: $block-cursor-blurred-background;
    }
    PagedTable:focus > .paged-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    PagedTable > .paged-table--empty {
        color: $text-muted;
        text-style: italic;
    }
    """

    # no repaint of its own: watch_cursor repaints the two rows that change (a ↓ over SSH
    # is then a few hundred bytes, not the whole table)
    cursor = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        def __init__(self, table: PagedTable, key) -> None:
            super().__init__()
            self.table = table
            self.key = key

    class Counted(Message):
        """The number of rows is known (after a reload)."""

        def __init__(self, table: PagedTable, count: int) -> None:
            super().__init__()
            self.table = table
            self.count = count

    class Selected(Message):
        def __init__(self, table: PagedTable, key) -> None:
            super().__init__()
            self.table = table
            self.key = key

    class Marked(Message):
        """The marks changed (a row marked or unmarked, or all cleared)."""

        def __init__(self, table: PagedTable, count: int) -> None:
            super().__init__()
            self.table = table
            self.count = count

    def __init__(
        self,
        columns: Sequence[TableColumn],
        fetch: Callable[[int, int], list[tuple]],
        count: Callable[[], int],  # runs in a worker thread
        *,
        empty_text: str = "Nothing to show.",
        mark_column: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self._fetch = fetch
        self._count = count
        self.empty_text = empty_text
        self.row_count = 0
        self._pages: LRUCache[int, list[tuple]] = LRUCache(32)
        self._generation = 0
        self.mark_column = mark_column
        self.marks: set = set()  # the keys of the marked rows
        self._line_width = sum(c.width + 1 for c in self.columns) + (2 if mark_column else 0)

    # -- data -------------------------------------------------------------
    def on_mount(self) -> None:
        self.reload()

    def reload(self, keep_cursor: bool = False) -> None:
        """Forget every cached page and show the first rows at once.

        A full first page means there may be many more rows: they are counted
        in a worker, started once these rows are painted (COUNT(*) over a million
        rows takes a moment, and a thread running it slows the paint), and the
        scroll range grows when the count arrives. The marks go: the rows they
        named may have changed or gone.
        """
        self.clear_marks()
        self._generation += 1
        self._pages.clear()
        wanted = self.cursor if keep_cursor else 0
        if not keep_cursor:
            self.scroll_to(0, 0, animate=False)
        first = self._fetch(0, PAGE)
        self._pages[0] = first
        if len(first) < PAGE:
            self._set_count(len(first), wanted)
        else:
            self._set_count(PAGE, wanted, final=False)
            self.call_after_refresh(self._count_rows, self._generation, wanted)

    def refresh_rows(self) -> None:
        """The rows again from the database where the user is (a list returned to): the cached
        pages are forgotten and the visible rows fetched as they paint; cursor and scroll stay.
        A table of one page is read again whole (its count may have changed); a longer one keeps
        its count until F5 (a COUNT over a million rows on every return is not cheap)."""
        if self.row_count < PAGE:
            self.reload(keep_cursor=True)
            return
        self._pages.clear()
        self.refresh()

    def _set_count(self, count: int, wanted: int, final: bool = True) -> None:
        self.row_count = count
        self.virtual_size = Size(self._line_width, count + 1)
        self.cursor = min(wanted, max(count - 1, 0))
        self.refresh()
        if final:
            self.post_message(self.Counted(self, count))

    @work(thread=True, group="paged-table-count", exit_on_error=False)
    def _count_rows(self, generation: int, wanted: int) -> None:
        count = self._count()
        self.app.call_from_thread(self._counted, generation, count, wanted)

    def _counted(self, generation: int, count: int, wanted: int) -> None:
        if generation == self._generation:  # not a count for an older search
            self._set_count(count, wanted if self.cursor >= PAGE - 1 else self.cursor)

    def row(self, index: int) -> tuple | None:
        if not 0 <= index < self.row_count:
            return None
        page_no, offset = divmod(index, PAGE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch(page_no * PAGE, PAGE)
            self._pages[page_no] = page
        return page[offset] if offset < len(page) else None

    @property
    def current_key(self):
        row = self.row(self.cursor)
        return row[0] if row else None

    # -- rendering --------------------------------------------------------
    def _cells(self, cells: Sequence[str]) -> str:
        """Each cell cut and padded to its column's width in terminal cells (a CJK
        character or an emoji takes two), so the next columns stay aligned."""
        parts = []
        for column, cell in zip(self.columns, cells):
            text = str(cell).replace("\n", " ")
            if cell_len(text) > column.width:
                text = set_cell_size(text, max(column.width - 1, 0)) + "…"
            parts.append(set_cell_size(text, column.width))
        return " ".join(parts)

    def _mark_cell(self, key) -> str:
        return "" if not self.mark_column else (MARK if key in self.marks else " ") + " "

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        if y == 0:
            text = self._mark_cell(None) + self._cells([c.caption for c in self.columns])
            style = base + self.get_component_rich_style("paged-table--header")
        else:
            index = scroll_y + y - 1
            if self.row_count == 0 and y == 1:
                text = self.empty_text
                style = base + self.get_component_rich_style("paged-table--empty")
            else:
                row = self.row(index)
                if row is None:
                    return Strip.blank(width, base)
                text = self._mark_cell(row[0]) + self._cells(row[1:])
                style = base
                if index == self.cursor:
                    style = base + self.get_component_rich_style("paged-table--cursor")
        line = text + " " * (max(self._line_width, width + scroll_x) - cell_len(text))
        strip = Strip([Segment(line, style)])
        return strip.crop(scroll_x, scroll_x + width)

    # -- cursor -----------------------------------------------------------
    @property
    def _visible_rows(self) -> int:
        """Rows on screen below the header and above a horizontal scrollbar (self.size
        counts the scrollbar's line: the last row would sit under it)."""
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_cursor(self, previous: int, cursor: int) -> None:
        if self.row_count == 0:
            return
        top = round(self.scroll_y)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False)  # a scroll repaints everything
        elif cursor >= top + self._visible_rows:
            self.scroll_to(y=cursor - self._visible_rows + 1, animate=False)
        else:
            self._refresh_row(previous)
            self._refresh_row(cursor)
        self.post_message(self.Highlighted(self, self.current_key))

    def _refresh_row(self, index: int) -> None:
        y = index - round(self.scroll_y) + 1  # below the header
        if 1 <= y <= self._visible_rows:
            self.refresh(Region(0, y, self.scrollable_content_region.width, 1))

    def _move(self, cursor: int) -> None:
        if self.row_count:
            self.cursor = max(0, min(cursor, self.row_count - 1))

    def action_cursor(self, delta: int) -> None:
        self._move(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move(self.cursor + direction * self._visible_rows)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(self.row_count - 1)

    def action_select(self) -> None:
        if self.row_count:
            self.post_message(self.Selected(self, self.current_key))

    # -- marks ------------------------------------------------------------
    def toggle_mark(self) -> None:
        """Mark the current row, or unmark it, and move down (Space, as in a file manager)."""
        key = self.current_key
        if not self.mark_column or key is None:
            return
        if key in self.marks:
            self.marks.discard(key)
        else:
            self.marks.add(key)
        self._refresh_row(self.cursor)
        self.post_message(self.Marked(self, len(self.marks)))
        self.action_cursor(1)

    def clear_marks(self) -> None:
        if self.marks:
            self.marks.clear()
            self.refresh()
            self.post_message(self.Marked(self, 0))

    def marked_keys(self) -> list:
        """What an action acts on: the marked rows' keys, sorted; else the current row's; else none."""
        if self.marks:
            return sorted(self.marks)
        key = self.current_key
        return [] if key is None else [key]

    def move_to_key(self, key) -> None:
        """Put the cursor on a key if it is in the first pages (after a save)."""
        for index in range(min(self.row_count, PAGE * 5)):
            row = self.row(index)
            if row and row[0] == key:
                self._move(index)
                return

    def on_click(self, event) -> None:
        if event.y >= 1:
            self._move(round(self.scroll_y) + event.y - 1)
            if event.chain == 2:  # double click opens
                self.action_select()
