"""What a feature area adds to the product, declared in its ``area.py`` (``AREA = Area(...)``).

Everything is named, not imported: a page or a command is a ``"package.module:name"`` string that the main window
or the command line imports when it is first needed. So this module and the declarations stay free of Qt, the
command line starts without loading any window, and the app pays only for the pages that are opened.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from desktop.models.core.labels import Label
from desktop.models.core.tables import ROLES, Base, Role

EVERYONE = ROLES
ADMINS = (Role.ADMIN,)


def resolve(target: str) -> Any:
    """The object a ``"package.module:name"`` string names."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Page:
    """An entry of the main window's navigation."""

    key: str  # how the rest of the app asks for it (``MainWindow.show_page``)
    title: Label
    view: str  # a QWidget class built as ``view(ctx)`` when the page is first opened
    order: int  # its place in the navigation (the dashboard is 0, settings 1000)
    roles: tuple[str, ...] = EVERYONE  # who sees it
    # (the page's signal, the main window's slot it is connected to): the page asks, the window acts
    connects: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Counter:
    """One big number of a dashboard section."""

    key: str
    caption: Label
    alarm: str = ""  # "overdue" or "due_soon": stands out (colour, icon and words) when it is not zero


@dataclass(frozen=True)
class DashboardSection:
    """A group of numbers on the dashboard (工作台); each opens the list behind it."""

    title: Label
    counters: tuple[Counter, ...]
    count: str  # ``count(db, user_id, today) -> Mapping[str, int]`` by counter key, run off the GUI thread
    query: str  # ``query(key, user_id, today)``: what ``page``'s ``set_query`` takes to list a number's rows
    page: str  # the page key of that list
    watches: tuple[type[Base], ...]  # changes of these tables make the numbers stale
    columns: int = 0  # numbers per row (0: all in one row)


@dataclass(frozen=True)
class Command:
    """A subcommand of ``quality-station`` (the command line for IT staff and scheduled tasks)."""

    name: str
    help: str
    # a module with ``configure(parser, common)`` (adds its arguments; ``common`` is the parent parser with
    # --data-dir and --lang) and ``run(args) -> int`` (the exit code)
    module: str


@dataclass(frozen=True)
class DemoData:
    """An option of ``quality-station demo-data`` (and part of the ``--demo`` station)."""

    option: str  # "--clients"
    help: str
    # ``generate(db, data_dir, count, actor_id, progress) -> int`` (how many were made; ``progress(done, total)``);
    # it may raise ``Refused``. Generators run in the areas' order.
    generate: str
    done: str  # what the command prints after: a message with {n} and {seconds}
    demo_station: int  # how many the ready demo station (``--demo``) has
    # ``default(db, counts) -> int``: the count when the option is not given (``counts``: every option's value
    # by name, None when not given); None: 0
    default: str | None = None
    progress: str = ""  # the progress line while it runs: a message with {done} and {total} ("": none)


@dataclass(frozen=True)
class MenuAction:
    """An entry of the main window's menus."""

    key: str  # ``MainWindow.actions[key]``
    menu: str  # "file" or "documents"
    text: Label  # with its mnemonic: Label("&Verify…", "核验(&V)…")
    run: str  # ``run(window)``
    shortcut: str = ""
    roles: tuple[str, ...] = EVERYONE
    separate: bool = False  # a separator line before it


@dataclass(frozen=True)
class InstitutionFact:
    """A line an area adds to an institution's record on the institutions page (an area after institutions)."""

    caption: Label
    read: str  # ``read(db, institution_id) -> str``: the value, language-neutral (numbers)


@dataclass(frozen=True)
class Area:
    """A feature area: its tables are ``desktop.models.<name>.tables`` (found by the registry), its views
    ``desktop.views.<name>``; here is everything else it adds."""

    name: str
    pages: tuple[Page, ...] = ()
    dashboard: tuple[DashboardSection, ...] = ()
    commands: tuple[Command, ...] = ()
    demo: tuple[DemoData, ...] = ()
    menu: tuple[MenuAction, ...] = ()
    # ``install(window)``, called once the main window is built: status-bar widgets and the like
    install: str | None = None
    institution_facts: tuple[InstitutionFact, ...] = ()
    # ``apply(session, uuid, decision) -> bool``: the city's decision (a ``wire.Decision`` as a dict) on one of this
    # area's records referred to the city, applied in the sync's transaction (False: not this area's)
    city_decisions: str | None = None
    # ``queue(db) -> int``: records this area queues in the outbox at each sync, before the push (the statistics'
    # monthly figures for the city); how many it queued
    before_push: str | None = None
