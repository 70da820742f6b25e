"""Relman's model layer: Peewee models and domain operations. Never imports Textual."""
