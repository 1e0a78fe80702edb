"""City platform sync: the page, its settings dialog, the status-bar indicator."""
