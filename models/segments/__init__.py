"""The segment worksheet: segment (New Segment, delete, totals), header and lines with
their rules and defaults, lookups (and write_segment: the lock every write to a segment
takes first), criteria (the Add/Reduce/Refine table catalogue, criteria lines, history);
segmentation: selection (which contacts filters select), actions (Add, Reduce, Refine
Contacts), go_back, reuse (Save/Reuse Criteria, Reuse Segment), explain (the criteria
view, why a line is here), contacts_out (Apply Mailing Group, Export Contacts);
interaction templates, and Log Segment.
"""
