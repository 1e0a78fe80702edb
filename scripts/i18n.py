"""Keep the translations in step with the code.

    python scripts/i18n.py            update desktop/resources/translations/*.ts, then build the .qm files
    python scripts/i18n.py --check    exit 1 if a source string has no finished translation

Qt's lupdate finds ``self.tr()`` / ``translate()`` / ``QT_TRANSLATE_NOOP`` in the GUI code. The services
(desktop/models), the printing code (desktop/printing), sync, the demo generators, desktop/paths.py and the CLI
speak English messages without Qt; this script finds those with ``ast``
(messages raised, returned or put in error dicts; ``Msg`` templates; the CLI's ``tr("…")``) and keeps
them in the context ``messages`` of the same .ts file.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "desktop"
TS_DIR = PKG / "resources" / "translations"
LANGUAGES = ("zh_CN",)
# the standard's own text, table definitions, and label tables (they carry their Chinese themselves)
SKIP_MODEL_FILES = {"standard.py", "tables.py", "types.py", "labels.py"}
MESSAGE_RE = re.compile(r"^[A-Z][^\n]*[ ][^\n]*[.:?)…]$|^[A-Z][a-z]+ [a-z]")
SQLISH = re.compile(r"\b(SELECT|INSERT|CREATE|PRAGMA|UPDATE|DELETE|BEGIN|COMMIT|DROP)\b")


def _skipped(tree: ast.AST) -> set[int]:
    """Docstrings, and the English of ``Label("English", "中文")`` (it carries its Chinese itself)."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Label":
            ids.update(id(arg) for arg in node.args)
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def service_messages() -> set[str]:
    """English messages the services and the CLI show to people."""
    found: set[str] = set()
    files = [p for p in (*(PKG / "models").rglob("*.py"), *(PKG / "printing").rglob("*.py"),
                         *(PKG / "sync").rglob("*.py"), *(PKG / "demo").rglob("*.py"), PKG / "paths.py")
             if "migrations" not in p.parts and p.name not in SKIP_MODEL_FILES]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _skipped(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Msg" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                    and MESSAGE_RE.match(node.value) and not SQLISH.search(node.value)):
                found.add(node.value)
    for path in cli_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "tr" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value)
    return found


def qt_tool(name: str) -> str:
    exe = Path(sys.executable).with_name(f"pyside6-{name}")
    return str(exe) if exe.exists() else f"pyside6-{name}"


def gui_sources() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py")
                  if not {"models", "printing", "demo"} & set(p.parts) and p not in cli_sources())


def cli_sources() -> list[Path]:
    """The command line: ``tr("…")`` there is the plain translator of context ``messages``, not Qt's."""
    return sorted([PKG / "cli.py", *PKG.glob("views/*/commands.py"), *PKG.glob("views/*/*_command.py")])


def run_lupdate(ts: Path) -> None:
    files = [str(p) for p in gui_sources()]
    subprocess.run([qt_tool("lupdate"), "-no-obsolete", "-locations", "none", *files, "-ts", str(ts)],
                   check=True, capture_output=True)


def saved_messages(ts: Path) -> dict[str, ET.Element]:
    """The translations of context ``messages`` before lupdate (which drops what it cannot see)."""
    if not ts.exists():
        return {}
    root = ET.parse(ts).getroot()
    ctx = next((c for c in root.findall("context") if c.findtext("name") == "messages"), None)
    return {m.findtext("source") or "": m for m in ctx.findall("message")} if ctx is not None else {}


def merge_messages(ts: Path, messages: set[str], saved: dict[str, ET.Element]) -> None:
    """Add the service messages to context ``messages``, with their earlier translations."""
    tree = ET.parse(ts)
    root = tree.getroot()
    ctx = next((c for c in root.findall("context") if c.findtext("name") == "messages"), None)
    if ctx is None:
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = "messages"
    present = {m.findtext("source") for m in ctx.findall("message")}
    for source in sorted(messages - present):
        if source in saved:
            ctx.append(saved[source])
        else:
            msg = ET.SubElement(ctx, "message")
            ET.SubElement(msg, "source").text = source
            ET.SubElement(msg, "translation", {"type": "unfinished"})
    ET.indent(tree)
    tree.write(ts, encoding="utf-8", xml_declaration=True)


def unfinished(ts: Path) -> list[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    missing = []
    for ctx in root.findall("context"):
        for msg in ctx.findall("message"):
            tr = msg.find("translation")
            if tr is None:
                continue
            text = (tr.text or "") if msg.get("numerus") != "yes" else "".join(n.text or "" for n in tr)
            if tr.get("type") in ("unfinished", "vanished", "obsolete") or not text.strip():
                missing.append((ctx.findtext("name") or "", msg.findtext("source") or ""))
    return missing


def release(ts: Path) -> None:
    subprocess.run([qt_tool("lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


def ts_path(language: str) -> Path:
    return TS_DIR / f"quality_station_{language}.ts"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    for language in LANGUAGES:
        ts = ts_path(language)
        saved = saved_messages(ts)
        run_lupdate(ts)
        merge_messages(ts, service_messages(), saved)
        missing = unfinished(ts)
        for ctx, source in missing:
            print(f"{language}: untranslated [{ctx}] {source!r}")
        if args.check and missing:
            return 1
        release(ts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
