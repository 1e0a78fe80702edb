"""Complaints and service supervision (§7.5): receipt to closure, time limits, validity and staff assessment."""
