"""Acquire: bytes and where they came from — local files, folders, archives, and school websites."""
