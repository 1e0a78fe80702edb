"""Quality Station: the desktop app of Liuzhou's one-stop quality-service stations."""

__version__ = "0.1.0"
APP_NAME = "QualityStation"
APP_ORG = "Liuzhou"
