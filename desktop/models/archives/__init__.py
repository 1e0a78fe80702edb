"""The archive room (档案管理, §7.6): archived requests and ended complaints found, each one's whole file read,
printed with its cover and contents list, and exported as a checked bundle; the log of who read, printed or
exported what."""
