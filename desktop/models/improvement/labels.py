"""Display names of the improvement area's stored codes (see ``core.labels``)."""

from __future__ import annotations

from desktop.models.core.labels import LabelTable
from desktop.models.improvement.tables import (
    ActionStatus,
    PlanStatus,
    RectificationSource,
    RectificationStatus,
    SourceKind,
)

RECTIFICATION_STATUS_LABELS = LabelTable(RectificationStatus, {
    RectificationStatus.OPEN: ("To rectify", "待整改"),
    RectificationStatus.RECTIFIED: ("Rectified, to verify", "已整改待核验"),
    RectificationStatus.CLOSED: ("Verified and closed", "已核验办结"),
})
RECTIFICATION_SOURCE_LABELS = LabelTable(RectificationSource, {
    RectificationSource.EVALUATION: ("Bad review", "差评"),
    RectificationSource.COMPLAINT: ("Valid complaint", "有效投诉"),
})
PLAN_STATUS_LABELS = LabelTable(PlanStatus, {
    PlanStatus.OPEN: ("In progress", "进行中"),
    PlanStatus.CLOSED: ("Closed", "已关闭"),
})
ACTION_STATUS_LABELS = LabelTable(ActionStatus, {
    ActionStatus.OPEN: ("Open", "未完成"),
    ActionStatus.DONE: ("Done", "已完成"),
})
SOURCE_KIND_LABELS = LabelTable(SourceKind, {
    SourceKind.COMPLAINT: ("A complaint", "投诉"),
    SourceKind.BAD_REVIEW: ("A bad review (rectification)", "差评整改"),
    SourceKind.OVERDUE: ("Overdue work", "超时分析"),
    SourceKind.SELF_INSPECTION: ("Self-inspection", "自查"),
    SourceKind.STATISTICS: ("The statistics of a period", "统计分析"),
})
