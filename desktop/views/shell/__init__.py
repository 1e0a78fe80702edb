"""The frame every area lives in: set-up, log-in, the main window, the dashboard, settings."""
