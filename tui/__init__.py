"""Relman's terminal UI (Textual). Calls models/; never writes SQL.

app (the App, pages and palette), cli (the `relman` command), jobs (domain work in
a thread worker: questions, progress, results as Messages), safely (errors in
words), footer_pages (the footer's groups), textual_private (the Textual privates
we rely on, tested), screens/, widgets/.
"""
