"""Service requests (服务需求, §7): intake, the lifecycle, the list, export, attachments, time limits and working
days."""
