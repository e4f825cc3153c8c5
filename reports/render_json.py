"""A scored plan as plain data, for machines (``python -m scoring FILE.json --json``)."""

from __future__ import annotations

from typing import Any

from content.models import Content
from scoring.engine import Readiness


def readiness_as_dict(content: Content, r: Readiness) -> dict[str, Any]:
    return {
        "overall": None if r.overall is None else round(r.overall, 1),
        "band": r.band,
        "band_by_score": r.band_by_score,
        "answered": r.answered,
        "total": r.total,
        "completeness": round(r.completeness, 3),
        "rules": [{"rule": rs.rule_id, "number": rs.number,
                   "score": None if rs.score is None else round(rs.score, 1),
                   "band": rs.band, "answered": rs.answered, "total": rs.total}
                  for rs in r.rules],
        "blockers": [{"rule": b.rule_id, "blocker": b.blocker_id, "cap": b.cap}
                     for b in r.blockers],
        "findings": [{"check": f.check_id, "severity": f.severity, "rules": list(f.rules)}
                     for f in r.findings],
    }
