"""What the engine remembers of a chat between two questions: plain data, stored by the caller.

A turn is answered with the context of the earlier turns of the same chat: the plan they were
about, what was asked (so "mấy giờ?", "ở đâu?" or "thế còn ở An Lão?" complete the previous
question), the facts the last answer gave, and a pending clarification (so "ở Thanh Bình" or a
typed option number answers the question that was clarified). A question that names its own
locality and topic starts afresh.

How a caller keeps a conversation (Telegram: one row per chat, in the database)::

    state = Conversation.from_json(row.state) if row else None     # a dict of JSON types, or None
    answer = engine.answer(text, today=now.date(), plan_context=chosen_plan_id,
                           conversation=state, now=now)             # `now`: an aware or naive datetime
    row.state = answer.conversation.to_json()                      # always set; store it after every turn

A clarification button: `engine.answer_option(plan_id, conversation=state, today=…, plan_context=…,
now=now)` answers the clarified question for that plan (None for a stale button); a typed option
number or locality name does the same through `answer`.

`from_json` accepts anything (None, another version, a damaged value) and returns a fresh state
when it cannot use it, so a stored value never breaks a chat. The state expires after
`CONVERSATION_TTL` of silence (measured from `updated_at`, the `now` of the last turn); the
engine ignores an expired state, so the caller may keep or delete old rows as it likes
(`Conversation.expired(now)` says whether a stored one still matters). In groups, keep one state
per chat, not per user. The chosen locality (`plan_context`) is passed by the caller on every turn;
a locality the conversation is about takes precedence over it, until the user chooses another one
(the state remembers which was chosen, and a new choice drops the conversation's locality).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

CONVERSATION_TTL = dt.timedelta(minutes=30)  # silence after which a follow-up no longer refers back
STATE_VERSION = 1
MAX_TOPIC_CHARS = 400
MAX_FACTS = 6


@dataclass
class Pending:
    """A clarification asked in the last turn: the question and the plans offered, in order."""

    topic: str
    options: list[str]


@dataclass
class Conversation:
    plan_ids: list[str] = field(default_factory=list)  # plans the last answer was about
    topic: str = ""  # what the last question was about, resolved (folded content words, no locality/year)
    asks: str = ""  # how it asked (its question words, folded: "khi nao", "o dau")
    earlier: str = ""  # what the turns before it were about (folded words), a weaker context
    kind: str | None = None  # kind of fact the last answer gave (theme, opening, session…)
    facts: list[str] = field(default_factory=list)  # references of the facts the last answer gave
    question: str = ""  # the last question as typed (shortened)
    pending: Pending | None = None
    chosen: str | None = None  # the locality the user had chosen (plan_context) when this state was made
    updated_at: dt.datetime | None = None

    @property
    def plan_id(self) -> str | None:
        """The one plan the conversation is about, if it is about exactly one."""
        return self.plan_ids[0] if len(self.plan_ids) == 1 else None

    def expired(self, now: dt.datetime | None, ttl: dt.timedelta = CONVERSATION_TTL) -> bool:
        """Whether the silence since the last turn is longer than `ttl` (never, without times)."""
        if now is None or self.updated_at is None:
            return False
        last, current = self.updated_at, now
        if (last.tzinfo is None) != (current.tzinfo is None):  # one stored naive, one aware: wall-clock times
            last, current = last.replace(tzinfo=None), current.replace(tzinfo=None)
        return current - last > ttl

    @property
    def empty(self) -> bool:
        return not (self.topic or self.plan_ids or self.pending)

    def to_json(self) -> dict[str, Any]:
        return {
            "v": STATE_VERSION,
            "plans": list(self.plan_ids),
            "topic": self.topic[:MAX_TOPIC_CHARS],
            "asks": self.asks[:MAX_TOPIC_CHARS],
            "earlier": self.earlier[:MAX_TOPIC_CHARS],
            "kind": self.kind,
            "facts": self.facts[:MAX_FACTS],
            "question": self.question[:MAX_TOPIC_CHARS],
            "pending": {"topic": self.pending.topic[:MAX_TOPIC_CHARS], "options": list(self.pending.options)}
            if self.pending
            else None,
            "chosen": self.chosen,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }

    @classmethod
    def from_json(cls, data: object) -> Conversation:
        """The state stored by `to_json`; a fresh one for anything unusable."""
        if not isinstance(data, dict) or data.get("v") != STATE_VERSION:
            return cls()
        try:
            pending_data = data.get("pending")
            pending = None
            if isinstance(pending_data, dict):
                pending = Pending(str(pending_data.get("topic", "")), _strings(pending_data.get("options")))
            updated = data.get("updated_at")
            return cls(
                plan_ids=_strings(data.get("plans")),
                topic=str(data.get("topic") or "")[:MAX_TOPIC_CHARS],
                asks=str(data.get("asks") or "")[:MAX_TOPIC_CHARS],
                earlier=str(data.get("earlier") or "")[:MAX_TOPIC_CHARS],
                kind=str(data["kind"]) if data.get("kind") else None,
                facts=_strings(data.get("facts"))[:MAX_FACTS],
                question=str(data.get("question") or "")[:MAX_TOPIC_CHARS],
                pending=pending,
                chosen=str(data["chosen"]) if data.get("chosen") else None,
                updated_at=dt.datetime.fromisoformat(updated) if isinstance(updated, str) else None,
            )
        except (TypeError, ValueError):
            return cls()


def _strings(value: object) -> list[str]:
    return [str(v) for v in value if isinstance(v, str | int)] if isinstance(value, list) else []


__all__ = ["CONVERSATION_TTL", "Conversation", "Pending"]
