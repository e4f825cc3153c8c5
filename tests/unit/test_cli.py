"""`python -m scoring FILE.json` scores an exported file like the app does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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


# ---------------------------------------------------------------- issue 7, item 3
def test_one_bad_file_never_ends_the_batch(tmp_path: Path, capsys: object,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: a file with a 5000-digit number (ValueError) or a 400-digit answer
    (OverflowError) ended the whole batch, as did a file name that is not UTF-8."""
    import os

    import services.batch

    folder = tmp_path / "plans"
    folder.mkdir()
    huge = '{"format": "vonk-assessment", "version": 1, "answers": {"%s": %s}}'
    (folder / "a_huge.json").write_text(huge % ("group_size", "9" * 5000))
    (folder / "b_400.json").write_text(huge % ("drive", "9" * 400))
    (folder / "c_good.json").write_bytes(export_json("Goed", "nl", ready_plan()))
    (folder / "d_boom.json").write_bytes(export_json("Boem", "nl", ready_plan()))
    (folder / "e_ctrl.json").write_text(json.dumps({
        "format": "vonk-assessment", "version": 1, "title": "x\x01y\x00\ud800z",
        "answers": {"theme_text": "t\udfff"}}))
    fd = os.open(os.fsencode(folder) + b"/f_\xff\xfe.json", os.O_WRONLY | os.O_CREAT)
    os.write(fd, export_json("Latin-1 naam", "nl", ready_plan()))
    os.close(fd)
    real = services.batch.read_assessment

    def read(path: Path, content: Content) -> object:
        if path.name == "d_boom.json":
            raise RuntimeError("anything at all")
        return real(path, content)

    monkeypatch.setattr(services.batch, "read_assessment", read)
    for out in ("t.csv", "t.xlsx"):
        assert main([str(folder), "--out", str(tmp_path / out), "--lang", "en"]) == 2
        err = capsys.readouterr().err  # type: ignore[attr-defined]
        assert "3 scored, 3 refused" in err
        assert "a_huge.json: The file contains a number of more than 20 digits" in err
        assert "b_400.json: The file contains a number" in err
        assert "d_boom.json: This file could not be processed" in err
    from openpyxl import load_workbook

    rows = list(load_workbook(tmp_path / "t.xlsx").active.iter_rows(values_only=True))
    assert [r[:2] for r in rows[1:]] == [("c_good.json", "Goed"), ("e_ctrl.json", "xyz"),
                                         ("f_.json", "Latin-1 naam")]
    lines = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["c_good.json", "e_ctrl.json",
                                                          "f_.json"]


# ------------------------------------------- exit 2 with a clear line, never a traceback
def test_broken_content_exits_2_listing_the_problems(tmp_path: Path, capsys: object,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: ContentError's traceback and exit status 1."""
    import shutil

    from content.loader import CONTENT_DIR, load_content

    broken = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, broken, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    nl = broken / "ui" / "nl.yaml"
    nl.write_text("\n".join(line for line in nl.read_text(encoding="utf-8").splitlines()
                            if not line.startswith("scan.prev:")), encoding="utf-8")
    monkeypatch.setattr("cli.score.default_content", lambda: load_content(broken))
    path = tmp_path / "plan.json"
    path.write_bytes(export_json("CLI", "nl", ready_plan()))
    assert main([str(path)]) == 2
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert err == ("Vonk content has 1 problem(s):\n"
                   "  content/ui/nl.yaml: scan.prev: missing (defined in ui/en.yaml)\n")


def test_output_that_cannot_be_written_exits_2(tmp_path: Path) -> None:
    """Was: FileNotFoundError's traceback and exit status 1."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.json").write_bytes(export_json("A", "nl", ready_plan()))
    out = tmp_path / "no-such-folder" / "table.csv"
    proc = subprocess.run([sys.executable, "-m", "scoring", str(folder), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == f"{out}: No such file or directory"
    assert "Traceback" not in proc.stderr


def test_folder_that_cannot_be_listed_exits_2(tmp_path: Path, capsys: object,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()

    def refuse(self: Path) -> object:  # root cannot be refused by chmod: simulated
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refuse)
    assert main([str(folder)]) == 2
    assert capsys.readouterr().err == f"{folder}: Permission denied\n"  # type: ignore[attr-defined]


def test_unreadable_file_in_a_folder_is_refused_and_the_rest_scored(
        tmp_path: Path, capsys: object, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.json").write_bytes(export_json("A", "nl", ready_plan()))
    (folder / "locked.json").write_bytes(export_json("L", "nl", ready_plan()))
    read_bytes = Path.read_bytes

    def locked(self: Path) -> bytes:
        if self.name == "locked.json":
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", locked)
    assert main([str(folder), "--lang", "en"]) == 2
    captured = capsys.readouterr()  # type: ignore[attr-defined]
    assert "locked.json:" in captured.err and "Permission denied" in captured.err
    assert "Traceback" not in captured.err
    assert len(captured.out.strip().splitlines()) == 2  # the head and a.json
