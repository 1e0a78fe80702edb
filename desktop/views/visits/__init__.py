"""On-site visits: the record form, signing, the signature pad, verification and export of signed records."""
