"""Hypothesis strategies that produce valid answers for the shipped content."""

from __future__ import annotations

from hypothesis import strategies as st

from content.loader import default_content
from content.models import NONE_OF_THESE, UNKNOWN, Question

CONTENT = default_content()
QUESTIONS = [q for r in CONTENT.rules for q in r.structure.questions]


def answer_for(q: Question) -> st.SearchStrategy[object]:
    unknown = [st.just(UNKNOWN)] if q.allow_unknown else []
    if q.kind == "scale":
        return st.one_of(st.integers(1, 5), *unknown)
    if q.kind == "choice":
        return st.one_of(st.sampled_from(q.option_ids), *unknown)
    if q.kind == "multi":
        subsets = st.lists(st.sampled_from(q.option_ids), min_size=1, unique=True)
        return st.one_of(subsets.map(lambda v: sorted(v, key=q.option_ids.index)),
                         st.just([NONE_OF_THESE]), st.just([UNKNOWN]))
    if q.kind == "number":
        assert q.minimum is not None and q.maximum is not None and q.step is not None
        steps = int((q.maximum - q.minimum) / q.step)
        return st.integers(0, steps).map(lambda i: q.minimum + i * q.step)  # type: ignore[operator]
    return st.text(max_size=q.max_length).map(str.strip).filter(bool)


@st.composite
def answer_sets(draw: st.DrawFn, min_share: float = 0.0) -> dict[str, object]:
    """A random subset of questions, each with a valid answer."""
    chosen = draw(st.lists(st.sampled_from(QUESTIONS), unique_by=lambda q: q.id,
                           min_size=int(len(QUESTIONS) * min_share)))
    return {q.id: draw(answer_for(q)) for q in chosen}
