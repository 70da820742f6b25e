"""Word mail merge: the merge engine over real MERGEFIELDs (letters), a segment's
letters, the merge fields of a contact, field formatting switches, the package writer,
docx field scanning, the combined print file, the coverage count (missing), a letter
as an HTML body, and the personalised letter of one line.
"""
