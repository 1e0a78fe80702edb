"""The service catalogue page."""
