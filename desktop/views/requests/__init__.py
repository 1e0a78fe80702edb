"""Service requests: the list, the intake form, the request window, lifecycle steps, time limits."""
