"""Chinese is the default UI: every source string must have a finished zh_CN translation, and the
shipped .qm must be built from the shipped .ts. Runs lupdate on a copy, so the tree is never changed."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def i18n():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_source_string_has_a_chinese_translation(i18n, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ts = tmp_path / "zh_CN.ts"
    shutil.copy(i18n.ts_path("zh_CN"), ts)
    saved = i18n.saved_messages(ts)
    i18n.run_lupdate(ts)
    i18n.merge_messages(ts, i18n.service_messages(), saved)
    missing = i18n.unfinished(ts)
    assert missing == [], "untranslated (run: python scripts/i18n.py, then translate): " + repr(missing)


def test_service_messages_are_found(i18n) -> None:  # type: ignore[no-untyped-def]
    found = i18n.service_messages()
    # a validator's message, a service refusal, a Msg template and a CLI line
    assert "The check character (the 18th) is wrong: the code was mistyped." in found
    assert "Only a station admin may do this." in found
    assert "Too long: at most {n} characters." in found
    assert "Added {added}, already registered {skipped}, rejected {rejected}." in found
    assert not any("SELECT" in m for m in found)


def test_shipped_qm_matches_the_ts(i18n, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ts = tmp_path / "zh_CN.ts"
    shutil.copy(i18n.ts_path("zh_CN"), ts)
    i18n.release(ts)
    assert ts.with_suffix(".qm").read_bytes() == i18n.ts_path("zh_CN").with_suffix(".qm").read_bytes(), \
        "the .qm is stale: run python scripts/i18n.py"


def test_the_cli_translator_speaks_chinese_and_english() -> None:
    from desktop.messages import Translator
    from desktop.models.core.validators import check_length

    zh, en = Translator("zh_CN"), Translator("en")
    message = check_length("x" * 51, 50)
    assert message is not None
    assert zh(message) == "内容过长：最多 50 个字符。"
    assert en(message) == "Too long: at most 50 characters."
    assert zh.field("contacts.1.phone") == "联系人 2：联系电话"
    assert en.field("uscc") == "Unified social credit code"
