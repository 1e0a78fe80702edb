"""The on-site visits area: a new visit from the File menu, the blank form, verification and the export of signed
records in the Documents menu, ``verify`` on the command line, signed demo records."""

from __future__ import annotations

from desktop.models.core.area import Area, Command, DemoData, MenuAction
from desktop.models.core.labels import Label

ACTIONS = "desktop.views.visits.menu_actions"

AREA = Area(
    name="visits",
    menu=(
        MenuAction("new_visit", "file", Label("New on-site &visit…", "新建上门服务(&V)…"), f"{ACTIONS}:new_visit",
                   shortcut="Ctrl+Shift+N"),
        MenuAction("blank_form", "documents", Label("&Blank on-site service record form…", "空白现场服务记录表(&B)…"),
                   f"{ACTIONS}:print_blank_form"),
        MenuAction("verify", "documents", Label("&Verify a printed record…", "核验打印的记录(&V)…"),
                   f"{ACTIONS}:verify_record", shortcut="Ctrl+Shift+V", separate=True),
        MenuAction("export", "documents", Label("&Export signed records…", "导出已签字记录(&E)…"),
                   f"{ACTIONS}:export_records", shortcut="Ctrl+Shift+E"),
    ),
    commands=(Command("verify", "check a printed 现场服务记录 (PDF) against the station's archive: exit code 0 when "
                      "it matches, 1 when altered, 2 when unknown", "desktop.views.visits.commands"),),
    demo=(DemoData("--visits", "signed on-site visit records to add (with their archived PDFs), for requests in "
                   "service or finished", "desktop.demo.demo_visits:demo_data",
                   "Added {n} signed demo visit records in {seconds} s.", demo_station=40),),
)
