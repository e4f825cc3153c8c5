"""What the network sees of its stories at one moment: the texts, or only that
there are too few respondents for free text to stay anonymous."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StoriesShown:
    texts: dict[str, tuple[str, ...]]  # story id -> texts, in text order


@dataclass(frozen=True)
class StoriesHidden:
    """Too few respondents at this moment for free text to stay anonymous."""

    respondents: int
    minimum: int
