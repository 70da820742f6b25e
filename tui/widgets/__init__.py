"""Widgets more than one screen uses: the lazily paged table and the caption + field
form row.
"""
