"""Helpers every test folder may use (and no test folder keeps its own for others to borrow)."""
