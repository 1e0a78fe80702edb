"""The statistics area (§4.4, §7.6.4): the figures of a period, each opening the list it counts."""

from __future__ import annotations

from desktop.models.core.area import Area, Command, Page
from desktop.models.core.labels import Label

AREA = Area(
    name="statistics",
    pages=(Page("statistics", Label("Statistics", "统计分析"),
                "desktop.views.statistics.statistics_page:StatisticsPage", order=48,
                connects=(("open_list", "open_list"),)),),
    before_push="desktop.models.statistics.city_figures:queue_figures",
    commands=(Command("report", "write a period's statistics, evaluation or complaints report (.pdf or .xlsx)",
                      "desktop.views.statistics.commands"),),
)
