"""Named schools: the finder, canonical names, short forms, page context, group members."""
