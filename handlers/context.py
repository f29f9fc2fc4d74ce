"""What every handler shares: the services built by the composition root, and replying through the
outbox (a reply is sent only if the update commits: see `bot.work`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from telegram import Message, User
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.buttons import Keyboard
from bot.catalog import LiveKnowledge
from bot.citizens import CitizenDesk, Person
from bot.clock import Clock
from bot.config import Settings
from bot.db.session import Database
from bot.invites import Onboarding
from bot.outbox import Method, Outgoing, texts
from bot.publish.desk import PlanDesk
from bot.publish.reloader import CatalogueReloader
from bot.reports.evidence import EvidenceDesk
from bot.reports.flow import ReportFlow
from bot.reports.review import ReviewDesk
from bot.summary.schedule import OfficialsDesk
from bot.summary.section_edit import SectionDesk
from bot.work import Postman, current_work


@dataclass(frozen=True)
class Services:
    """Everything the handlers use, built once (handlers/runtime.py), in `application.bot_data`."""

    settings: Settings
    clock: Clock
    db: Database
    knowledge: LiveKnowledge
    postman: Postman
    citizens: CitizenDesk
    reports: ReportFlow
    onboarding: Onboarding
    officials: OfficialsDesk
    evidence: EvidenceDesk
    review: ReviewDesk
    sections: SectionDesk
    admins: frozenset[int]
    #: plans published in chat, and the catalogue kept current without a restart
    plans: PlanDesk
    catalogue: CatalogueReloader


SERVICES_KEY = "services"


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    found: Services = context.application.bot_data[SERVICES_KEY]
    return found


def person(user: User) -> Person:
    return Person(id=user.id, first_name=user.first_name, username=user.username)


def is_private(message: Message) -> bool:
    return message.chat.type == ChatType.PRIVATE


def send(*messages: Outgoing) -> None:
    """Send with the update being handled (the outbox records them in the update's transaction)."""
    work = current_work()
    if work is None:
        raise RuntimeError("replies are sent while an update is handled")
    work.send(*messages)


def reply(
    chat_id: int,
    html_text: str,
    buttons: Keyboard = (),
    *,
    reply_to: int | None = None,
    record_id: int | None = None,
    edit_of: int | None = None,
) -> None:
    """An HTML text of any length (split at 4,096 characters; the buttons on the last part).

    `record_id` names the message in the outbox so that a later reply can replace its text
    (`edit_of`: that message is edited instead of a new one being sent)."""
    if edit_of is not None:
        send(Outgoing(chat_id, Method.EDIT_TEXT, html_text, buttons, edit_of=edit_of))
        return
    messages = texts(chat_id, html_text, buttons, reply_to=reply_to)
    if record_id is not None:
        messages[-1] = dataclasses.replace(messages[-1], id=record_id)
    send(*messages)


def edit(chat_id: int, message_id: int, html_text: str, buttons: Keyboard = ()) -> None:
    """Replace a message's text (one message's worth) and keyboard."""
    send(Outgoing(chat_id, Method.EDIT_TEXT, html_text, buttons, message_id=message_id))


def remove_keyboard(chat_id: int, message_id: int) -> None:
    send(Outgoing(chat_id, Method.EDIT_MARKUP, message_id=message_id))


def document(chat_id: int, data: bytes, filename: str, caption: str = "") -> None:
    send(Outgoing(chat_id, Method.SEND_DOCUMENT, caption, blob=data, filename=filename))


def photo(chat_id: int, data: bytes, caption: str = "") -> None:
    send(Outgoing(chat_id, Method.SEND_PHOTO, caption, blob=data))
