"""The results as a Markdown document, for sharing or printing."""

from __future__ import annotations

from content.models import Content
from guidance.advice import Guidance
from reports.format import answer_label, band_label, escape_markdown, pct, score_text
from scoring.answers import Answers
from scoring.engine import Readiness


def results_markdown(content: Content, readiness: Readiness, guidance: Guidance,
                     answers: Answers, title: str, lang: str) -> str:
    m = content.messages[lang]
    band = band_label(m, readiness.band)
    out: list[str] = []
    out.append(f"# {m['report.heading']}: {escape_markdown(title or m['plan.default_title'])}")
    out.append("")
    out.append(f"**{m['result.overall']}:** {score_text(readiness.overall)} — {band}")
    out.append("")
    out.append(m["result.completeness"].format(answered=readiness.answered,
                                               total=readiness.total,
                                               pct=pct(readiness.completeness)))
    out.append("")
    if readiness.blockers:
        out.append(f"## {m['result.blockers']}")
        out.append("")
        for hit in readiness.blockers:
            bt = content.rule(hit.rule_id).texts[lang].blockers[hit.blocker_id]
            out.append(f"- **{bt.title}** — {bt.fix}")
        out.append("")
    if readiness.findings:
        out.append(f"## {m['result.findings']}")
        out.append("")
        for f in readiness.findings:
            ft = content.design_check_texts[lang][f.check_id]
            sev = m[f"severity.{f.severity}"]
            out.append(f"- **{ft.title}** ({sev}) — {ft.explanation} "
                       f"*{m['result.fix']}:* {ft.fix}")
        out.append("")
    if guidance.next_steps:
        out.append(f"## {m['result.next_steps']}")
        out.append("")
        for i, step in enumerate(guidance.next_steps, 1):
            out.append(f"{i}. {step.text}")
        out.append("")
    out.append(f"## {m['result.per_rule']}")
    out.append("")
    out.append(f"| {m['table.rule']} | {m['table.score']} | {m['table.band']} | "
               f"{m['table.answered']} |")
    out.append("|---|---:|---|---:|")
    for rs in readiness.rules:
        rt = content.rule(rs.rule_id).texts[lang]
        rband = band_label(m, rs.band)
        out.append(f"| {rs.number}. {rt.title} | {score_text(rs.score)} | {rband} | "
                   f"{rs.answered}/{rs.total} |")
    out.append("")
    for rs in readiness.rules:
        rule = content.rule(rs.rule_id)
        rt = rule.texts[lang]
        out.append(f"### {rs.number}. {rt.title}")
        out.append("")
        for c in rs.contributions:
            qt = rt.questions[c.question_id]
            q = next(q for q in rule.structure.questions if q.id == c.question_id)
            answer = answer_label(content, q, qt, c.answer, lang)
            if q.kind == "text":
                answer = escape_markdown(answer)
            out.append(f"- {qt.label} — *{answer}*")
        for a in guidance.by_rule.get(rs.rule_id, ()):
            section = content.sections[a.source]
            src = section.heading if lang == "nl" else section.en
            out.append("")
            out.append(f"**{a.title}** — {a.body.strip()} "
                       f"({m['advice.source']}: {src})")
        out.append("")
    if guidance.tips:
        out.append(f"## {m['result.tips']}")
        out.append("")
        for tip in guidance.tips:
            out.append(f"- {tip.text}")
        out.append("")
    out.append(f"_{m['report.footer']}_")
    out.append("")
    return "\n".join(out)
