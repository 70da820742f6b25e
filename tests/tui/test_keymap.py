"""Keys can be remapped: every Binding in tui/ has a stable id, and App.set_keymap moves it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import tui
from models.base.db import close_database
from models.tables.schema import open_database
from models.tables.setup import marketing_setup
from tests.tui.conftest import SIZE, screen_text
from tui.app import RelmanApp
from tui.screens.criteria_dialog import CriteriaDialog
from tui.screens.segments import SegmentPage

ID = re.compile(r"^[a-z_]+\.[a-z_]+$")
README = Path(__file__).resolve().parents[2] / "README.md"


def tui_classes() -> list[type[DOMNode]]:
    """Every App, Screen and Widget class defined in tui/."""
    modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(tui.__path__, "tui.")]
    return [obj for module in modules for obj in vars(module).values()
            if inspect.isclass(obj) and issubclass(obj, DOMNode) and obj.__module__ == module.__name__]


def own_bindings(cls) -> list:
    return list(cls.__dict__.get("BINDINGS", []))


def test_every_binding_has_an_id_unique_in_its_class():
    classes = tui_classes()
    assert len(classes) > 20  # the walk found the screens
    declared: dict[str, tuple[type, Binding]] = {}
    for cls in classes:
        ids = []
        for binding in own_bindings(cls):
            assert isinstance(binding, Binding), f"{cls.__name__}: {binding!r} is not a Binding"
            assert binding.id and ID.match(binding.id), f"{cls.__name__}: {binding.action} has id {binding.id!r}"
            ids.append(binding.id)
            first = declared.setdefault(binding.id, (cls, binding))
            # one id, one binding: the same id in two places would be remapped together by surprise
            assert first[1] is binding, f"{binding.id} is declared by {first[0].__name__} and {cls.__name__}"
        assert len(ids) == len(set(ids)), f"{cls.__name__}: an id is used twice: {ids}"
        # with what it inherits, an id still names one action of the class
        actions: dict[str, str] = {}
        for _key, binding in cls._merged_bindings or ():
            if binding.id is None:
                continue  # Textual's own (Tab, Ctrl+C …)
            assert actions.setdefault(binding.id, binding.action) == binding.action, (cls.__name__, binding.id)


def test_every_binding_id_is_in_the_readme_keymap():
    readme = README.read_text(encoding="utf-8")
    keymap = readme[readme.index("## Keymap"):]
    keymap = keymap[:keymap.index("\n## ", 1)]
    listed = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", keymap))
    missing = sorted({str(b.id) for cls in tui_classes() for b in own_bindings(cls)} - listed)
    assert not missing, f"not in the README keymap: {missing}"


@pytest.fixture
def segment_app(ui_db):
    from models.segments.segment import create_segment

    open_database(ui_db)
    setup = marketing_setup()
    setup.segment_series = "SEG"
    setup.save()
    no = create_segment().no
    close_database()
    return RelmanApp(str(ui_db), start_page=f"segment:{no}")


async def test_a_keymap_moves_add_contacts_to_another_key(segment_app):
    app = segment_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, SegmentPage)
        app.set_keymap({"segment.add_contacts": "f9"})
        await pilot.pause()
        assert "f9 Add Contacts" in screen_text(app)  # the footer shows the new key
        await pilot.press("a")  # the old key does nothing now
        await pilot.pause()
        assert isinstance(app.screen, SegmentPage)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, CriteriaDialog)
        assert app.screen.mode == "add"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SegmentPage)
        await pilot.press("f10")  # the footer's More keeps the remapped key
        await pilot.press("f10", "f10", "f10", "f10", "f10")
        await pilot.pause()
        assert app.screen.footer_group == 0
        assert "f9 Add Contacts" in screen_text(app)
