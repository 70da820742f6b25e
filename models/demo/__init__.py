"""Demo data: a realistic database (contacts, salespeople, campaigns, templates,
segments, logged history) generated in bulk, and the word lists it draws from.
"""
