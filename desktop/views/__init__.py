"""Qt only: windows, pages, dialogs, widgets and item models."""
