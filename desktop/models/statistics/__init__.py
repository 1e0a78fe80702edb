"""Statistics (§4.4, §7.6.4): the figures of a period, each reconciling with the list it opens."""
