"""The real-text gold (tests/gold/real) and its frozen split.

The test split was fixed before any model was trained on this data, and its gold files were
frozen once adjudicated: `test.sha256` holds their names and hashes. Changing, adding or dropping
a test file, or moving a document across splits, fails here. A real need to change the test split
(a gold error found later) is made in its own commit that says why, with a new manifest.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from chinatracker.evaluation.gold import CorpusRoots, load_gold, raw_text, validate_raw
from chinatracker.yaml_io import safe_load

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "tests" / "gold"
REAL = GOLD / "real"


def splits() -> dict[tuple[str, str], str]:
    rows = (REAL / "SPLITS.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {(c, n): s for c, n, s, _ in (row.split("\t") for row in rows)}


def gold_tool(name: str) -> ModuleType:
    """tests/gold holds scripts, not a package; load one by path."""
    sys.path.insert(0, str(GOLD))
    try:
        spec = importlib.util.spec_from_file_location(name, GOLD / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(GOLD))


def test_the_sample_is_split_60_20_20_by_story() -> None:
    table = splits()
    assert len(table) == 501 + 106 + 177 + 147  # first round, top-up, two train-extension waves
    counts = {s: sum(1 for v in table.values() if v == s) for s in ("train", "dev", "test")}
    assert counts == {"train": 365 + 177 + 147, "dev": 121, "test": 121}
    rows = (REAL / "SPLITS.tsv").read_text(encoding="utf-8").splitlines()[1:]
    by_group: dict[tuple[str, str], set[str]] = {}
    for corpus, _, split, group in (row.split("\t") for row in rows):
        by_group.setdefault((corpus, group), set()).add(split)
    assert all(len(sides) == 1 for sides in by_group.values())


def test_every_gold_file_sits_in_its_assigned_split() -> None:
    table = splits()
    files = sorted(REAL.glob("*/*/*.yaml"))
    assert files, "no real-text gold files"
    for path in files:
        split, corpus, name = path.parts[-3], path.parts[-2], path.stem
        assert table.get((corpus, name)) == split, f"{path.relative_to(GOLD)} is not in {split}"


def test_the_test_split_is_frozen() -> None:
    manifest = {}
    for line in (REAL / "test.sha256").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        manifest[name] = digest
    present = {
        str(p.relative_to(REAL / "test")): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((REAL / "test").rglob("*.yaml"))
    }
    assert present == manifest
    expected = {f"{c}/{n}.yaml" for (c, n), s in splits().items() if s == "test"}
    assert set(manifest) <= expected


def test_the_split_is_rederived_from_the_documents(shared_corpus: Path) -> None:
    make_splits = gold_tool("make_splits")
    derived = {(c, n): s for c, n, s, _ in make_splits.assign(shared_corpus)}
    assert derived == splits()


def test_every_real_gold_file_is_valid_against_its_document(shared_corpus: Path) -> None:
    roots = CorpusRoots(shared=shared_corpus, demo=REPO / "demo" / "corpus")
    files = (
        sorted(REAL.glob("*/*/*.yaml"))
        + sorted((GOLD / "agreement").rglob("*.yaml"))
        + sorted((GOLD / "agreement-dev-adjudication").rglob("*.yaml"))
    )
    documents = load_gold(files, roots)
    for path, gold in zip(files, documents, strict=True):
        raw = safe_load(path.read_text(encoding="utf-8"))
        validate_raw(raw, raw_text(gold.document))
        assert set(raw["complete"]) >= {"aid", "events", "countries"}, path


def test_eval_scores_each_split_side_by_side(tmp_path: Path, shared_corpus: Path) -> None:
    seeds = sorted((GOLD / "seeds").glob("*.yaml"))
    for split, files in (("test", seeds[:1]), ("train", seeds[1:])):
        (tmp_path / split).mkdir()
        for file in files:
            (tmp_path / split / file.name).write_bytes(file.read_bytes())
    env = {"CHINATRACKER_SHARED": str(shared_corpus.parent), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "chinatracker", "eval", str(tmp_path), "--splits"]
    result = subprocess.run([*command, "--json"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report) == ["train", "test"]
    assert (report["train"]["documents"], report["test"]["documents"]) == (2, 1)
    assert "event.category" in report["train"]["scores"]
    table = subprocess.run(command, capture_output=True, text=True, env=env)
    assert "train (2 docs)" in table.stdout and "test (1 docs)" in table.stdout


# --- the Chinese gold (tests/gold/zh), split and frozen on its own so the English test split,
# frozen earlier, is untouched.
ZH = GOLD / "zh"


def zh_splits() -> dict[tuple[str, str], str]:
    rows = (ZH / "SPLITS.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {(c, n): s for c, n, s, _ in (row.split("\t") for row in rows)}


def test_the_chinese_gold_covers_every_story_split_60_20_20() -> None:
    table = zh_splits()
    assert len(table) == 99
    counts = {s: sum(1 for v in table.values() if v == s) for s in ("train", "dev", "test")}
    assert counts == {"train": 59, "dev": 20, "test": 20}
    for path in sorted(ZH.glob("*/*/*.yaml")):
        split, corpus, name = path.parts[-3], path.parts[-2], path.stem
        assert table.get((corpus, name)) == split, f"{path.relative_to(GOLD)} is not in {split}"
    assert len(list(ZH.glob("*/*/*.yaml"))) == 99


def test_the_chinese_test_split_is_frozen() -> None:
    manifest = {}
    for line in (ZH / "test.sha256").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        manifest[name] = digest
    present = {
        str(p.relative_to(ZH / "test")): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((ZH / "test").rglob("*.yaml"))
    }
    assert present == manifest and len(manifest) == 20


def test_the_chinese_split_is_rederived_from_the_documents(shared_corpus: Path) -> None:
    make_zh_splits = gold_tool("make_zh_splits")
    derived = {(c, n): s for c, n, s, _ in make_zh_splits.assign(shared_corpus)}
    assert derived == zh_splits()


def test_every_chinese_gold_file_is_valid_against_its_document(shared_corpus: Path) -> None:
    roots = CorpusRoots(shared=shared_corpus, demo=REPO / "demo" / "corpus")
    files = sorted(ZH.glob("*/*/*.yaml")) + sorted((GOLD / "agreement-zh").rglob("*.yaml"))
    for path, gold in zip(files, load_gold(files, roots), strict=True):
        raw = safe_load(path.read_text(encoding="utf-8"))
        validate_raw(raw, gold.document.text)
        # Chinese, with its script detected (the front matter says only `zh`).
        assert gold.document.language in ("zh-Hans", "zh-Hant"), path
        assert set(raw["complete"]) >= {"aid", "events", "countries"}, path


def test_adjudication_logs_never_touch_test_gold() -> None:
    """The second adjudication (docs/annotation.md, decisions 48-53) changed train gold, and
    later dev gold (`dev-*.tsv`), never the frozen test split; and it says what it changed:
    every logged line names a document of the split its log is for and a guide decision, so a
    later reader can tell an adjudicated label from an annotator's."""
    assignment = splits()
    logs = sorted((GOLD / "adjudication").glob("*.tsv"))
    assert logs
    decisions = {str(n) for n in range(1, 54)} | {"format"}  # a date written out in full
    for log in logs:
        header, *lines = log.read_text(encoding="utf-8").splitlines()
        assert header.split("\t")[0] == "document" and len(header.split("\t")) == 5
        for line in lines:
            document, _, action, decision, note = line.split("\t")
            split = "dev" if log.name.startswith("dev-") else "train"
            if document.startswith("line-"):
                assert assignment[("china_media", document)] == split, (log.name, line)
            else:
                assert f"/{split}/" in document, (log.name, line)
                assert (GOLD / document).exists(), (log.name, line)
            assert action and note, (log.name, line)
            cited = set(re.split(r"[,;]", re.sub(r"\s|\(.*?\)", "", decision)))
            assert cited <= decisions, (log.name, line)
