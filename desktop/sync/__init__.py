"""Sync with the city platform (no Qt). ``wire`` is a leaf the hub imports; the rest is the station side."""
