"""The one inline-button type of the core; `handlers/keyboards.py` turns rows of them into Telegram's."""

from __future__ import annotations

from dataclasses import dataclass

CALLBACK_LIMIT = 64  # bytes of callback data Telegram accepts


@dataclass(frozen=True)
class Button:
    """A callback button (`data`, sent back when pressed) or a link button (`url`)."""

    text: str
    data: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.data is None) == (self.url is None):
            raise ValueError("a button has either callback data or a URL")
        if self.data is not None and len(self.data.encode()) > CALLBACK_LIMIT:
            raise ValueError(f"callback data over {CALLBACK_LIMIT} bytes: {self.data!r}")


Keyboard = tuple[tuple[Button, ...], ...]


def column(buttons: list[Button]) -> Keyboard:
    """One button per row (localities, suggestions, plans)."""
    return tuple((button,) for button in buttons)


def to_json(keyboard: Keyboard) -> list[list[dict[str, str]]]:
    """A keyboard as JSON (stored with a message in the outbox)."""
    return [
        [{"text": b.text, **({"data": b.data} if b.data is not None else {"url": b.url or ""})} for b in row]
        for row in keyboard
    ]


def from_json(rows: list[list[dict[str, str]]] | None) -> Keyboard:
    return tuple(tuple(Button(b["text"], b.get("data"), b.get("url")) for b in row) for row in rows or [])
