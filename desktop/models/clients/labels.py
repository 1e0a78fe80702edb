"""Display names of the client registry's stored codes (see ``core.labels``), also what its spreadsheets say."""

from __future__ import annotations

from desktop.models.clients.tables import ClientKind, ClientSize
from desktop.models.core.labels import LabelTable

CLIENT_KIND_LABELS = LabelTable(ClientKind, {
    ClientKind.ENTERPRISE: ("Enterprise", "企业"),
    ClientKind.PERSON: ("Person", "个人"),
})
CLIENT_SIZE_LABELS = LabelTable(ClientSize, {
    ClientSize.MICRO: ("Micro", "微型"),
    ClientSize.SMALL: ("Small", "小型"),
    ClientSize.MEDIUM: ("Medium", "中型"),
    ClientSize.LARGE: ("Large", "大型"),
})
