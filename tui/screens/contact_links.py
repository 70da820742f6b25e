"""A contact's own links, opened from its card: "Mailing Groups of CT000012" (n picks a code
from its list, Del removes one, asking first), and its alternative addresses with the date
ranges letters use them in. The rules are models.contacts.links'."""

from __future__ import annotations

from textual.binding import Binding

from models.contacts.links import KINDS, link_owner
from tui.safely import describe
from tui.screens.dialogs import refuse
from tui.screens.list_page import ListPage


def open_links(screen, kind: str, contact: str) -> None:
    """The contact's sub-list of a kind; a person's industry groups are its company's."""
    if kind == "alt_addresses":
        screen.app.push_screen(AltAddressesPage(contact))
        return
    try:
        owner = link_owner(kind, contact)
    except Exception as exc:
        refuse(screen.app, KINDS[kind].title, describe(exc)[0])
        return
    title = f"{KINDS[kind].title} of {owner}" + (f" (the company of {contact})" if owner != contact else "")
    screen.app.push_screen(ContactLinksPage(kind, owner, title))


class ContactLinksPage(ListPage):
    """One contact's codes of a kind: New picks a code (F4's list), Delete removes it."""

    def __init__(self, kind: str, contact: str, title: str) -> None:
        super().__init__(f"contact_{kind}", contact, title)
        self.kind = KINDS[kind]

    def on_mount(self) -> None:  # after ListPage's (Textual runs each class's handler)
        self.table.empty_text = f"In no {self.kind.single.lower()} yet. Press n to add one."

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "open":
            return False  # a link has no card: its code's own page has the description
        return super().check_action(action, parameters)

    def open_card(self, key) -> None:
        if key is not None:
            return
        from tui.screens.lookup import LookupScreen

        def picked(code) -> None:
            if code is None:
                return
            try:
                self.entity.save(None, {self.entity.key.name: str(code)}, parent=self.parent_key)
            except Exception as exc:
                refuse(self.app, f"Add {self.kind.single} {code}", describe(exc)[0])
                return
            self.notify(f"{self.parent_key} is in {self.kind.single} {code}.")
            self.table.reload(keep_cursor=True)
            self.table.move_to_key(code)

        self.app.push_screen(LookupScreen(self.kind.name, self.kind.code_caption), picked)

    def delete_words(self, key) -> tuple[str, str]:
        return (f"Remove {self.parent_key} from {self.kind.single} {key}?",
                f"{self.parent_key} removed from {self.kind.single} {key}.")


class AltAddressesPage(ListPage):
    """The contact's alternative addresses (cards), and r for the date ranges that pick one."""

    BINDINGS = [
        Binding("r", "date_ranges", "Date Ranges",
                tooltip="From when to when letters use which alternative address", id="alt_addresses.date_ranges"),
    ]

    def __init__(self, contact: str) -> None:
        super().__init__("contact_alt_addresses", contact, f"Alt. Addresses of {contact}")

    def action_date_ranges(self) -> None:
        self.app.push_screen(ListPage("contact_alt_addr_date_ranges", self.parent_key,
                                      f"Alt. Address Date Ranges of {self.parent_key}"))
