"""Complaints (§7.5): the list, the registration form, the complaint window with its steps, the assessment."""
