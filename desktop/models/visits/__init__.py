"""On-site visits (现场服务记录, §7.3.3–§7.3.4): drafts, signatures, sealed records."""
