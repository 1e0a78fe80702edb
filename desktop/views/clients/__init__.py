"""The client registry: page, dialog, table model."""
