"""Interactions: Interaction Log Entries and their actions, delivery (hard copy,
e-mail) with its settings, "log, commit, then send" (send), and the Create
Interaction wizard with its postponed interactions.
"""
