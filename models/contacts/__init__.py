"""Contacts as a whole: the contact card's rules (company/person, numbering) and
CSV import and export with Business Central captions.
"""
