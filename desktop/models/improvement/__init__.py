"""Continuous improvement (§8.2): rectifications of bad reviews and valid complaints, improvement plans."""
