"""`python -m scoring FILE.json` scores an exported file like the app does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cli.score import main
from content.models import Content
from exchange import export_json
from scoring import assess
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
    same = subprocess.run([sys.executable, "-m", "cli", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert same.returncode == 0 and same.stdout == proc.stdout


def test_batch_folder_to_csv_and_xlsx(tmp_path: Path, content: Content, capsys: object) -> None:
    from openpyxl import load_workbook

    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.json").write_bytes(export_json("=HYPERLINK(\"x\")", "nl", ready_plan()))
    (folder / "b.json").write_bytes(export_json("B", "nl", {**ready_plan(),
                                                            "coordinator": "nobody"}))
    (folder / "broken.json").write_text("{nope")
    (folder / "notes.txt").write_text("ignored")
    assert main([str(folder), "--out", str(tmp_path / "t.csv")]) == 2
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "broken.json: Het bestand is geen geldige JSON" in err and "2 scored, 1 refused" in err
    lines = (tmp_path / "t.csv").read_text().splitlines()
    assert lines[0].startswith("Bestand,Naam,Totaal,Oordeel,1. Verantwoordelijke")
    assert len(lines) == 3 and "Er is geen coördinator" in lines[2]
    assert main([str(folder), "--out", str(tmp_path / "t.xlsx"), "--lang", "en"]) == 2
    ws = load_workbook(tmp_path / "t.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("File", "Name", "Overall", "Verdict")
    assert rows[1][1] == "'=HYPERLINK(\"x\")"  # never a formula
    r = assess(content, {**ready_plan(), "coordinator": "nobody"})
    assert rows[2][2] == round(r.overall or 0, 1) and rows[2][3] == "Not ready yet"
    assert list(rows[2][4:14]) == [None if x.score is None else round(x.score, 1)
                                   for x in r.rules]
