"""What every other package stands on: the database proxy and its connections (db),
errors, enums, field types, the work date and user (context), how a domain function
asks and reports (ask), the one text -> value rule (values), safe file writing (files)
and the driver-level bulk writer (bulk). Imports nothing of Relman above it.
"""
