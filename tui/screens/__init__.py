"""One module per Business Central page or dialog family: home, list pages and cards,
lookup, Segments and the Segment page, criteria dialogs and view, merge, Log,
Logged Segments and Interaction Log Entries (history), the Create Interaction wizard,
Postponed Interactions, templates, statistics, and the shared dialogs.
"""
