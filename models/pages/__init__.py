"""What the UI builds its list pages and cards from: records (Column and Entity:
captions, paged queries, create/update/delete rules), the registry of every page's
entity (``registry.entity(name)``), and the role centre's statistics.
"""
