"""PagedTable at 80x24: End shows the last row above the horizontal scrollbar, wide
characters keep the columns aligned, a cursor move repaints only the two rows it changes."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App
from textual.widgets import Footer, Static

from tests.tui.conftest import SIZE, screen_text, wait_for
from tui.widgets.paged_table import PagedTable, TableColumn

# wider than 80 columns: the table gets a horizontal scrollbar, as the Segment page does
COLUMNS = [TableColumn("No.", 6), TableColumn("Name", 14), TableColumn("City", 10), TableColumn("Notes", 60)]
ROWS = [(i, f"R{i:04d}", "山田太郎" if i == 2 else f"Name {i}", "Tokyo" if i == 2 else "Paris", "")
        for i in range(1, 61)]


class Host(App):
    def compose(self):
        yield Static("A wide list")
        yield PagedTable(COLUMNS, fetch=lambda offset, limit: ROWS[offset:offset + limit], count=lambda: len(ROWS))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()


async def test_end_shows_the_last_row_above_the_scrollbar():
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(PagedTable)
        assert table.show_horizontal_scrollbar
        await pilot.press("end")
        await wait_for(pilot, lambda: table.cursor == len(ROWS) - 1, "the cursor on the last row")
        await pilot.pause()
        assert "R0060" in screen_text(app)
        await pilot.press("up", "up", "down", "down")  # back onto the last row, without a scroll
        await pilot.pause()
        assert "R0060" in screen_text(app)


async def test_wide_characters_keep_the_next_column_in_place():
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if "City" in line)
        wide = next(line for line in lines if "山田太郎" in line)
        narrow = next(line for line in lines if "R0001" in line)

        def at(line: str, text: str) -> int:  # the terminal column where text starts
            return cell_len(line[: line.index(text)])

        assert at(wide, "Tokyo") == at(narrow, "Paris") == at(header, "City")


async def test_a_cursor_move_repaints_only_the_two_rows():
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(PagedTable)
        await pilot.press("down")  # cursor on the second row (screen line 2 of the table)
        await pilot.pause()
        repaints: list[tuple] = []
        refresh = table.refresh

        def spy(*regions, **kwargs):
            repaints.append(regions)
            return refresh(*regions, **kwargs)

        table.refresh = spy
        await pilot.press("down")
        await pilot.pause()
        assert repaints and all(repaints), f"a full repaint: {repaints}"
        assert sorted((r.y, r.height) for regions in repaints for r in regions) == [(2, 1), (3, 1)]
