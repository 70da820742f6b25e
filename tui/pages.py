"""The pages a user can go to: one list, used by the home page, the keys and the palette."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    help: str
    make: Callable[[], Screen]


def _list(name: str) -> Callable[[], Screen]:
    def make() -> Screen:
        from tui.screens.list_page import ListPage

        return ListPage(name)

    return make


def _templates() -> Screen:
    from tui.screens.templates import TemplatesPage

    return TemplatesPage()


def _segments() -> Screen:
    from tui.screens.segments import SegmentsPage

    return SegmentsPage()


def _logged_segments() -> Screen:
    from tui.screens.history import LoggedSegmentsPage

    return LoggedSegmentsPage()


def _entries() -> Screen:
    from tui.screens.history import InteractionLogEntriesPage

    return InteractionLogEntriesPage()


def _postponed() -> Screen:
    from tui.screens.postponed import PostponedInteractionsPage

    return PostponedInteractionsPage()


def _groups() -> Screen:
    from tui.screens.templates import GroupsPage

    return GroupsPage()


def _setup() -> Screen:
    from models.tables.setup import marketing_setup
    from tui.screens.card import CardScreen

    marketing_setup()  # the singleton exists before its card opens
    return CardScreen("marketing_setup", 1)


PAGES: list[Page] = [
    Page("e", "Segments", "Segments being built (not yet logged)", _segments),
    Page("k", "Logged Segments", "Segments that were logged, with their interactions", _logged_segments),
    Page("i", "Interaction Log Entries", "Every logged interaction, to cancel or evaluate", _entries),
    Page("p", "Postponed Interactions", "Unfinished Create Interaction wizards, to resume", _postponed),
    Page("c", "Contacts", "Companies and persons", _list("contacts")),
    Page("u", "Mailing Groups", "Newsletters, invitations, …: who is in each", _list("mailing_groups")),
    Page("d", "Industry Groups", "Industries companies are in", _list("industry_groups")),
    Page("b", "Business Relations", "Customer, vendor, bank, …: companies' relations", _list("business_relations")),
    Page("j", "Job Responsibilities", "What persons are responsible for", _list("job_responsibilities")),
    Page("s", "Salespeople", "Salespeople/Purchasers", _list("salespeople")),
    Page("a", "Campaigns", "Marketing campaigns", _list("campaigns")),
    Page("g", "Interaction Groups", "Groups of interaction templates", _groups),
    Page("t", "Interaction Templates", "Letters, e-mails, calls, meetings; languages", _templates),
    Page("m", "Marketing Setup", "Number series and defaults", _setup),
    Page("o", "No. Series", "Number series and their last numbers", _list("no_series")),
    Page("l", "Languages", "Languages of contacts and templates", _list("languages")),
]
