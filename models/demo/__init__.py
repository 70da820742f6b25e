"""Demo data: a realistic database generated in bulk (generate: setup, campaigns,
templates, segments; contacts; history; documents: the Word templates), and the word
lists it draws from (words, places, interaction_templates).
"""
