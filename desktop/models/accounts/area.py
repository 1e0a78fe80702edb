"""The accounts area: the staff accounts page (admins only)."""

from __future__ import annotations

from desktop.models.core.area import ADMINS, Area, Page
from desktop.models.core.labels import Label

AREA = Area(
    name="accounts",
    pages=(Page("staff", Label("Accounts", "账户管理"), "desktop.views.accounts.staff_page:StaffPage", order=60,
                roles=ADMINS),),
)
