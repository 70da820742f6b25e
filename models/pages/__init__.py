"""What the UI builds its list pages and cards from: the page registry (records:
columns, captions, paged queries, create/update/delete rules) and statistics.
"""
