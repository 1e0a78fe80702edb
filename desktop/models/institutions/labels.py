"""Display names of the institutions' stored codes (see ``core.labels``)."""

from __future__ import annotations

from desktop.models.core.labels import LabelTable
from desktop.models.institutions.tables import InstitutionKind

INSTITUTION_KIND_LABELS = LabelTable(InstitutionKind, {
    InstitutionKind.INSTITUTION: ("Institution", "服务机构"),
    InstitutionKind.EXPERT_TEAM: ("Expert team", "专家队伍"),
    InstitutionKind.EXPERT: ("Expert", "专家"),
})
