"""Views of the improvement area (§8.2): the bad-review loop and the improvement plans."""
