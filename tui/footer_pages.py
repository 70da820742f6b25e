"""Footer pages: a screen with more actions than 80 columns hold shows them in groups,
and F10 (More) steps through the groups. Every action stays in F1 help and the palette."""

from __future__ import annotations

import dataclasses

from textual.binding import Binding, BindingsMap

from tui.textual_private import node_bindings, set_node_bindings

MORE = Binding("f10", "more_keys", "More", tooltip="Show the other actions in the footer", id="footer.more")


class FooterPages:
    """Mixed into a Screen: ``FOOTER_GROUPS`` maps an action to the footer group that shows it."""

    FOOTER_GROUPS: dict[str, int] = {}
    footer_group = 0

    def show_keys(self, group: int) -> None:
        """Show one group's actions in the footer; every key keeps working (ids keep the keymap)."""
        self.footer_group = group
        shown = [
            dataclasses.replace(binding, show=self.FOOTER_GROUPS[binding.action] == group)
            if binding.action in self.FOOTER_GROUPS else binding
            for _key, binding in node_bindings(self)
        ]
        set_node_bindings(self, BindingsMap(shown))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return max(self.FOOTER_GROUPS.values(), default=0) > 0 if action == "more_keys" else True

    def action_more_keys(self) -> None:
        self.show_keys((self.footer_group + 1) % (max(self.FOOTER_GROUPS.values(), default=0) + 1))
