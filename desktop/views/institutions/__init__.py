"""Institutions and experts: page, dialog, table models."""
