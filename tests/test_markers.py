"""The test command keeps its own promise: `scripts/run_tests.sh -m "not browser"`
(README) runs no browser test, and `-m browser` runs all of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROWSER = "tests/browser/"


def _collected(*args: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return [line for line in proc.stdout.splitlines() if "::" in line]


def test_not_browser_deselects_every_browser_test_and_browser_selects_them_all() -> None:
    everything = _collected()
    in_folder = [node for node in everything if node.startswith(BROWSER)]
    assert in_folder, "no browser tests found at all"
    not_browser = _collected("-m", "not browser")
    browser = _collected("-m", "browser")
    assert not [node for node in not_browser if node.startswith(BROWSER)]
    assert sorted(browser) == sorted(in_folder)
    assert sorted(not_browser + browser) == sorted(everything)
