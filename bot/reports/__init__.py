"""Reports staff send back: the form as data and the reading of their figures.

Nothing here knows about Telegram or the database: `form` describes what is asked (and,
with `categories`, what a given unit is asked), `numbers` reads one answer, `freetext` reads a
whole message of figures.
"""

from __future__ import annotations

from bot.reports.categories import unit_categories
from bot.reports.form import DEFAULT_FORM_PATH, Form, FormCatalog, FormError, Indicator, Section, load_form
from bot.reports.freetext import FreeTextResult, Match, Unattributed, parse_free_text
from bot.reports.numbers import (
    Control,
    ErrorKind,
    ParsedValue,
    ParseError,
    QuickAnswer,
    parse_control,
    parse_value,
    parse_yes_no,
    quick_answer,
    quick_answers,
    read_number_words,
)

__all__ = [
    "DEFAULT_FORM_PATH",
    "Control",
    "ErrorKind",
    "Form",
    "FormCatalog",
    "FormError",
    "FreeTextResult",
    "Indicator",
    "Match",
    "ParseError",
    "ParsedValue",
    "QuickAnswer",
    "Section",
    "Unattributed",
    "load_form",
    "parse_control",
    "parse_free_text",
    "parse_value",
    "parse_yes_no",
    "quick_answer",
    "quick_answers",
    "read_number_words",
    "unit_categories",
]
