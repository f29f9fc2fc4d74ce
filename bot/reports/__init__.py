"""Reports staff send back: the form as data and the reading of their figures.

Nothing here knows about Telegram or the database: `form` describes what is asked,
`numbers` reads one answer, `freetext` reads a whole message of figures.
"""

from __future__ import annotations

from bot.reports.form import DEFAULT_FORM_PATH, Form, FormError, Indicator, Section, load_form

__all__ = ["DEFAULT_FORM_PATH", "Form", "FormError", "Indicator", "Section", "load_form"]
