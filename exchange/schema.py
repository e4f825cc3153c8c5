"""Write the JSON Schema of the assessment file, generated from the content:
``python -m exchange.schema`` writes ``schemas/assessment-v<VERSION>.schema.json``
(``--check`` only reports whether the committed file is current)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from content import default_content
from exchange.assessment_file import VERSION, json_schema

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
SCHEMA_FILE = SCHEMA_DIR / f"assessment-v{VERSION}.schema.json"


def schema_text() -> str:
    return json.dumps(json_schema(default_content()), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = schema_text()
    if "--check" in args:
        current = SCHEMA_FILE.exists() and SCHEMA_FILE.read_text(encoding="utf-8") == text
        print(f"{SCHEMA_FILE.name}: {'current' if current else 'out of date'}")
        return 0 if current else 1
    SCHEMA_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
