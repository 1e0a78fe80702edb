"""Display names of what the station keeps for the city platform sync (see ``core.labels``)."""

from __future__ import annotations

from desktop.models.city_sync.tables import HubAnswer, OutboxKind, OutboxState, SyncOutcome, SyncTrigger
from desktop.models.core.labels import LabelTable

OUTBOX_KIND_LABELS = LabelTable(OutboxKind, {
    OutboxKind.ESCALATION: ("Escalation", "上报诉求"),
    OutboxKind.ARCHIVE: ("Archive record", "归档记录"),
    OutboxKind.COMPLAINT: ("Complaint record", "投诉归档记录"),
    OutboxKind.FIGURES: ("Monthly figures", "月度统计数据"),
})
OUTBOX_STATE_LABELS = LabelTable(OutboxState, {
    OutboxState.PENDING: ("Waiting", "待发送"),
    OutboxState.SENT: ("Sent", "已发送"),
    OutboxState.SET_ASIDE: ("Set aside", "被搁置"),
    OutboxState.DROPPED: ("Dropped", "已放弃"),
})
HUB_ANSWER_LABELS = LabelTable(HubAnswer, {
    HubAnswer.ACCEPTED: ("Accepted", "已接收"),
    HubAnswer.ALREADY_HAD: ("Already at the city", "市级平台已有"),
    HubAnswer.CONFLICT: ("Conflict", "冲突"),
    HubAnswer.REJECTED: ("Rejected", "拒收"),
})
SYNC_OUTCOME_LABELS = LabelTable(SyncOutcome, {
    SyncOutcome.RUNNING: ("Running", "进行中"),
    SyncOutcome.OK: ("Completed", "已完成"),
    SyncOutcome.FAILED: ("Failed", "失败"),
    SyncOutcome.CANCELLED: ("Cancelled", "已取消"),
})
SYNC_TRIGGER_LABELS = LabelTable(SyncTrigger, {
    SyncTrigger.MANUAL: ("End-of-day sync", "日终同步"),
    SyncTrigger.AUTOMATIC: ("Automatic", "自动"),
    SyncTrigger.COMMAND: ("Command line", "命令行"),
})
