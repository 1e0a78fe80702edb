"""Where to act (§8.2.2 "及时发现并处理服务过程中的问题"): from a period's figures, the stage with the lowest
on-time rate, the institution slowest to give feedback, the lowest-rated dimension of satisfaction, the bad
reviews; each a short finding in Chinese (the station's working language: it becomes a plan's source note) and the
problem a plan started from it would name. Thresholds below which a figure is called out are constants here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.models.improvement.tables import SourceKind
from desktop.models.requests.labels import SCORE_LABELS
from desktop.models.statistics.institution_figures import InstitutionRow
from desktop.models.statistics.labels import STAGE_LABELS
from desktop.models.statistics.satisfaction_figures import SatisfactionFigures
from desktop.models.statistics.time_limit_figures import StageFigures

STAGE_RATE = 0.9  # a stage on time less often than this is called out
INSTITUTION_RATE = 0.8
INSTITUTION_MIN_REFERRED = 5  # an institution with fewer referrals is not judged
SCORE = 4.5  # a dimension averaging less is called out


@dataclass(frozen=True)
class Suggestion:
    finding: str  # what the figures show
    problem: str  # the problem a plan started from it names
    kind: SourceKind  # the plan's source kind


def suggestions(stages: list[StageFigures], institutions: list[InstitutionRow], satisfaction: SatisfactionFigures,
                start: date, end: date) -> list[Suggestion]:
    period = f"{start.isoformat()} 至 {end.isoformat()}"
    found: list[Suggestion] = []
    rated = [s for s in stages if s.rate is not None and s.rate < STAGE_RATE]
    if rated:
        worst = min(rated, key=lambda s: s.rate or 0.0)
        name = STAGE_LABELS.zh(worst.key)
        found.append(Suggestion(
            f"{name}环节按时率 {worst.rate:.0%}（{period}），超时 {worst.late.count} 件，"
            f"当前逾期 {worst.overdue.count} 件",
            f"{name}环节按时率偏低", SourceKind.OVERDUE))
    judged = [i for i in institutions
              if i.referred.count >= INSTITUTION_MIN_REFERRED and i.rate is not None and i.rate < INSTITUTION_RATE]
    if judged:
        slow = min(judged, key=lambda i: i.rate or 0.0)
        found.append(Suggestion(
            f"{slow.name}按时反馈率 {slow.rate:.0%}（转交 {slow.referred.count} 件，{period}）",
            f"服务机构“{slow.name}”反馈超时较多", SourceKind.OVERDUE))
    dimensions = [d for d in satisfaction.dimensions if d.average is not None and d.average < SCORE]
    if dimensions:
        low = min(dimensions, key=lambda d: d.average or 0.0)
        found.append(Suggestion(
            f"“{SCORE_LABELS.zh(low.key)}”平均分 {low.average:.2f}，为各维度最低（{period}）",
            f"满意度“{SCORE_LABELS.zh(low.key)}”得分偏低", SourceKind.STATISTICS))
    if satisfaction.dissatisfied.count:
        found.append(Suggestion(
            f"有 1–2 分评价的需求 {satisfaction.dissatisfied.count} 件（{period}）",
            "差评集中的问题需要系统改进", SourceKind.STATISTICS))
    return found
