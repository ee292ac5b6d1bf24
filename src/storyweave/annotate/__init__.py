"""Annotation stage: language, sentences, dates stated in the text (entities live beside these)."""

from __future__ import annotations

from .language import detect_language
from .pubdate import date_from_text
from .sentences import split_sentences

__all__ = ["date_from_text", "detect_language", "split_sentences"]
