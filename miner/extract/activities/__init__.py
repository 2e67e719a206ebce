"""Activities: units, detection, attributes, typing, mood, vetting and merging."""
