"""Time expressions: atoms found by patterns, read into fields, anchored on the school calendar."""
