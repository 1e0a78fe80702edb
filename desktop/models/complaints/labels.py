"""Display names of the complaints' stored codes (see ``core.labels``): the screen, the printed receipt and result
letter and the spreadsheet export all take them from here, in the wording of §7.5 and GB/T 19012."""

from __future__ import annotations

from desktop.models.complaints.complaint_list import Outcome, SubjectKind
from desktop.models.complaints.lifecycle import Step
from desktop.models.complaints.tables import (
    ComplainantKind,
    ComplaintChannel,
    ComplaintEventKind,
    ComplaintStatus,
    ExternalRoute,
    Likelihood,
    Severity,
    Stage,
    ToldChannel,
    Urgency,
)
from desktop.models.core.labels import LabelTable

S = ComplaintStatus
COMPLAINT_STATUS_LABELS = LabelTable(ComplaintStatus, {
    S.RECEIVED: ("Received", "已登记"),
    S.ACCEPTED: ("Accepted", "已受理"),
    S.ASSESSED: ("Assessed", "已评估"),
    S.INVESTIGATED: ("Investigated", "已调查核实"),
    S.FORWARDED: ("Forwarded to institution", "已转交机构"),
    S.REPLIED: ("Institution replied", "机构已答复"),
    S.DECIDED: ("Decided", "已形成处理意见"),
    S.TOLD: ("Complainant told", "已告知投诉人"),
    S.SATISFIED: ("Complainant satisfied", "投诉人满意"),
    S.DISSATISFIED: ("Complainant dissatisfied", "投诉人不满意"),
    S.REFERRED_OUT: ("Referred to dispute resolution", "已转外部争议解决"),
    S.CLOSED: ("Closed", "已办结"),
    S.NOT_ACCEPTED: ("Not accepted", "不予受理"),
    S.WITHDRAWN: ("Withdrawn", "已撤回"),
})
COMPLAINT_CHANNEL_LABELS = LabelTable(ComplaintChannel, {
    ComplaintChannel.PHONE: ("Phone", "电话"),
    ComplaintChannel.EMAIL: ("E-mail", "电子邮件"),
    ComplaintChannel.LETTER: ("Letter", "信函"),
    ComplaintChannel.WINDOW: ("Service window", "窗口"),
    ComplaintChannel.WEBSITE: ("Platform website", "平台网站"),
    ComplaintChannel.CITY_PLATFORM: ("City platform", "市级平台"),
    ComplaintChannel.OTHER: ("Other", "其他"),
})
COMPLAINANT_KIND_LABELS = LabelTable(ComplainantKind, {
    ComplainantKind.CLIENT: ("Registered client", "服务对象"),
    ComplainantKind.PERSON: ("Person", "个人"),
    ComplainantKind.ANONYMOUS: ("Anonymous", "匿名"),
})
E = ComplaintEventKind
COMPLAINT_EVENT_LABELS = LabelTable(ComplaintEventKind, {
    E.RECEIVED: ("Registered", "登记"),
    E.ACCEPTED: ("Accepted", "受理"),
    E.NOT_ACCEPTED: ("Not accepted", "不予受理"),
    E.ASSESSED: ("Assessed", "评估"),
    E.INVESTIGATED: ("Investigated", "调查核实"),
    E.FORWARDED: ("Forwarded to institution", "转交机构处理"),
    E.REPLIED: ("Institution's reply", "机构答复"),
    E.DECIDED: ("Decision", "处理意见"),
    E.TOLD: ("Complainant told", "告知投诉人"),
    E.REACTION: ("Complainant's reaction", "投诉人意见"),
    E.REVIEWED: ("Reviewed once more", "复核"),
    E.REFERRED_OUT: ("Referred to dispute resolution", "转外部争议解决"),
    E.OUTCOME: ("Outcome of dispute resolution", "争议解决结果"),
    E.CLOSED: ("Closed", "办结"),
    E.WITHDRAWN: ("Withdrawn", "撤回"),
    E.EDITED: ("Edited", "修改"),
    E.NOTE: ("Note", "备注"),
    E.ATTACHMENT: ("Attachment", "附件"),
})
SEVERITY_LABELS = LabelTable(Severity, {
    Severity.MINOR: ("Minor", "一般"),
    Severity.SERIOUS: ("Serious", "较重"),
    Severity.GRAVE: ("Grave", "严重"),
})
URGENCY_LABELS = LabelTable(Urgency, {
    Urgency.NORMAL: ("Normal", "普通"),
    Urgency.URGENT: ("Urgent", "紧急"),
})
LIKELIHOOD_LABELS = LabelTable(Likelihood, {
    Likelihood.LIKELY: ("May be valid", "可能有效"),
    Likelihood.UNLIKELY: ("Probably not valid", "可能无效"),
    Likelihood.UNCLEAR: ("Unclear", "尚不明确"),
})
TOLD_CHANNEL_LABELS = LabelTable(ToldChannel, {
    ToldChannel.PHONE: ("Phone", "电话"),
    ToldChannel.SMS: ("Text message", "短信"),
    ToldChannel.EMAIL: ("E-mail", "电子邮件"),
    ToldChannel.LETTER: ("Letter", "书面函件"),
    ToldChannel.IN_PERSON: ("In person", "当面"),
})
EXTERNAL_ROUTE_LABELS = LabelTable(ExternalRoute, {
    ExternalRoute.MEDIATION: ("Mediation", "调解"),
    ExternalRoute.CITY_PLATFORM: ("The city platform", "上报市级平台"),
    ExternalRoute.ARBITRATION: ("Arbitration", "仲裁"),
    ExternalRoute.OTHER: ("Other", "其他途径"),
})
STAGE_LABELS = LabelTable(Stage, {
    Stage.ACCEPT: ("Decide whether to accept", "受理决定"),
    Stage.ASSESS: ("Assess", "评估"),
    Stage.INVESTIGATE: ("Investigate", "调查核实"),
    Stage.REPLY: ("Institution's reply", "机构答复"),
    Stage.DECIDE: ("Decide", "形成处理意见"),
    Stage.TELL: ("Tell the complainant", "告知投诉人"),
    Stage.REACT: ("Complainant's reaction", "投诉人反馈"),
    Stage.REVIEW: ("Review or refer out", "复核或转外部"),
    Stage.CLOSE: ("Close", "办结"),
})
COMPLAINT_STEP_LABELS = LabelTable(Step, {
    Step.ACCEPT: ("Accept", "受理"),
    Step.NOT_ACCEPT: ("Do not accept", "不予受理"),
    Step.ASSESS: ("Assess", "评估"),
    Step.INVESTIGATE: ("Investigate", "调查核实"),
    Step.FORWARD: ("Forward to institution", "转交机构处理"),
    Step.RECORD_REPLY: ("Institution's reply", "记录机构答复"),
    Step.DECIDE: ("Decide", "形成处理意见"),
    Step.TELL: ("Tell the complainant", "告知投诉人"),
    Step.RECORD_REACTION: ("Complainant's reaction", "记录投诉人意见"),
    Step.REVIEW: ("Review once more", "复核"),
    Step.REFER_OUT: ("Refer to dispute resolution", "转外部争议解决"),
    Step.RECORD_OUTCOME: ("Outcome of dispute resolution", "记录争议解决结果"),
    Step.CLOSE: ("Close", "办结"),
    Step.WITHDRAW: ("Withdrawn by the complainant", "投诉人撤回"),
    Step.EDIT: ("Correct", "修改"),
    Step.NOTE: ("Add a note", "添加备注"),
    Step.ATTACH: ("Attach a file", "添加附件"),
})
SUBJECT_KIND_LABELS = LabelTable(SubjectKind, {
    SubjectKind.REQUEST: ("A service request", "服务需求"),
    SubjectKind.STAFF: ("A staff member", "工作人员"),
    SubjectKind.INSTITUTION: ("An institution or expert", "服务机构或专家"),
    SubjectKind.STATION: ("The station", "本站"),
})
OUTCOME_LABELS = LabelTable(Outcome, {
    Outcome.VALID: ("Closed, valid", "有效投诉"),
    Outcome.INVALID: ("Closed, not valid", "无效投诉"),
    Outcome.NOT_ACCEPTED: ("Not accepted", "不予受理"),
    Outcome.WITHDRAWN: ("Withdrawn", "已撤回"),
    Outcome.OPEN: ("Still open", "办理中"),
})
