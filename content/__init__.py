"""Vonk's content: the ten golden rules, questions, advice, design checks, practice
tips, scoring settings and interface texts, as Markdown and YAML an editor can change.
This package holds the pydantic models and the loader that validates them."""

from content.loader import ContentError, default_content, load_content
from content.models import LANGUAGES, NONE_OF_THESE, UNKNOWN, Content

__all__ = ["LANGUAGES", "NONE_OF_THESE", "UNKNOWN", "Content", "ContentError",
           "default_content", "load_content"]
