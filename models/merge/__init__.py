"""Word mail merge: the merge engine over real MERGEFIELDs, the merge fields of a
contact, field formatting switches, the package writer, docx field scanning,
a segment's letters, the combined print file, a letter as an HTML body, and the
personalised letter of one line.
"""
