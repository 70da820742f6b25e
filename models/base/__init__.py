"""What every other package stands on: the database proxy and its connections (db),
errors, enums, field types, the work date and user (context), how a domain function
asks and reports (ask), the one text -> value rule (values), safe file writing (files),
relman.toml and RELMAN_* settings (config), what an imported file must be and how a Word
document is read (documents) and the driver-level bulk writer (bulk). Imports nothing of
Relman above it.
"""
