"""The data model and its rules. Never imports Qt (tests/test_layering.py)."""
