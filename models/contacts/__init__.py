"""Contacts as a whole: the contact card's rules (company/person, numbering), CSV
import (csv_import) and export (csv_export) with Business Central captions (csv_columns);
a contact's mailing groups, industry groups, …, alternative addresses (links) and their
CSV import (links_import).
"""
