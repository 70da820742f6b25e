"""The segment worksheet: header and lines with their rules and defaults, header
lookups, criteria (the Add/Reduce/Refine table catalogue, criteria lines, Go Back
history), the segmentation actions, reusing criteria and logged segments,
interaction templates, and Log Segment.
"""
