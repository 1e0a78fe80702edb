"""Institutions and experts (服务机构 / 专家队伍, §7.2.4, §7.6.2)."""
