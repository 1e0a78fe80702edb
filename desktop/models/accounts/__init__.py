"""Staff accounts (工作人员): roles, passwords, log-in."""
