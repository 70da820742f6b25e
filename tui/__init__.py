"""Relman's terminal UI (Textual). Calls models/; never writes SQL.

app (the App, pages and palette), pages (the pages a user can go to), cli (the `relman`
command), runbook (`relman segment`: segments without the TUI), serve (`relman serve`:
the app in a browser) with browser_driver and deliver (files as downloads there),
ui_settings ([ui] and [keys] of relman.toml: theme, mouse, blink, keymap), key_order
and type_ahead (keys typed ahead land in the order typed), jobs (domain work in a
thread worker: questions, progress, results as Messages), safely (errors in words),
footer_pages (the footer's groups), textual_private (the Textual privates we rely on,
tested), screens/, widgets/.
"""
