"""The service catalogue (§3, §5 of the standard): categories and items."""
