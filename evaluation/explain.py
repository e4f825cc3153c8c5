"""Why the overall band is lower than the average alone gives: one line per cap
that bites (scoring.Readiness.caps), in the reader's language, for the screen and
the reports alike. Pure Python."""

from __future__ import annotations

from content.labels import band_label, pct, score_text
from content.models import Content
from scoring.engine import Cap, Readiness


def _cap_line(content: Content, readiness: Readiness, cap: Cap, lang: str) -> str:
    m = content.messages[lang]
    cap_band = band_label(m, cap.cap)
    if cap.kind in ("blocker", "open"):
        hit = next(b for b in readiness.blockers if b.blocker_id == cap.ref)
        return m[f"result.cap.{cap.kind}"].format(
            number=content.rule(hit.rule_id).number,
            title=content.blocker_title(lang, cap.ref), cap=cap_band)
    if cap.kind == "weak_rule":
        rs = readiness.rule(cap.ref)
        return m["result.cap.weak_rule"].format(
            number=rs.number, title=content.rule(cap.ref).texts[lang].title,
            band=band_label(m, rs.band), cap=cap_band)
    if cap.kind == "finding":
        return m["result.cap.finding"].format(title=content.check_text(lang, cap.ref).title,
                                              cap=cap_band)
    return m["result.cap.incomplete"].format(
        pct=pct(content.scoring.min_completeness_for_top), cap=cap_band)


def cap_reasons(content: Content, readiness: Readiness, lang: str) -> tuple[str, ...]:
    """The reasons the band is what it is rather than the average's band. While too
    little is answered for an overall score, the verdict blockers that decide it."""
    if readiness.enough_answered and readiness.band_by_score is not None:
        caps = readiness.caps
    else:
        caps = tuple(Cap("blocker", b.blocker_id, b.cap) for b in readiness.verdict_blockers)
    return tuple(_cap_line(content, readiness, c, lang) for c in caps)


def verdict_line(content: Content, readiness: Readiness, lang: str) -> str:
    """The one-line verdict: band and overall score, the band alone while too
    little is answered for a score (a blocker can decide it already), or "no
    verdict yet". The screen's banner and every report say the same."""
    m = content.messages[lang]
    if readiness.enough_answered:
        return m["result.overall_line"].format(band=band_label(m, readiness.band),
                                               score=score_text(readiness.overall))
    if readiness.band is not None:
        return m["result.overall_line_no_score"].format(band=band_label(m, readiness.band))
    return band_label(m, None)


def cap_intro(content: Content, readiness: Readiness, lang: str) -> str:
    """The sentence before the cap reasons: what the average alone would give."""
    m = content.messages[lang]
    if readiness.enough_answered and readiness.band_by_score is not None:
        return m["result.capped_intro"].format(band_by_score=band_label(m, readiness.band_by_score),
                                               band=band_label(m, readiness.band))
    return m["result.capped_no_score"]
