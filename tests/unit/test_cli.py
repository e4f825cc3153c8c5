"""`python -m scoring FILE.json` scores an exported file like the app does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from content.models import Content
from exchange import export_json
from scoring import assess
from scoring.__main__ import main
from tests.conftest import ready_plan

ROOT = Path(__file__).resolve().parents[2]


def test_json_output_matches_the_scoring(tmp_path: Path, content: Content,
                                         capsys: object) -> None:
    answers = {**ready_plan(), "coordinator": "nobody", "group_size": 14, "hard_core": "no_core"}
    path = tmp_path / "plan.json"
    path.write_bytes(export_json("CLI", "nl", answers))
    assert main([str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)  # type: ignore[attr-defined]
    r = assess(content, answers)
    assert out["band"] == r.band == "not_ready"
    assert out["overall"] == round(r.overall or 0, 1)
    assert [x["score"] for x in out["rules"]] == [
        None if rs.score is None else round(rs.score, 1) for rs in r.rules]
    assert {b["blocker"] for b in out["blockers"]} == {"no_coordinator"}
    assert "large_group_no_core" in {f["check"] for f in out["findings"]}


def test_text_output_in_the_files_language(tmp_path: Path, capsys: object) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(export_json("CLI", "en", ready_plan()))
    assert main([str(path)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "Ready to start" in out and "10. Temporary and informal" in out


def test_bad_file_exits_2_with_a_message(tmp_path: Path, capsys: object) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "vonk-assessment", "version": 9}')
    assert main([str(path), "--lang", "en"]) == 2
    assert "version 9" in capsys.readouterr().err  # type: ignore[attr-defined]
    assert main([str(tmp_path / "missing.json")]) == 2


def test_runs_as_a_module(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(export_json("CLI", "nl", ready_plan()))
    proc = subprocess.run([sys.executable, "-m", "scoring", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "Klaar om te starten" in proc.stdout
