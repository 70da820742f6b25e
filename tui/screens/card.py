"""A record's card: every field of one row, edited with the keyboard."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Select, Static

from models.base.errors import FieldError
from models.pages.records import Column
from models.pages.registry import entity
from tui.footer_pages import MORE, FooterPages
from tui.jobs import JobDone, JobFailed, run_job
from tui.screens.dialogs import ConfirmDialog
from tui.widgets.check_box import CheckBox
from tui.widgets.form_row import FormRow

# a saved contact's sub-lists (tui/screens/contact_links.py) and the footer group (F10) of each:
# every group fits 80 columns beside F10 More and F1 Help
CONTACT_LINKS = {"mailing_groups": 0, "job_responsibilities": 1, "industry_groups": 2, "business_relations": 2,
                 "alt_addresses": 3}


class CardScreen(FooterPages, Screen[object]):
    """Create (key None) or edit a record; dismisses with the saved key, or None."""

    FOOTER_GROUPS = {"save": 0, "lookup": 0, "close": 0, "create_interaction": 1, **CONTACT_LINKS}
    BINDINGS = [
        # both keys shown (F1, footer): Ctrl+S is XOFF on some terminals; a keymap shows its own
        Binding("f2,ctrl+s", "save", "Save", key_display="f2/^s", tooltip="Save the card and close it",
                id="card.save"),
        Binding("f4", "lookup", "Lookup", tooltip="Pick a code from its list", id="card.lookup"),
        Binding("f8", "create_interaction", "Create Interaction",
                tooltip="The Create Interaction wizard for this contact or salesperson",
                id="card.create_interaction"),
        Binding("escape", "close", "Close", id="card.close"),
        # F-keys: a letter would go into the field that has the focus
        Binding("f3", "mailing_groups", "Mailing Groups", tooltip="The contact's mailing groups: add, remove",
                id="card.mailing_groups"),
        Binding("f5", "industry_groups", "Industry Groups",
                tooltip="The industry groups of the contact's company: add, remove", id="card.industry_groups"),
        Binding("f6", "business_relations", "Business Relations",
                tooltip="The business relations of the contact's company: add, remove",
                id="card.business_relations"),
        Binding("f7", "job_responsibilities", "Job Responsibilities",
                tooltip="The person's job responsibilities: add, remove", id="card.job_responsibilities"),
        Binding("f9", "alt_addresses", "Alt. Addresses",
                tooltip="The contact's alternative addresses and the date ranges letters use them in",
                id="card.alt_addresses"),
        MORE,
    ]

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "create_interaction":  # a saved contact or salesperson
            from tui.screens.wizard import INTERACTION_STARTS

            return self.key is not None and self.entity.name in INTERACTION_STARTS
        saved_contact = self.entity.name == "contacts" and self.key is not None
        if action == "more_keys":
            return saved_contact
        if action == "job_responsibilities":
            return saved_contact and self.original.get("type") == "Person"
        if action in CONTACT_LINKS:
            return saved_contact
        return True

    def _links(self, kind: str) -> None:
        self.app.open_page(f"links:{kind}:{self.key}")  # tui/screens/contact_links.py

    def action_mailing_groups(self) -> None:
        self._links("mailing_groups")

    def action_industry_groups(self) -> None:
        self._links("industry_groups")

    def action_business_relations(self) -> None:
        self._links("business_relations")

    def action_job_responsibilities(self) -> None:
        self._links("job_responsibilities")

    def action_alt_addresses(self) -> None:
        self._links("alt_addresses")

    def action_create_interaction(self) -> None:
        from tui.screens.wizard import INTERACTION_STARTS, open_wizard

        open_wizard(self, **{INTERACTION_STARTS[self.entity.name]: self.key})

    DEFAULT_CSS = """
    CardScreen VerticalScroll { height: 1fr; padding: 0 1; }
    CardScreen #card-error { height: auto; color: $error; padding: 0 1; }
    CardScreen .group { height: 1; color: $accent; text-style: bold; }
    """

    def __init__(self, entity_name: str, key=None, parent=None) -> None:
        super().__init__()
        self.entity = entity(entity_name)
        self.key = key
        self.parent_key = parent
        self.original: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        if self.entity.name == "marketing_setup":
            title = self.entity.title
        else:
            title = f"{self.entity.title} — {'New' if self.key is None else self.key}"
        yield Static(title, id="card-title", classes="page-title")
        self.original = self.entity.blank() if self.key is None else self.entity.get(self.key, self.parent_key)
        editable = self.entity.editable(self.key)
        with VerticalScroll(classes="wide-captions"):
            for column in self.entity.card_columns:
                if column.hint.startswith("—"):  # a group heading: — General —
                    yield Static(column.hint, classes="group")
                suffix = " ▾" if column.lookup else ""
                yield FormRow(f"{column.caption}{suffix}",
                              self._editor(column, self.original.get(column.name, ""), not editable[column.name]),
                              id=f"row-{column.name}")
        yield Static("", id="card-error")
        yield Static("", id="card-hint", classes="status")
        yield Footer(compact=True)

    def _editor(self, column: Column, value: str, disabled: bool):
        ident = f"f-{column.name}"
        if column.kind == "bool":
            return CheckBox("", value == "Yes", id=ident, disabled=disabled, compact=True)
        if column.kind == "enum":
            options = [(m.label or "(blank)", m.label) for m in column.enum]
            return Select(options, value=value, allow_blank=False, id=ident, disabled=disabled, compact=True)
        placeholder = "" if column.hint.startswith("—") else column.hint
        return Input(value, id=ident, disabled=disabled, placeholder=placeholder, compact=True)

    def on_mount(self) -> None:
        if self.check_action("more_keys", ()):
            self.show_keys(0)
        for widget in self.query("FormRow > Input, FormRow > Select, FormRow > Checkbox"):
            if not widget.disabled:
                widget.focus()
                break

    def on_descendant_focus(self, event) -> None:
        name = (event.widget.id or "").removeprefix("f-")
        column = next((c for c in self.entity.card_columns if c.name == name), None)
        hint = ""
        if column is not None:
            own = "" if column.hint.startswith("—") else column.hint
            hint = own or ("F4: pick from the list" if column.lookup else "")
        self.query_one("#card-hint", Static).update(hint)

    # -- values -----------------------------------------------------------
    def texts(self) -> dict[str, str]:
        values = {}
        for column in self.entity.card_columns:
            widget = self.query_one(f"#f-{column.name}")
            if column.kind == "bool":
                values[column.name] = "Yes" if widget.value else "No"
            else:
                values[column.name] = "" if widget.value is Select.BLANK else str(widget.value)
        return values

    def changed(self) -> bool:
        return any(self.original.get(k, "") != v for k, v in self.texts().items())

    # -- actions ----------------------------------------------------------
    def action_save(self) -> None:
        self.query("FormRow.-error").remove_class("-error")
        self.query_one("#card-error", Static).update("")
        texts, key, parent = self.texts(), self.key, self.parent_key
        run_job(self, "Save", lambda confirm, progress: self.entity.save(key, texts, confirm, parent),
                group="card-save")

    def on_job_done(self, event: JobDone) -> None:
        self.saved(event.result)

    def on_job_failed(self, event: JobFailed) -> None:  # shown on the card; nothing is saved
        self.show_error(event.message, event.error)

    def saved(self, key) -> None:
        if key is None:
            self.notify("Nothing was saved.", severity="warning")
            return
        self.notify(f"{self.entity.title}: {key} saved.")
        if not self.entity.stay_open:
            self.dismiss(key)
            return
        # stay: show what the rules made of the values, and what is editable now
        self.original = self.entity.get(key, self.parent_key)
        editable = self.entity.editable(key)
        for column in self.entity.card_columns:
            widget = self.query_one(f"#f-{column.name}")
            value = self.original.get(column.name, "")
            if column.kind == "bool":
                widget.value = value == "Yes"
            else:
                widget.value = value
            widget.disabled = not editable[column.name]
        self.saved_key = key

    def show_error(self, message: str, exc: Exception) -> None:
        self.query_one("#card-error", Static).update(message)
        self.notify(message, severity="error", timeout=6)
        if isinstance(exc, FieldError):
            rows = self.query(f"#row-{exc.field}")
            if rows:
                rows.first().add_class("-error")
                editor = self.query_one(f"#f-{exc.field}")
                if not editor.disabled:
                    editor.focus()

    def action_lookup(self) -> None:
        focused = self.focused
        name = (focused.id or "").removeprefix("f-") if focused else ""
        column = next((c for c in self.entity.card_columns if c.name == name), None)
        if column is None or not column.lookup or focused.disabled:
            self.notify("This field has no list to pick from.", severity="warning")
            return
        from tui.screens.lookup import LookupScreen

        def picked(code) -> None:
            if code is not None:
                focused.value = str(code)

        self.app.push_screen(LookupScreen(column.lookup, column.caption, self.parent_key), picked)

    def action_close(self) -> None:
        if not self.changed():
            self.dismiss(getattr(self, "saved_key", None))
            return

        def answered(discard: bool) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Close without saving your changes?", False), answered)
