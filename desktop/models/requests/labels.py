"""Display names of the service requests' stored codes (see ``core.labels``): the screen, the printed
documents and the spreadsheet export all take them from here, in the standard's wording."""

from __future__ import annotations

from desktop.models.core.labels import LabelTable
from desktop.models.requests.lifecycle import Step
from desktop.models.requests.request_list import DueState
from desktop.models.requests.tables import (
    CalendarKind,
    CalendarSource,
    Channel,
    CityStatus,
    EvaluatorType,
    EventKind,
    FeedbackChannel,
    RequestStatus,
    ReturnVisitMethod,
    Score,
    ToldVia,
)

S = RequestStatus
REQUEST_STATUS_LABELS = LabelTable(RequestStatus, {
    S.RECEIVED: ("Received", "已受理"),
    S.ANSWERED: ("Answered on the spot", "即时答复"),
    S.REGISTERED: ("Registered", "已登记"),
    S.AWAITING_INSTRUCTION: ("Awaiting instruction", "待批示"),
    S.REFERRED: ("Referred", "已转办"),
    S.ESCALATED: ("Escalated to the city", "已上报市级"),
    S.IN_SERVICE: ("In service", "服务中"),
    S.COMPLETED: ("Completed", "已办结"),
    S.FEEDBACK_GIVEN: ("Feedback given", "已反馈"),
    S.EVALUATED: ("Return visit evaluated", "已回访评价"),
    S.ARCHIVED: ("Archived", "已归档"),
    S.WITHDRAWN: ("Withdrawn", "已撤回"),
})
CHANNEL_LABELS = LabelTable(Channel, {
    Channel.WEBSITE: ("Platform website", "平台网站"),
    Channel.WINDOW: ("Service window", "线下窗口"),
    Channel.SURVEY: ("Written survey", "书面调查"),
    Channel.VISIT: ("Company visit", "企业走访"),
    Channel.PHONE: ("Phone enquiry", "电话询问"),
    Channel.ONSITE: ("On-site consultation", "现场咨询"),
})
DUE_LABELS = LabelTable(DueState, {
    DueState.OVERDUE: ("Overdue", "已逾期"),
    DueState.DUE_SOON: ("Due soon", "即将到期"),
})
STEP_LABELS = LabelTable(Step, {
    Step.ANSWER: ("Answer on the spot", "即时答复"),
    Step.REGISTER: ("Register and give one-time notice", "登记并一次性告知"),
    Step.AWAIT_INSTRUCTION: ("Ask for instructions", "请示"),
    Step.INSTRUCTION_RECEIVED: ("Instructions received", "收到批示"),
    Step.REFER: ("Refer to institution", "转办服务机构"),
    Step.ESCALATE: ("Escalate to the city", "上报市级平台"),
    Step.START_SERVICE: ("Institution's feedback", "服务机构反馈"),
    Step.FOLLOW_UP: ("Follow-up", "跟进记录"),
    Step.COMPLETE: ("Complete", "办结"),
    Step.GIVE_FEEDBACK: ("Feedback to client", "服务反馈"),
    Step.EVALUATE: ("Return visit and evaluation", "回访评价"),
    Step.ARCHIVE: ("Archive", "归档"),
    Step.WITHDRAW: ("Withdraw", "撤回"),
    Step.EDIT: ("Correct", "更正"),
    Step.ATTACH: ("Attach files", "添加附件"),
    Step.NOTE: ("Add note", "添加备注"),
})
E = EventKind
EVENT_LABELS = LabelTable(EventKind, {
    E.RECEIVED: ("Received", "已受理"),
    E.ANSWERED: ("Answered on the spot", "即时答复"),
    E.REGISTERED: ("Registered, one-time notice given", "已登记并一次性告知"),
    E.AWAITING_INSTRUCTION: ("Instructions requested", "已请示"),
    E.INSTRUCTION_RECEIVED: ("Instructions received", "收到批示"),
    E.REFERRED: ("Referred", "已转办"),
    E.ESCALATED: ("Escalated to the city", "已上报市级"),
    E.CITY_DECISION: ("City platform's decision", "市级平台决定"),
    E.SERVICE_STARTED: ("Institution's feedback, service started", "服务机构已反馈，开始服务"),
    E.FOLLOW_UP: ("Follow-up", "跟进记录"),
    E.COMPLETED: ("Completed", "已办结"),
    E.FEEDBACK_GIVEN: ("Feedback given to client", "已向服务对象反馈"),
    E.EVALUATED: ("Return visit and evaluation", "回访评价"),
    E.ARCHIVED: ("Archived", "已归档"),
    E.WITHDRAWN: ("Withdrawn", "已撤回"),
    E.NOTE: ("Note", "备注"),
    E.ATTACHMENT: ("File attached", "已添加附件"),
    E.EDITED: ("Corrected", "已更正"),
})
FEEDBACK_CHANNEL_LABELS = LabelTable(FeedbackChannel, {
    FeedbackChannel.WEBSITE: ("Website", "网站"),
    FeedbackChannel.PHONE: ("Phone", "电话"),
    FeedbackChannel.SMS: ("SMS", "短信"),
})
TOLD_VIA_LABELS = LabelTable(ToldVia, {
    ToldVia.PHONE: ("Phone", "电话告知"),
    ToldVia.SMS: ("SMS", "短信告知"),
    ToldVia.WEBSITE: ("Platform website", "平台网站告知"),
    ToldVia.WINDOW: ("At the window", "窗口告知"),
    ToldVia.IN_PERSON: ("In person", "当面告知"),
})
RETURN_VISIT_LABELS = LabelTable(ReturnVisitMethod, {
    ReturnVisitMethod.FIELD: ("Field return visit", "实地回访"),
    ReturnVisitMethod.PHONE: ("Phone return visit", "电话回访"),
})
EVALUATOR_LABELS = LabelTable(EvaluatorType, {
    EvaluatorType.SELF: ("Self-evaluation", "自我评价"),
    EvaluatorType.CLIENT: ("Client evaluation", "服务对象评价"),
    EvaluatorType.THIRD_PARTY: ("Third-party evaluation", "第三方评价"),
})
SCORE_LABELS = LabelTable(Score, {
    Score.DEMAND_MATCHING: ("Demand matching", "需求匹配度"),
    Score.SERVICE_LEVEL: ("Service level", "服务水平"),
    Score.ATTITUDE: ("Service attitude", "服务态度"),
    Score.COMPLAINT_HANDLING: ("Complaint handling", "投诉处理"),
})
CITY_STATUS_LABELS = LabelTable(CityStatus, {
    CityStatus.PENDING: ("Awaiting the city", "待市级平台处理"),
    CityStatus.ACCEPTED: ("Accepted by the city", "市级平台已受理"),
    CityStatus.ASSIGNED: ("Assigned by the city", "市级平台已指派"),
    CityStatus.ANSWERED: ("Answered by the city", "市级平台已答复"),
    CityStatus.RETURNED: ("Returned to the station", "已退回本站"),
})
CALENDAR_KIND_LABELS = LabelTable(CalendarKind, {
    CalendarKind.HOLIDAY: ("Holiday", "法定节假日"),
    CalendarKind.WORKDAY: ("Make-up workday", "调休上班日"),
})
CALENDAR_SOURCE_LABELS = LabelTable(CalendarSource, {
    CalendarSource.OFFICIAL: ("State Council schedule (shipped)", "国务院公布安排（预置）"),
    CalendarSource.STATION: ("Entered at this station", "本站录入"),
    CalendarSource.CITY: ("Published by the city platform", "市级平台下发"),
})
