"""The Peewee tables (contacts, interactions, segments, setup, attachments) and the
schema: creating it, its migrations, and opening a database (open_database).
"""
