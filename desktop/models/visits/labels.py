"""Display names of the visit records' stored codes (see ``core.labels``)."""

from __future__ import annotations

from desktop.models.core.labels import LabelTable
from desktop.models.visits.tables import DocumentKind, SignerRole, VisitEvent, VisitStatus

VISIT_STATUS_LABELS = LabelTable(VisitStatus, {
    VisitStatus.DRAFT: ("Draft", "草稿"),
    VisitStatus.SIGNED: ("Signed", "已签字"),
    VisitStatus.PAPER_SIGNED: ("Signed on paper", "已纸质签字"),
})
VISIT_EVENT_LABELS = LabelTable(VisitEvent, {
    VisitEvent.SIGNED: ("On-site service record signed", "现场服务记录已签字确认"),
    VisitEvent.PAPER_SIGNED: ("On-site service record signed on paper", "现场服务记录已纸质签字确认"),
    VisitEvent.AMENDMENT: ("On-site service record amendment signed", "现场服务记录的更正已签字确认"),
})
SIGNER_ROLE_LABELS = LabelTable(SignerRole, {
    SignerRole.CLIENT: ("Client", "服务对象"),
    SignerRole.OFFICER: ("Officer", "工作人员"),
})
DOCUMENT_KIND_LABELS = LabelTable(DocumentKind, {
    DocumentKind.SIGNED_RECORD: ("Signed on-site service record", "现场服务记录（已签字）"),
})
