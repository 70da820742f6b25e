"""Widgets more than one screen uses: the lazily paged table (with row marks), the
caption + field form row, and the check box that shows its state in text.
"""
