"""Display names of the archive room's stored codes (see ``core.labels``)."""

from __future__ import annotations

from desktop.models.archives.record_file import DocumentKind
from desktop.models.archives.tables import AccessAction, AccessDocument, DisposalStatus, RecordKind
from desktop.models.core.labels import LabelTable

ACCESS_ACTION_LABELS = LabelTable(AccessAction, {
    AccessAction.READ: ("Read", "查阅"),
    AccessAction.PRINT: ("Printed", "打印"),
    AccessAction.EXPORT: ("Exported", "导出"),
})

ACCESS_DOCUMENT_LABELS = LabelTable(AccessDocument, {
    AccessDocument.ARCHIVE_FILE: ("Archive file", "档案案卷"),
    AccessDocument.ARCHIVE_BUNDLE: ("Archive bundle", "档案导出包"),
    AccessDocument.ACCESS_LOG: ("Access log", "查阅打印导出记录"),
    AccessDocument.NOTICE: ("One-time notice", "一次性告知书"),
    AccessDocument.REFERRAL_SLIP: ("Referral slip", "服务转办单"),
    AccessDocument.VISIT_RECORD: ("On-site service record", "现场服务记录"),
    AccessDocument.COMPLAINT_LETTER: ("Complaint letter", "投诉回执或告知书"),
    AccessDocument.REQUESTS: ("Requests list", "服务需求列表"),
    AccessDocument.CLIENTS: ("Client registry", "服务对象名录"),
    AccessDocument.COMPLAINTS: ("Complaints list", "投诉列表"),
    AccessDocument.REPORT: ("Statistics report", "统计报告"),
})

RECORD_KIND_LABELS = LabelTable(RecordKind, {
    RecordKind.REQUEST: ("Service request", "服务需求"),
    RecordKind.COMPLAINT: ("Complaint", "投诉"),
})

FILE_DOCUMENT_LABELS = LabelTable(DocumentKind, {
    DocumentKind.REQUEST_RECORD: ("Handling record", "服务需求办理记录"),
    DocumentKind.NOTICE: ("One-time notice", "一次性告知书"),
    DocumentKind.REFERRAL: ("Referral slip", "服务转办单"),
    DocumentKind.VISIT: ("On-site service record", "现场服务记录"),
    DocumentKind.COMPLAINT_RECORD: ("Complaint handling record", "投诉处理记录"),
    DocumentKind.RECEIPT: ("Complaint receipt", "投诉受理回执"),
    DocumentKind.RESULT: ("Complaint result letter", "投诉处理结果告知书"),
    DocumentKind.ATTACHMENT: ("Attachment", "附件"),
})

DISPOSAL_STATUS_LABELS = LabelTable(DisposalStatus, {
    DisposalStatus.PREPARED: ("Prepared, awaiting confirmation", "已编制，待确认"),
    DisposalStatus.DISPOSING: ("Being disposed of", "正在销毁"),
    DisposalStatus.DISPOSED: ("Disposed of", "已销毁"),
    DisposalStatus.CANCELLED: ("Cancelled", "已作废"),
})
