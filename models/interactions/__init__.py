"""Interactions: Interaction Log Entries and Logged Segments with their actions (entries,
logged_segments, resend), delivery (delivery: hard_copy, mail, delivery_settings),
"log, commit, then deliver" (send), and the Create Interaction wizard (wizard, draft)
with its postponed interactions (postponed).
"""
