"""Names of the statistics' figures, stages, outcomes and columns (see ``core.labels``): the statistics page and
the printed report take them from here (the report in Chinese whatever the screen's language)."""

from __future__ import annotations

from enum import StrEnum

from desktop.models.core.labels import Label, LabelTable
from desktop.models.requests.stages import StageName


class Figure(StrEnum):
    BY_MONTH = "by_month"
    BY_CATEGORY = "by_category"
    BY_CHANNEL = "by_channel"
    BY_DISTRICT = "by_district"
    BY_SIZE = "by_size"
    BY_INDUSTRY = "by_industry"
    BY_OUTCOME = "by_outcome"
    BY_STATUS = "by_status"
    SATISFACTION = "satisfaction"
    TIME_LIMITS = "time_limits"
    INSTITUTIONS = "institutions"
    COMPLAINTS_BY_ENDING = "complaints_by_ending"
    COMPLAINTS_BY_SUBJECT = "complaints_by_subject"
    COMPLAINTS_BY_CHANNEL = "complaints_by_channel"
    COMPLAINTS_BY_CATEGORY = "complaints_by_category"
    IMPROVEMENT = "improvement"


FIGURE_LABELS = LabelTable(Figure, {
    Figure.BY_MONTH: ("Requests received by month", "按月受理需求"),
    Figure.BY_CATEGORY: ("Received by service category", "按服务类别"),
    Figure.BY_CHANNEL: ("Received by channel", "按受理渠道"),
    Figure.BY_DISTRICT: ("Received by district", "按所在区县"),
    Figure.BY_SIZE: ("Received by client size (micro, small and medium first)", "按企业规模（中小微企业在前）"),
    Figure.BY_INDUSTRY: ("Received by the client's industry", "按所属行业"),
    Figure.BY_OUTCOME: ("What happened to them", "办理结果"),
    Figure.BY_STATUS: ("Where they stand now", "当前状态"),
    Figure.SATISFACTION: ("Satisfaction (§8.1.1): average score by dimension", "满意度（§8.1.1）：各维度平均分"),
    Figure.TIME_LIMITS: ("Time limits: on-time rate by stage", "办理时限：各环节按时率"),
    Figure.INSTITUTIONS: ("Institutions and experts: on-time feedback", "服务机构与专家：按时反馈"),
    Figure.COMPLAINTS_BY_ENDING: ("Complaints by how they ended", "投诉办理结果"),
    Figure.COMPLAINTS_BY_SUBJECT: ("Complaints by subject", "投诉对象"),
    Figure.COMPLAINTS_BY_CHANNEL: ("Complaints by channel", "投诉渠道"),
    Figure.COMPLAINTS_BY_CATEGORY: ("Complaints by service category", "投诉涉及服务类别"),
    Figure.IMPROVEMENT: ("Improvement: rectifications and plans (§8.2)", "持续改进：差评整改与改进计划（§8.2）"),
})


class ImprovementLine(StrEnum):
    OPENED = "opened"
    CLOSED = "closed"
    ON_TIME = "on_time"
    STILL_OPEN = "still_open"
    OVERDUE = "overdue"
    TOLD_AGAIN = "told_again"
    RATE = "rate"
    PLANS = "plans"
    ACTIONS = "actions"


IMPROVEMENT_LINE_LABELS = LabelTable(ImprovementLine, {
    ImprovementLine.OPENED: ("Rectifications opened (bad reviews / valid complaints)", "发起整改（差评 / 有效投诉）"),
    ImprovementLine.CLOSED: ("Verified and closed", "已核验办结"),
    ImprovementLine.ON_TIME: ("Closed by their due day", "按期办结"),
    ImprovementLine.STILL_OPEN: ("Not yet closed", "尚未办结"),
    ImprovementLine.OVERDUE: ("Overdue now", "当前逾期"),
    ImprovementLine.TOLD_AGAIN: ("Clients told and asked again", "已再次回访客户"),
    ImprovementLine.RATE: ("Rectification rate", "整改率"),
    ImprovementLine.PLANS: ("Improvement plans made (closed)", "制定改进计划（已关闭）"),
    ImprovementLine.ACTIONS: ("Their actions done (open)", "改进措施已完成（未完成）"),
})


class RequestOutcome(StrEnum):  # what happened to a period's requests (intake_figures.OUTCOMES)
    ANSWERED = "answered"
    REFERRED = "referred"
    ESCALATED = "escalated"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


REQUEST_OUTCOME_LABELS = LabelTable(RequestOutcome, {
    RequestOutcome.ANSWERED: ("Answered on the spot", "现场答复办结"),
    RequestOutcome.REFERRED: ("Referred to an institution", "转交服务机构"),
    RequestOutcome.ESCALATED: ("Escalated to the city", "上报市级平台"),
    RequestOutcome.COMPLETED: ("Completed", "已办结"),
    RequestOutcome.WITHDRAWN: ("Withdrawn", "已撤回"),
})

STAGE_LABELS = LabelTable(StageName, {
    StageName.RESPONSE: ("Response", "首次响应"),
    StageName.HANDOVER: ("Hand-over", "移交"),
    StageName.FEEDBACK: ("Expert feedback", "专家反馈"),
    StageName.COMPLETION: ("Completion", "办结"),
})


class Column(StrEnum):
    ITEM = "item"
    REQUESTS = "requests"
    COMPLAINTS = "complaints"
    NUMBER = "number"
    AVERAGE = "average"
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    RATE = "rate"
    MEDIAN = "median"
    REFERRED = "referred"
    VALID_COMPLAINTS = "valid_complaints"
    EVALUATION = "evaluation"


COLUMN_LABELS = LabelTable(Column, {
    Column.ITEM: ("Item", "项目"),
    Column.REQUESTS: ("Requests", "需求数"),
    Column.COMPLAINTS: ("Complaints", "投诉数"),
    Column.NUMBER: ("Number", "数量"),
    Column.AVERAGE: ("Average (1–5)", "平均分（1–5）"),
    Column.SATISFIED: ("Satisfied (4–5)", "满意（4–5）"),
    Column.DISSATISFIED: ("Dissatisfied (1–2)", "不满意（1–2）"),
    Column.ON_TIME: ("On time", "按时"),
    Column.LATE: ("Late", "超时"),
    Column.OVERDUE: ("Overdue now", "当前逾期"),
    Column.RATE: ("On-time rate", "按时率"),
    Column.MEDIAN: ("Median working days", "用时中位数（工作日）"),
    Column.REFERRED: ("Referred", "转交数"),
    Column.VALID_COMPLAINTS: ("Valid complaints", "有效投诉"),
    Column.EVALUATION: ("Evaluation (1–5)", "评价（1–5）"),
})

# rows and notes of the tables (``printing.statistics_tables``)
EVALUATED_ROW = Label("Requests evaluated (return-visit rate %s)", "已回访评价的需求（回访率 %s）")
DISSATISFIED_ROW = Label("Requests with a score of 1–2", "有 1–2 分评价的需求")
EVALUATIONS_NOTE = Label("%s evaluations", "评价 %s 条")
COMPLAINTS_NOTE = Label("%s complaints received; median time from receipt to closing: %s working days.",
                        "共受理投诉 %s 件；已办结投诉自登记至办结用时中位数 %s 个工作日。")
NO_DISTRICT = Label("(none)", "（未填写）")  # a district or an industry not given
NO_SIZE = Label("Individuals, or not given", "个人或未填写")

# the written reports (§4.4, §8.1.1, §7.5.5, §8.2), by the key ``quality-station report`` takes
REPORT_TITLES = {"statistics": "统计分析报告", "evaluation": "服务评价报告", "complaints": "投诉统计分析报告",
                 "improvement": "持续改进报告"}
