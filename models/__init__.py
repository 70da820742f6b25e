"""Relman's model layer: Peewee tables and the domain operations of Business Central's
Segments and Interactions. Never imports Textual.

Packages in layers, each importing only those below it (pyproject.toml
[tool.importlinter], checked by tests/test_architecture.py):
demo > pages > interactions > merge > segments > contacts > filters > tables > base.
"""
