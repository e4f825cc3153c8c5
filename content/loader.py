"""Load and validate the content folder.

Every problem is reported as ``ContentError`` naming the file and the field,
e.g. ``content/rules/06-omvang.nl.md: questions.group_size.why: Field required``.
All problems found are reported together, so an editor can fix them in one go.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import frontmatter
import yaml
from pydantic import BaseModel, ValidationError

from content.models import (
    LANGUAGES,
    MISSING,
    NONE_OF_THESE,
    SCALE,
    UNKNOWN,
    AdviceRule,
    AllCondition,
    AnyCondition,
    Condition,
    Content,
    DesignCheck,
    DesignCheckText,
    InvestmentInputs,
    InvestmentSettings,
    NotCondition,
    PracticeTip,
    PracticeTipText,
    Question,
    QuestionCondition,
    Rule,
    RuleStructure,
    RuleText,
    ScoringSettings,
    Section,
)

CONTENT_DIR = Path(__file__).resolve().parent
M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """One or more problems in the content files; ``problems`` lists them."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Content is invalid:\n  " + "\n  ".join(problems))

    def lines(self, advice: str = "") -> list[str]:
        """For an operator: a heading (with `advice`), then one problem a line."""
        return [f"Vonk content has {len(self.problems)} problem(s){advice}:",
                *(f"  {p}" for p in self.problems)]


class _Problems:
    def __init__(self, root: Path):
        self.root = root
        self.items: list[str] = []

    def add(self, path: Path, field: str, message: str) -> None:
        self.items.append(f"{self._name(path)}: {field or '(file)'}: {message}")

    def _name(self, path: Path) -> str:
        try:
            return str(Path("content") / path.relative_to(self.root))
        except ValueError:
            return str(path)

    def validate(self, model: type[M], data: Any, path: Path, prefix: str = "") -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(p) for p in (prefix, *err["loc"]) if p != "")
                msg = err["msg"]
                if err["type"] == "string_type" and isinstance(err.get("input"), bool):
                    msg += " (YAML reads yes/no/on/off as true/false: put the text in quotes)"
                self.add(path, loc, msg)
            return None


def _read_yaml(path: Path, problems: _Problems) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add(path, "", "file is missing")
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.add(path, "", f"not valid YAML: {exc}")
    return None


def _read_markdown(path: Path, problems: _Problems) -> tuple[dict[str, Any], str] | None:
    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add(path, "", "file is missing")
        return None
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        problems.add(path, "", f"front matter is not valid YAML: {exc}")
        return None
    return dict(post.metadata), post.content.strip()


def _compare_ids(problems: _Problems, path: Path, field: str,
                 expected: Iterable[str], found: Iterable[str],
                 reference: str = "the structure file") -> None:
    exp, got = list(expected), list(found)
    prefix = f"{field}." if field else ""
    for missing in [i for i in exp if i not in got]:
        problems.add(path, f"{prefix}{missing}", f"missing (defined in {reference})")
    for extra in [i for i in got if i not in exp]:
        problems.add(path, f"{prefix}{extra}", f"unknown id (not in {reference})")


def iter_question_conditions(cond: Condition | None) -> Iterator[QuestionCondition]:
    if cond is None:
        return
    if isinstance(cond, QuestionCondition):
        yield cond
    elif isinstance(cond, AllCondition):
        for c in cond.all:
            yield from iter_question_conditions(c)
    elif isinstance(cond, AnyCondition):
        for c in cond.any:
            yield from iter_question_conditions(c)
    elif isinstance(cond, NotCondition):
        yield from iter_question_conditions(cond.not_)


def _load_rule(structure_path: Path, problems: _Problems) -> Rule | None:
    raw = _read_yaml(structure_path, problems)
    structure = problems.validate(RuleStructure, raw, structure_path) if raw is not None else None
    if structure is None:
        return None
    texts: dict[str, RuleText] = {}
    for lang in LANGUAGES:
        path = structure_path.with_suffix(f".{lang}.md")
        parsed = _read_markdown(path, problems)
        if parsed is None:
            continue
        meta, body = parsed
        meta["explanation"] = body
        text = problems.validate(RuleText, meta, path)
        if text is None:
            continue
        _compare_ids(problems, path, "questions",
                     [q.id for q in structure.questions], text.questions)
        _compare_ids(problems, path, "blockers",
                     [b.id for b in structure.blockers], text.blockers)
        _compare_ids(problems, path, "advice", [a.id for a in structure.advice], text.advice)
        for q in structure.questions:
            qt = text.questions.get(q.id)
            if qt is not None:
                _compare_ids(problems, path, f"questions.{q.id}.options",
                             q.option_ids, qt.options)
        texts[lang] = text
    if len(texts) != len(LANGUAGES):
        return None
    return Rule(structure=structure, texts=texts)


def _load_keyed_texts(path: Path, model: type[M], ids: list[str],
                      problems: _Problems) -> dict[str, M]:
    parsed = _read_markdown(path, problems)
    if parsed is None:
        return {}
    meta, _ = parsed
    out: dict[str, M] = {}
    for key, value in meta.items():
        item = problems.validate(model, value, path, prefix=str(key))
        if item is not None:
            out[str(key)] = item
    _compare_ids(problems, path, "", ids, list(meta))
    return out


def _check_references(content_rules: list[Rule], rule_paths: dict[str, Path],
                      checks: list[DesignCheck],
                      tips: list[PracticeTip], sections: dict[str, Section],
                      scoring: ScoringSettings, root: Path, problems: _Problems) -> None:
    questions = {q.id: q for r in content_rules for q in r.structure.questions}
    rule_ids = {r.id for r in content_rules}
    bands = set(scoring.band_ids)

    def check_cond(cond: Condition | None, path: Path, field: str) -> None:
        for qc in iter_question_conditions(cond):
            q = questions.get(qc.question)
            if q is None:
                problems.add(path, field, f"unknown question '{qc.question}'")
                continue
            allowed: set[str | int] = {*q.option_ids, UNKNOWN}
            if q.kind == "scale":
                allowed |= set(SCALE)
            if q.kind == "multi":
                allowed.add(NONE_OF_THESE)
            for v in (qc.in_ or []) + list(qc.includes or []):
                if v not in allowed:
                    problems.add(path, field, f"'{v}' is not an answer of '{qc.question}'")

    seen_q: dict[str, str] = {}
    seen_blockers: dict[str, str] = {}
    for r in content_rules:
        path = rule_paths[r.id]
        if r.structure.section not in sections:
            problems.add(path, "section", f"unknown section '{r.structure.section}'")
        for q in r.structure.questions:
            if q.id in seen_q:
                problems.add(path, f"questions.{q.id}", f"id also used in rule {seen_q[q.id]}")
            seen_q[q.id] = r.id
        for b in r.structure.blockers:
            if b.id in seen_blockers:
                problems.add(path, f"blockers.{b.id}",
                             f"id also used in rule {seen_blockers[b.id]}")
            seen_blockers[b.id] = r.id
            check_cond(b.when, path, f"blockers.{b.id}.when")
            if b.cap not in bands:
                problems.add(path, f"blockers.{b.id}.cap", f"unknown band '{b.cap}'")
            for aid in b.replaces_advice:
                if aid not in {a.id for a in r.structure.advice}:
                    problems.add(path, f"blockers.{b.id}.replaces_advice",
                                 f"unknown advice '{aid}' (advice of this rule only)")
        rule_questions = {q.id: q for q in r.structure.questions}
        for a in r.structure.advice:
            check_cond(a.when, path, f"advice.{a.id}.when")
            _check_missing_placeholder(r, a, rule_questions, path, problems)
            for band in a.bands or []:
                if band not in bands:
                    problems.add(path, f"advice.{a.id}.bands", f"unknown band '{band}'")
            if a.source not in sections:
                problems.add(path, f"advice.{a.id}.source", f"unknown section '{a.source}'")
    entries: list[tuple[str, DesignCheck | PracticeTip]] = [
        *(("design_checks.yaml", c) for c in checks),
        *(("practice_tips.yaml", t) for t in tips)]
    check_ids = {c.id for c in checks}
    for c in checks:
        for other in c.supersedes:
            if other not in check_ids or other == c.id:
                problems.add(root / "design_checks.yaml", f"{c.id}.supersedes",
                             f"unknown design check '{other}'")
    for filename, entry in entries:
        path = root / filename
        check_cond(entry.when, path, f"{entry.id}.when")
        for rid in entry.rules:
            if rid not in rule_ids:
                problems.add(path, f"{entry.id}.rules", f"unknown rule '{rid}'")
        if entry.source not in sections:
            problems.add(path, f"{entry.id}.source", f"unknown section '{entry.source}'")


def _check_investment_inputs(inputs: InvestmentInputs, rules: list[Rule],
                             messages: dict[str, dict[str, str]], path: Path,
                             problems: _Problems) -> None:
    """The estimate reads these answers: they must exist and have the right kind."""
    questions = {q.id: q for r in rules for q in r.structure.questions}

    def question(field: str, qid: str, kind: str) -> None:
        q = questions.get(qid)
        if q is None:
            problems.add(path, field, f"unknown question '{qid}'")
        elif q.kind != kind:
            problems.add(path, field, f"'{qid}' is a {q.kind} question, expected {kind}")

    def option(field: str, qid: str, value: str) -> None:
        q = questions.get(qid)
        if q is not None and value not in q.option_ids:
            problems.add(path, field, f"'{value}' is not an option of '{qid}'")

    for name in ("participants", "meetings", "meeting_hours"):
        qid = getattr(inputs, name)
        question(f"inputs.{name}", qid, "number")
        for lang, msgs in messages.items():
            if f"compare.input_{qid}" not in msgs:
                problems.add(path, f"inputs.{name}",
                             f"ui/{lang}.yaml has no label 'compare.input_{qid}'")
    question("inputs.meal_question", inputs.meal_question, "choice")
    option("inputs.meal_option", inputs.meal_question, inputs.meal_option)
    for i, role in enumerate(inputs.roles):
        field = f"inputs.roles.{i}.question"
        question(field, role.question, "choice")
        option("inputs.external_option", role.question, inputs.external_option)
        for value in inputs.no_holder_options:
            option("inputs.no_holder_options", role.question, value)
        for lang, msgs in messages.items():
            if f"compare.hours_{role.question}" not in msgs:
                problems.add(path, field,
                             f"ui/{lang}.yaml has no label 'compare.hours_{role.question}'")


def _check_missing_placeholder(rule: Rule, advice: AdviceRule, questions: dict[str, Question],
                               path: Path, problems: _Problems) -> None:
    """`missing_of` names a multi question of the rule, and the placeholder appears
    in the step of every language exactly when `missing_of` is set."""
    if advice.missing_of is not None:
        q = questions.get(advice.missing_of)
        if q is None or q.kind != "multi":
            problems.add(path, f"advice.{advice.id}.missing_of",
                         f"'{advice.missing_of}' is not a multi question of this rule")
    for lang, texts in rule.texts.items():
        text = texts.advice.get(advice.id)
        if text is None:
            continue
        md = path.with_suffix(f".{lang}.md")
        used = any(MISSING in part for part in (text.title, text.body, text.step))
        if advice.missing_of is None and used:
            problems.add(md, f"advice.{advice.id}",
                         f"{MISSING} needs 'missing_of' in {path.name}")
        if advice.missing_of is not None and MISSING not in text.step:
            problems.add(md, f"advice.{advice.id}.step",
                         f"must name what is missing with {MISSING} (missing_of: "
                         f"{advice.missing_of})")


def _check_catalogues(messages: dict[str, dict[str, str]], root: Path,
                      problems: _Problems) -> None:
    """Every language has every key: a key one catalogue lacks is reported against
    that catalogue (e.g. ``content/ui/nl.yaml: plan.x: missing (defined in
    ui/en.yaml)``), whichever language has it."""
    keys = list(dict.fromkeys(k for lang in LANGUAGES for k in messages.get(lang, {})))
    for lang, msgs in messages.items():
        for key in keys:
            if key not in msgs:
                present = ", ".join(f"ui/{other}.yaml" for other in LANGUAGES
                                    if key in messages.get(other, {}))
                problems.add(root / "ui" / f"{lang}.yaml", key, f"missing (defined in {present})")


def _load_list(path: Path, model: type[M], problems: _Problems) -> list[M]:
    raw = _read_yaml(path, problems)
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.add(path, "", "expected a list of entries")
        return []
    out: list[M] = []
    for i, item in enumerate(raw):
        ident = item.get("id", i) if isinstance(item, dict) else i
        parsed = problems.validate(model, item, path, prefix=str(ident))
        if parsed is not None:
            out.append(parsed)
    return out


def load_content(root: Path = CONTENT_DIR) -> Content:
    """Read, validate and cross-check the content folder; raise ContentError."""
    problems = _Problems(root)

    raw_sections = _read_yaml(root / "sections.yaml", problems) or {}
    sections: dict[str, Section] = {}
    for key, value in raw_sections.items():
        sec = problems.validate(Section, value, root / "sections.yaml", prefix=str(key))
        if sec is not None:
            sections[str(key)] = sec

    raw_scoring = _read_yaml(root / "scoring.yaml", problems)
    scoring = problems.validate(ScoringSettings, raw_scoring, root / "scoring.yaml")
    raw_investment = _read_yaml(root / "investment.yaml", problems)
    investment = problems.validate(InvestmentSettings, raw_investment, root / "investment.yaml")

    rules: list[Rule] = []
    rule_paths: dict[str, Path] = {}
    structure_files = sorted((root / "rules").glob("*.yaml"))
    if not structure_files:
        problems.add(root / "rules", "", "no rule files (<number>-<name>.yaml) found")
    for path in structure_files:
        rule = _load_rule(path, problems)
        if rule is not None:
            if not path.stem.startswith(f"{rule.number:02d}-"):
                problems.add(path, "number", f"rule {rule.number} must live in a file "
                             f"named {rule.number:02d}-<name>.yaml")
            if rule.id in rule_paths:
                problems.add(path, "id", f"id '{rule.id}' is also used in "
                             f"{rule_paths[rule.id].name}")
            rules.append(rule)
            rule_paths[rule.id] = path
    numbers = sorted(r.number for r in rules)
    if len(rules) == len(structure_files) and numbers != list(range(1, len(rules) + 1)):
        problems.add(root / "rules", "number",
                     f"rule numbers must be 1..{len(rules)} without gaps, got {numbers}")

    checks = _load_list(root / "design_checks.yaml", DesignCheck, problems)
    tips = _load_list(root / "practice_tips.yaml", PracticeTip, problems)
    check_texts = {lang: _load_keyed_texts(root / f"design_checks.{lang}.md", DesignCheckText,
                                           [c.id for c in checks], problems)
                   for lang in LANGUAGES}
    tip_texts = {lang: _load_keyed_texts(root / f"practice_tips.{lang}.md", PracticeTipText,
                                         [t.id for t in tips], problems)
                 for lang in LANGUAGES}

    messages: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        path = root / "ui" / f"{lang}.yaml"
        raw = _read_yaml(path, problems)
        if raw is None:
            continue
        if not isinstance(raw, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
        ):
            problems.add(path, "", "expected a mapping of message keys to texts")
            continue
        messages[lang] = raw
    _check_catalogues(messages, root, problems)

    if scoring is not None and len(rules) == len(structure_files):
        _check_references(rules, rule_paths, checks, tips, sections, scoring, root, problems)
        if investment is not None:
            _check_investment_inputs(investment.inputs, rules, messages,
                                     root / "investment.yaml", problems)
        for band in scoring.band_ids:
            for lang, msgs in messages.items():
                if f"band.{band}" not in msgs:
                    problems.add(root / "ui" / f"{lang}.yaml", f"band.{band}",
                                 "missing label for a band in scoring.yaml")

    if problems.items or scoring is None or investment is None:
        raise ContentError(problems.items or ["scoring.yaml or investment.yaml could not be read"])
    return Content(rules=sorted(rules, key=lambda r: r.number), design_checks=checks,
                   design_check_texts=check_texts, tips=tips, tip_texts=tip_texts,
                   sections=sections, scoring=scoring, investment=investment,
                   messages=messages)


@lru_cache(maxsize=1)
def default_content() -> Content:
    """The shipped content, loaded once per process."""
    return load_content(CONTENT_DIR)
