"""Statistics (§4.4, §7.6.4): the statistics page."""
