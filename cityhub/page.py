"""The hub's read-only overview page (市级平台 · 同步概况), served at ``/`` without authentication.

It shows counts, station names, request numbers and times only: no client and no request content, since anyone
who reaches the hub can read it. Every value comes from stations' data, so every value is HTML-escaped, and
invisible characters (formatting such as the bidirectional overrides U+202E and U+2066–U+2069, and control
characters) are shown as marked escapes (``\u202e``), so a number cannot be made to display as another. The page
runs no script and takes its style from ``STYLESHEET``, served beside it (the hub's Content-Security-Policy allows
nothing inline).
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from cityhub import __version__, monthly
from cityhub.db import wire_time
from cityhub.monthly import MonthRow
from cityhub.report import Alert, OpenEscalation, StationSummary, invisible_escape

STATUS_LABELS = {"open": "待受理", "accepted": "已受理", "assigned": "已分派"}

STYLESHEET_PATH = "/overview.css"
STYLESHEET = """
body { font-family: system-ui, "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .3em .7em; text-align: left; }
th { background: #f2f4f7; } td.n { text-align: right; } .muted { color: #777; font-size: .9em; }
.cf { font-family: monospace; font-size: .85em; color: #a00; background: #fde8e8; border-radius: 2px; }
"""


def _shown(char: str) -> str:
    escaped = invisible_escape(char)
    return escape(char) if escaped is None else f'<span class="cf">{escaped}</span>'


def visible(text: str) -> str:
    """``text`` as HTML: escaped, with every invisible character shown as a marked escape."""
    return "".join(_shown(c) for c in text)


def _time(value: datetime | None) -> str:
    return wire_time(value) if value is not None else "—"


def _row(cells: list[str], numeric: frozenset[int] = frozenset()) -> str:
    return "<tr>" + "".join(
        f'<td class="n">{visible(c)}</td>' if i in numeric else f"<td>{visible(c)}</td>"
        for i, c in enumerate(cells)) + "</tr>"


def _table(header: list[str], rows: list[str], empty: str) -> str:
    if not rows:
        return f'<p class="muted">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _figures(figures: tuple[str, list[MonthRow]] | None) -> str:
    if figures is None:
        return ""
    month, rows = figures
    if not rows:
        return ""
    numeric = frozenset(range(2, len(monthly.header())))
    return (f"<h2>{escape(month)} 各站数据</h2>\n"
            + _table(monthly.header(), [_row(monthly.cells(r), numeric) for r in rows], "尚无数据"))


def _alerts(alerts: list[Alert]) -> str:
    if not alerts:
        return ""
    rows = [_row([a.station_code, a.device_uuid, a.chain, _time(a.found_at), str(a.held_id), str(a.said_id or "—")],
                 frozenset({4, 5})) for a in alerts]
    return ("<h2>历史记录异常</h2>\n<p class=\"muted\">这些服务站的审计日志或办理过程已不再通向其此前报告的记录"
            "（被改写、删除，或从早于上次同步的备份恢复）。核实后用 cityhub history clear 清除。</p>\n"
            + _table(["站点", "设备", "记录链", "发现时间", "市平台已确认的条目", "服务站出示的条目"], rows, ""))


def overview_html(stations: list[StationSummary], escalations: list[OpenEscalation], now: datetime,
                  api_url: str = "/openapi.json", figures: tuple[str, list[MonthRow]] | None = None,
                  alerts: list[Alert] | None = None) -> str:
    """The page; ``api_url`` is where its "API" link goes (the browsable docs when the hub serves them);
    ``figures``: the latest month's city-wide table (§4.3), when any station has sent figures."""
    station_rows = [_row([s.code, s.name, str(s.devices), _time(s.last_sync), str(s.escalations),
                          str(s.open_escalations), str(s.archive_records), str(s.complaints), str(s.history_alerts)],
                         frozenset({2, 4, 5, 6, 7, 8}))
                    for s in stations]
    escalation_rows = [_row([e.number, e.station_code, STATUS_LABELS.get(e.status, e.status), _time(e.since)])
                       for e in escalations]
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>市级平台 · 同步概况</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{STYLESHEET_PATH}"></head>
<body>
<h1>市级平台 · 同步概况</h1>
<p class="muted">{escape(_time(now))} (UTC) · cityhub {escape(__version__)} ·
<a href="{escape(api_url)}">API</a></p>
<h2>服务站</h2>
{_table(["站点代码", "名称", "设备", "最近同步", "上报事项", "未办结", "归档记录", "投诉归档", "历史异常"],
         station_rows, "尚无服务站")}
{_alerts(alerts or [])}
{_figures(figures)}
<h2>待办上报事项</h2>
{_table(["编号", "站点", "状态", "起始时间"], escalation_rows, "没有待办的上报事项")}
</body></html>
"""
