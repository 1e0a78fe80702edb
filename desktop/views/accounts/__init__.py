"""Accounts: the staff page and the password dialogs."""
