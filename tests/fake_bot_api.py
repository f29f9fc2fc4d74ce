"""A fake Telegram Bot API server for tests and benchmarks.

It is a real HTTP server (aiohttp, bound to 127.0.0.1 on a free port) that speaks the Bot API the
way python-telegram-bot v22 calls it, so the *real* ``telegram.Bot`` / ``telegram.ext.Application``
can be run against it unchanged::

    async with FakeBotAPI(username="htsd_test_bot") as server:
        app = server.application_builder().build()      # token + base_url + base_file_url set
        app.add_handler(...)
        async with app:
            await app.start()
            await app.updater.start_polling(poll_interval=0)
            server.send_text(42, "/start")                # inject user activity -> getUpdates
            msg = await server.wait_for_message(42)       # first bot message after that update
            server.press_button(42, msg, "menu:help")     # callback_query on a bot message
            await server.wait_for("answerCallbackQuery")
            await app.updater.stop()
            await app.stop()

``server.make_bot()`` gives a plain ``telegram.Bot``; by hand it is ``Bot(server.token,
base_url=f"{server.url}/bot", base_file_url=f"{server.url}/file/bot")``. Both helpers use
``server.request()`` (PTB's default HTTPXRequest sharing one SSL context, ~50 ms faster per bot).

Waiting: ``wait_for(method, predicate, timeout, count)`` returns finished ``CallRecord``s (already
recorded ones count; pass ``since=time.monotonic()`` to skip them). ``wait_for_message(chat)``
returns the first bot message sent *or edited* after the chat's latest injected update.
Latency: ``delivery_time(update_id)`` (getUpdates response built / webhook POST started) and
``reply_latency(update_id)`` (to the first reply call for that chat, see ``REPLY_METHODS``).

Request decoding: PTB sends ``application/x-www-form-urlencoded`` (``multipart/form-data`` when
files are uploaded) where plain strings are sent as-is and every other value (ints, bools, lists,
dicts such as ``reply_markup``) is a JSON *string*. The server decodes all of that (plus JSON bodies
and query strings used by other clients) into ``CallRecord.params`` with JSON values parsed.

What is emulated: long polling with offsets/allowed_updates/"terminated by other getUpdates"
conflicts, webhooks (POSTed with ``X-Telegram-Bot-Api-Secret-Token``), message sending/editing/
deleting with Telegram's validation and error wording (HTML/MarkdownV2/Markdown entity parsing,
4096/1024 UTF-16 limits, inline keyboard checks, "message is not modified", callback query
expiry), file uploads + getFile/download, bot commands/descriptions, fault injection (HTTP errors,
429 with retry_after, dropped connections, blocked users, latency, flood limits) and records of
everything (``calls``, ``sent_messages()``, ``deliveries``) with async waiting helpers.

Deliberate differences from the real server:

* ``strict_html=True`` (default) rejects a bare ``&`` that does not start ``&lt; &gt; &amp; &quot;
  &#NNN; &#xHH;`` (with ``;``) - Telegram's documentation requires escaping it but the real
  server silently keeps it. Pass ``strict_html=False`` for the lenient real behaviour.
* Message ids are per chat (also for basic groups); the text is trimmed of ASCII whitespace.
* Unknown methods answer 404 "Not Found: method not found"; :meth:`FakeBotAPI.register_method`
  adds more methods.
* ``getUpdates`` responses carry ``Connection: close`` (``close_polling_connections=True``): PTB
  cancels an in-flight long poll on ``Updater.stop()`` and immediately reuses its one-connection
  pool, which otherwise stalls shutdown for PTB's 1 s pool timeout when an update was in transit.
"""

import asyncio
import bisect
import contextlib
import datetime as dtm
import inspect
import itertools
import json
import math
import re
import ssl
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

__all__ = [
    "ApiError",
    "CallRecord",
    "DeliveryRecord",
    "EntityParseError",
    "FakeBotAPI",
    "SentMessage",
    "UploadedFile",
    "detect_entities",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "utf16_len",
]

JSONDict = dict[str, Any]

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64

#: Methods whose first successful call for a chat counts as "the bot replied" for latency.
REPLY_METHODS = frozenset(
    {
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageCaption",
        "answerCallbackQuery",
        "sendDocument",
        "sendPhoto",
        "sendChatAction",
    }
)

_DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# Form fields that are strings in the Bot API and must never be JSON-decoded ("123" stays "123").
_RAW_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "description",
        "short_description",
        "language_code",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "action",
        "emoji",
        "title",
        "name",
        "query",
        "ip_address",
        "file_id",
        "document",
        "photo",
        "sticker",
        "voice",
        "audio",
        "video",
        "animation",
        "video_note",
        "thumbnail",
        "certificate",
        "question",
        "explanation",
        "payload",
        "currency",
        "provider_token",
        "start_parameter",
        "game_short_name",
        "next_offset",
        "first_name",
        "last_name",
        "username",
    }
)
_SPACES = " \t\r\n\v\f\0"


_SSL_CONTEXT: list[ssl.SSLContext] = []


def _shared_ssl_context() -> ssl.SSLContext:
    if not _SSL_CONTEXT:
        _SSL_CONTEXT.append(ssl.create_default_context())
    return _SSL_CONTEXT[0]


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (how Telegram counts lengths and offsets)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _now_ts() -> int:
    return int(time.time())


def _to_ts(date: int | float | dtm.datetime | None) -> int:
    if date is None:
        return _now_ts()
    if isinstance(date, dtm.datetime):
        return int(date.timestamp())
    return int(date)


# --------------------------------------------------------------------------------------------------
# Errors and records
# --------------------------------------------------------------------------------------------------


class ApiError(Exception):
    """Raised by method implementations; becomes ``{"ok": false, "error_code", "description"}``."""

    def __init__(self, error_code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


class EntityParseError(ValueError):
    """Markup could not be parsed; the message is Telegram's text after "can't parse entities: "."""


@dataclass(eq=False)
class UploadedFile:
    """A file part of a multipart request (or a file injected by a fake user)."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes
    file_id: str | None = None
    file_unique_id: str | None = None
    file_path: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(eq=False)
class CallRecord:
    """One HTTP call the bot made. ``time`` is ``time.monotonic()`` when the request arrived."""

    method: str
    params: JSONDict
    time: float
    http_method: str = "POST"
    chat_id: int | None = None
    files: dict[str, UploadedFile] = field(default_factory=dict)
    status: int | None = None
    response: JSONDict | None = None
    finished: float | None = None
    dropped: bool = False
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.response is not None and self.response.get("ok") is True

    @property
    def result(self) -> Any:
        return None if self.response is None else self.response.get("result")

    @property
    def error_code(self) -> int | None:
        return None if self.response is None else self.response.get("error_code")

    @property
    def description(self) -> str | None:
        return None if self.response is None else self.response.get("description")

    def summary(self) -> str:
        parts = [self.method]
        if self.chat_id is not None:
            parts.append(f"chat={self.chat_id}")
        for key in ("text", "caption", "callback_query_id", "data"):
            value = self.params.get(key)
            if isinstance(value, str):
                shown = value if len(value) <= 60 else value[:57] + "..."
                parts.append(f"{key}={shown!r}")
        if self.dropped:
            parts.append("-> connection dropped")
        elif self.cancelled:
            parts.append("-> cancelled by client")
        elif self.response is None:
            parts.append("-> (in flight)")
        elif self.ok:
            parts.append("-> ok")
        else:
            parts.append(f"-> {self.error_code} {self.description!r}")
        return " ".join(parts)


@dataclass(eq=False)
class SentMessage:
    """A message the bot sent (current state; previous versions in ``edits``)."""

    chat_id: int
    message_id: int
    method: str
    text: str | None
    caption: str | None
    raw_text: str | None
    parse_mode: str | None
    entities: list[JSONDict]
    reply_markup: JSONDict | None
    message: JSONDict
    sent_at: float
    date: int
    call: CallRecord | None = None
    file: UploadedFile | None = None
    edits: list[JSONDict] = field(default_factory=list)
    deleted: bool = False
    deleted_at: float | None = None
    updated_at: float = 0.0  # monotonic time of the send or of the latest edit

    def __post_init__(self) -> None:
        self.updated_at = max(self.updated_at, self.sent_at)

    @property
    def content(self) -> str:
        """Text or caption (empty string if neither)."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def edited(self) -> bool:
        return bool(self.edits)

    @property
    def inline_keyboard(self) -> list[list[JSONDict]]:
        markup = self.reply_markup or {}
        return markup.get("inline_keyboard") or []

    @property
    def buttons(self) -> list[JSONDict]:
        return [button for row in self.inline_keyboard for button in row]

    @property
    def button_texts(self) -> list[str]:
        return [button.get("text", "") for button in self.buttons]

    @property
    def callback_data(self) -> list[str]:
        return [b["callback_data"] for b in self.buttons if "callback_data" in b]


@dataclass(eq=False)
class DeliveryRecord:
    """One delivery of an update to the bot (a getUpdates response or a webhook POST)."""

    update_id: int
    time: float
    via: str
    status: int | None = None
    finished: float | None = None
    error: str | None = None
    url: str | None = None  # webhook deliveries: where it was posted


@dataclass(eq=False)
class _Pending:
    update: JSONDict
    redelivery: bool = False
    delivered: bool = False
    drop: bool = False


@dataclass(eq=False)
class _Fault:
    kind: str
    remaining: int
    error_code: int = 429
    retry_after: int | None = None
    description: str | None = None
    after_processing: bool = False


@dataclass(eq=False)
class _Query:
    created: float
    chat_id: int | None
    answered: bool = False
    answer: JSONDict | None = None


@dataclass(eq=False)
class _CallWaiter:
    methods: frozenset[str] | None
    predicate: Callable[[CallRecord], bool] | None
    since: float | None
    count: int
    future: asyncio.Future[None]
    matches: list[CallRecord] = field(default_factory=list)

    def offer(self, record: CallRecord) -> None:
        if self.future.done():
            return
        if self.methods is not None and record.method.lower() not in self.methods:
            return
        if self.since is not None and record.time < self.since:
            return
        try:
            if self.predicate is not None and not self.predicate(record):
                return
        except Exception as exc:
            self.future.set_exception(exc)
            return
        self.matches.append(record)
        if len(self.matches) >= self.count:
            self.future.set_result(None)


@dataclass(eq=False)
class _MessageWaiter:
    predicate: Callable[[SentMessage], bool] | None
    since: float
    future: asyncio.Future[SentMessage]

    def offer(self, message: SentMessage) -> None:
        if self.future.done() or message.updated_at < self.since:
            return
        try:
            if self.predicate is not None and not self.predicate(message):
                return
        except Exception as exc:
            self.future.set_exception(exc)
            return
        self.future.set_result(message)


@dataclass(eq=False)
class _Webhook:
    url: str
    secret_token: str | None
    max_connections: int
    ip_address: str | None
    allowed_updates: list[str] | None


class _Described:
    """A successful result that also carries a ``description`` (e.g. "Webhook was set")."""

    def __init__(self, result: Any, description: str) -> None:
        self.result = result
        self.description = description


class _LastUpdate:
    def __repr__(self) -> str:
        return "LAST_UPDATE"


#: Default for ``wait_for_message(since=...)``: messages sent after the chat's latest injected update.
LAST_UPDATE: Any = _LastUpdate()

# --------------------------------------------------------------------------------------------------
# Markup parsing (HTML / MarkdownV2 / Markdown) - modelled on TDLib's parsers and error wording
# --------------------------------------------------------------------------------------------------

_HTML_SPECIAL = re.compile(r"[<&]")
_ENTITY_SNIPPET_RE = re.compile(r"&#?[A-Za-z0-9]{0,8};?")
_NAMED_HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
        "tg-time",
    }
)
_HTML_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
}
_URL_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://\S+$")
_BARE_DOMAIN_RE = re.compile(r"^[\w\-]+(\.[\w\-]+)*\.[A-Za-z]{2,}(:\d+)?([/?#]\S*)?$")
_TG_USER_RE = re.compile(r"^tg:(//)?user/?\?(?:.*&)?id=(\d+)", re.IGNORECASE)


def _link_entity(url: str, offset: int, length: int) -> JSONDict | None:
    url = url.strip()
    if not url:
        return None
    user_match = _TG_USER_RE.match(url)
    if user_match:
        user = {"id": int(user_match.group(2)), "is_bot": False, "first_name": ""}
        return {"type": "text_mention", "offset": offset, "length": length, "user": user}
    if _URL_SCHEME_RE.match(url) or url.lower().startswith(("tg:", "mailto:")):
        return {"type": "text_link", "offset": offset, "length": length, "url": url}
    if _BARE_DOMAIN_RE.match(url):
        return {"type": "text_link", "offset": offset, "length": length, "url": "http://" + url}
    return None


def _decode_html_entity(text: str, pos: int, strict: bool) -> tuple[str | None, int]:
    """Decode the HTML entity at ``text[pos] == '&'``; return (char or None, next position)."""
    n = len(text)
    j = pos + 1
    if j < n and text[j] == "#":
        j += 1
        if j < n and text[j] in "xX":
            j += 1
            start = j
            while j < n and text[j] in "0123456789abcdefABCDEF":
                j += 1
            base = 16
        else:
            start = j
            while j < n and text[j] in "0123456789":
                j += 1
            base = 10
        digits = text[start:j]
        if not digits or j - pos >= 10:
            return None, pos
        code = int(digits, base)
        if code == 0 or code >= 0x10FFFF:
            return None, pos
        if 0xD800 <= code <= 0xDFFF:
            raise EntityParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        char: str | None = chr(code)
    else:
        while j < n and text[j].isascii() and text[j].isalpha():
            j += 1
        char = _NAMED_HTML_ENTITIES.get(text[pos + 1 : j])
        if char is None:
            return None, pos
    if j < n and text[j] == ";":
        j += 1
    elif strict:
        return None, pos
    return char, j


@dataclass(eq=False)
class _OpenTag:
    name: str
    offset: int
    out_index: int
    byte_offset: int
    seq: int
    attrs: dict[str, str]


def parse_html(text: str, *, strict: bool = True) -> tuple[str, list[JSONDict]]:
    """Parse Telegram-HTML into (plain text, entities with UTF-16 offsets).

    Raises :class:`EntityParseError` with Telegram's wording. ``strict`` additionally rejects a
    bare ``&`` (see module docstring).
    """
    out: list[str] = []
    pos16 = 0
    stack: list[_OpenTag] = []
    entities: list[tuple[int, JSONDict]] = []
    seq = itertools.count()
    n = len(text)
    i = 0
    while i < n:
        match = _HTML_SPECIAL.search(text, i)
        if match is None:
            chunk = text[i:]
            out.append(chunk)
            pos16 += utf16_len(chunk)
            break
        j = match.start()
        if j > i:
            chunk = text[i:j]
            out.append(chunk)
            pos16 += utf16_len(chunk)
            i = j
        if text[i] == "&":
            char, nxt = _decode_html_entity(text, i, strict)
            if char is None:
                if strict:
                    snippet = _ENTITY_SNIPPET_RE.match(text, i).group()  # type: ignore[union-attr]
                    raise EntityParseError(
                        f'Unsupported HTML entity "{snippet}" at byte offset {_byte_offset(text, i)}'
                    )
                out.append("&")
                pos16 += 1
                i += 1
                continue
            out.append(char)
            pos16 += utf16_len(char)
            i = nxt
            continue

        begin = i
        if i + 1 < n and text[i + 1] == "/":
            j = i + 2
            while j < n and text[j] not in _SPACES and text[j] != ">":
                j += 1
            end_name = text[i + 2 : j].lower()
            while j < n and text[j] in _SPACES:
                j += 1
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
            if j >= n or text[j] != ">":
                raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
            top = stack[-1]
            if end_name and end_name != top.name:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
                    f'expected "</{top.name}>", found "</{end_name}>"'
                )
            stack.pop()
            i = j + 1
            _close_html_tag(top, pos16, out, entities)
            continue

        j = i + 1
        while j < n and text[j] not in _SPACES and text[j] != ">":
            j += 1
        if j >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        name = text[i + 1 : j].lower()
        if name not in _HTML_TAGS:
            raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, begin)}')
        attrs: dict[str, str] = {}
        while True:
            while j < n and text[j] in _SPACES:
                j += 1
            if j >= n:
                raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
            if text[j] == ">":
                j += 1
                break
            attr_begin = j
            while j < n and text[j] not in _SPACES and text[j] not in "=>":
                j += 1
            attr = text[attr_begin:j].lower()
            if not attr:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{name}" at byte offset {_byte_offset(text, begin)}'
                )
            while j < n and text[j] in _SPACES:
                j += 1
            if j >= n:
                raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
            if text[j] != "=":
                attrs[attr] = ""
                continue
            j += 1
            while j < n and text[j] in _SPACES:
                j += 1
            if j >= n:
                raise EntityParseError(f'Unclosed start tag "{name}" at byte offset {_byte_offset(text, begin)}')
            quote = text[j]
            if quote in "'\"":
                j += 1
                value_chars: list[str] = []
                while j < n and text[j] != quote:
                    if text[j] == "&":
                        char, nxt = _decode_html_entity(text, j, False)
                        if char is not None:
                            value_chars.append(char)
                            j = nxt
                            continue
                    value_chars.append(text[j])
                    j += 1
                if j >= n:
                    raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
                j += 1
                value = "".join(value_chars)
            else:
                token_begin = j
                while j < n and ((text[j].isascii() and text[j].isalnum()) or text[j] in ".-"):
                    j += 1
                value = text[token_begin:j].lower()
                if j < n and text[j] not in _SPACES and text[j] != ">":
                    raise EntityParseError(
                        f"Unexpected end of name token at byte offset {_byte_offset(text, token_begin)}"
                    )
            attrs[attr] = value
        byte_begin = _byte_offset(text, begin)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_begin}')
        if name == "tg-emoji" and not attrs.get("emoji-id"):
            raise EntityParseError(f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {byte_begin}')
        if name == "tg-time" and not attrs.get("unix", "").isdigit():
            raise EntityParseError(f'Tag "tg-time" must have attribute "unix" at byte offset {byte_begin}')
        stack.append(_OpenTag(name, pos16, len(out), byte_begin, next(seq), attrs))
        i = j

    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    ordered = sorted(entities, key=lambda item: (item[1]["offset"], -item[1]["length"], item[0]))
    return "".join(out), _finalize_entities([entity for _, entity in ordered])


def _close_html_tag(tag: _OpenTag, pos16: int, out: list[str], entities: list[tuple[int, JSONDict]]) -> None:
    length = pos16 - tag.offset
    if length <= 0:
        return
    offset = tag.offset
    entity: JSONDict | None
    if tag.name == "a":
        url = tag.attrs.get("href") or "".join(out[tag.out_index :])
        entity = _link_entity(url, offset, length)
    elif tag.name == "blockquote":
        kind = "expandable_blockquote" if "expandable" in tag.attrs else "blockquote"
        entity = {"type": kind, "offset": offset, "length": length}
    elif tag.name == "tg-emoji":
        entity = {
            "type": "custom_emoji",
            "offset": offset,
            "length": length,
            "custom_emoji_id": tag.attrs["emoji-id"],
        }
    elif tag.name == "tg-time":
        entity = {
            "type": "date_time",
            "offset": offset,
            "length": length,
            "unix_time": int(tag.attrs["unix"]),
        }
        if tag.attrs.get("format"):
            entity["date_time_format"] = tag.attrs["format"]
    else:
        entity = {"type": _HTML_SIMPLE_TYPES[tag.name], "offset": offset, "length": length}
        language = tag.attrs.get("class", "")
        if tag.name in ("code", "pre") and entities:
            # <pre><code class="language-x">…</code></pre> (or the reverse nesting) -> one pre entity
            _, last = entities[-1]
            same_span = last["offset"] == offset and last["length"] == length
            if tag.name == "pre" and same_span and last["type"] == "code" and last.get("_language"):
                entities.pop()
                entity["language"] = last["_language"]
            elif (
                tag.name == "code"
                and same_span
                and last["type"] == "pre"
                and language.startswith("language-")
                and language[9:]
            ):
                last["language"] = language[9:]
                return
        if tag.name == "code" and language.startswith("language-") and language[9:]:
            entity["_language"] = language[9:]
    if entity is not None:
        entities.append((tag.seq, entity))


def _finalize_entities(entities: list[JSONDict]) -> list[JSONDict]:
    for entity in entities:
        entity.pop("_language", None)
    return entities


_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def parse_markdown_v2(text: str) -> tuple[str, list[JSONDict]]:
    """Parse MarkdownV2 into (plain text, entities). Close to TDLib, not byte-for-byte identical."""
    out: list[str] = []
    pos16 = 0
    entities: list[JSONDict] = []
    stack: list[JSONDict] = []
    quote: JSONDict | None = None
    n = len(text)
    i = 0
    line_start = True

    def emit(chunk: str) -> None:
        nonlocal pos16
        out.append(chunk)
        pos16 += utf16_len(chunk)

    def open_entity(kind: str, index: int, **extra: Any) -> None:
        stack.append({"type": kind, "offset": pos16, "byte": _byte_offset(text, index), "out": len(out), **extra})

    def close_top() -> JSONDict:
        top = stack.pop()
        length = pos16 - top["offset"]
        if length > 0 and top["type"] not in ("text_link", "custom_emoji"):
            entity = {"type": top["type"], "offset": top["offset"], "length": length}
            if top.get("language"):
                entity["language"] = top["language"]
            entities.append(entity)
        return top

    while i < n:
        c = text[i]
        top_type = stack[-1]["type"] if stack else None
        if top_type in ("code", "pre"):
            if c == "\\" and i + 1 < n and text[i + 1] in "`\\":
                emit(text[i + 1])
                i += 2
            elif top_type == "pre" and text.startswith("```", i):
                close_top()
                i += 3
            elif top_type == "code" and c == "`":
                close_top()
                i += 1
            else:
                emit(c)
                i += 1
            continue
        if line_start:
            line_start = False
            if c == ">" or text.startswith("**>", i):
                if quote is None:
                    quote = {"offset": pos16, "stack_depth": len(stack)}
                i += 1 if c == ">" else 3
                continue
            if quote is not None:
                if len(stack) > quote["stack_depth"]:
                    inner = stack[quote["stack_depth"]]
                    name = _MDV2_NAMES.get(inner["type"], inner["type"])
                    raise EntityParseError(f"Can't find end of {name} entity at byte offset {inner['byte']}")
                if pos16 > quote["offset"]:
                    entities.append(
                        {"type": "blockquote", "offset": quote["offset"], "length": pos16 - quote["offset"]}
                    )
                quote = None
        if c == "\\":
            if i + 1 < n and 0 < ord(text[i + 1]) < 127:
                emit(text[i + 1])
                i += 2
            else:
                emit("\\")
                i += 1
            continue
        if c in "\r\n":
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                emit("\r\n")
                i += 2
            else:
                emit(c)
                i += 1
            line_start = True
            continue
        # closing markers of the innermost entity
        if top_type == "bold" and c == "*":
            close_top()
            i += 1
            continue
        if top_type == "underline" and text.startswith("__", i):
            close_top()
            i += 2
            continue
        if top_type == "italic" and c == "_":
            close_top()
            i += 1
            continue
        if top_type == "strikethrough" and c == "~":
            close_top()
            i += 1
            continue
        if top_type == "spoiler" and text.startswith("||", i):
            close_top()
            i += 2
            continue
        if top_type in ("text_link", "custom_emoji") and c == "]":
            top = close_top()
            length = pos16 - top["offset"]
            i += 1
            url: str | None = None
            if i < n and text[i] == "(":
                url_start = i + 1
                i += 1
                url_chars: list[str] = []
                while i < n and text[i] != ")":
                    if text[i] == "\\" and i + 1 < n and text[i + 1] in ")\\":
                        i += 1
                    url_chars.append(text[i])
                    i += 1
                if i >= n:
                    raise EntityParseError(f"Can't find end of a URL at byte offset {_byte_offset(text, url_start)}")
                i += 1
                url = "".join(url_chars)
            if top["type"] == "custom_emoji":
                if url is None:
                    raise EntityParseError("The entity must contain a tg://emoji or tg://time URL")
                emoji = re.match(r"(?i)^tg://emoji/?\?(?:[^#]*&)?id=([1-9]\d*)(?:[&#]|$)", url)
                if not emoji:
                    raise EntityParseError("Invalid tg://emoji or tg://time URL specified")
                if length > 0:
                    entities.append(
                        {
                            "type": "custom_emoji",
                            "offset": top["offset"],
                            "length": length,
                            "custom_emoji_id": emoji.group(1),
                        }
                    )
            elif length > 0:
                link = _link_entity(url if url is not None else "".join(out[top["out"] :]), top["offset"], length)
                if link is not None:
                    entities.append(link)
            continue
        # opening markers
        if text.startswith("```", i):
            i += 3
            language_end = i
            while language_end < n and text[language_end] not in _SPACES and text[language_end] != "`":
                language_end += 1
            language = ""
            if language_end > i and language_end < n and text[language_end] != "`":
                language = text[i:language_end]
                i = language_end
            if i < n and text[i] in "\r\n":
                i += 2 if i + 1 < n and text[i + 1] in "\r\n" and text[i + 1] != text[i] else 1
            open_entity("pre", i - 3, language=language)
            continue
        if c == "`":
            open_entity("code", i)
            i += 1
            continue
        if text.startswith("__", i):
            open_entity("underline", i)
            i += 2
            continue
        if text.startswith("||", i):
            open_entity("spoiler", i)
            i += 2
            continue
        if c in "*_~":
            open_entity({"*": "bold", "_": "italic", "~": "strikethrough"}[c], i)
            i += 1
            continue
        if c == "[":
            open_entity("text_link", i)
            i += 1
            continue
        if text.startswith("![", i):
            open_entity("custom_emoji", i)
            i += 2
            continue
        if c in _MDV2_RESERVED:
            raise EntityParseError(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")
        emit(c)
        i += 1

    if stack:
        top = stack[-1]
        name = _MDV2_NAMES.get(top["type"], top["type"])
        if top["type"] == "pre" and top.get("language"):
            name = "PreCode"
        raise EntityParseError(f"Can't find end of {name} entity at byte offset {top['byte']}")
    if quote is not None and pos16 > quote["offset"]:
        entities.append({"type": "blockquote", "offset": quote["offset"], "length": pos16 - quote["offset"]})
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def parse_markdown(text: str) -> tuple[str, list[JSONDict]]:
    """Parse legacy Markdown (parse_mode="Markdown") like TDLib."""
    out: list[str] = []
    pos16 = 0
    entities: list[JSONDict] = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            pos16 += 1
            i += 2
            continue
        if c not in "_*`[":
            out.append(c)
            pos16 += utf16_len(c)
            i += 1
            continue
        begin = i
        end_char = "]" if c == "[" else c
        i += 1
        is_pre = False
        language = ""
        if c == "`" and text.startswith("``", i):
            i += 2
            is_pre = True
            language_end = i
            while language_end < n and text[language_end] not in _SPACES and text[language_end] != "`":
                language_end += 1
            if language_end > i and language_end < n and text[language_end] != "`":
                language = text[i:language_end]
                i = language_end
            if i < n and text[i] in "\r\n":
                i += 2 if i + 1 < n and text[i + 1] in "\r\n" and text[i + 1] != text[i] else 1
        start = i
        while i < n and (text[i] != end_char or (is_pre and not text.startswith("```", i))):
            i += 1
        if i >= n:
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {_byte_offset(text, begin)}")
        inner = text[start:i]
        length = utf16_len(inner)
        out.append(inner)
        if length > 0:
            if c == "_":
                entities.append({"type": "italic", "offset": pos16, "length": length})
            elif c == "*":
                entities.append({"type": "bold", "offset": pos16, "length": length})
            elif c == "`":
                entity = {"type": "pre" if is_pre else "code", "offset": pos16, "length": length}
                if language:
                    entity["language"] = language
                entities.append(entity)
        if c == "[":
            url = inner
            if i + 1 < n and text[i + 1] == "(":
                close = text.find(")", i + 2)
                url_end = n if close < 0 else close
                url = text[i + 2 : url_end]
                i = url_end
            link = _link_entity(url, pos16, length) if length > 0 else None
            if link is not None:
                entities.append(link)
        pos16 += length
        i += 3 if is_pre else 1
    return "".join(out), entities


_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")
_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@])")
_HASHTAG_RE = re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")
_URL_RE = re.compile(r"(?i)(?<![\w@])(?:https?://|www\.)[^\s<>\"']+")


def detect_entities(text: str) -> list[JSONDict]:
    """Entities Telegram adds to a user's text: bot_command, mention, hashtag, url."""
    found: list[tuple[int, int, str]] = []
    for kind, regex in (
        ("url", _URL_RE),
        ("bot_command", _COMMAND_RE),
        ("mention", _MENTION_RE),
        ("hashtag", _HASHTAG_RE),
    ):
        for match in regex.finditer(text):
            start, end = match.span()
            if kind == "url":
                while end > start and text[end - 1] in ".,;:!?)":
                    end -= 1
            if any(start < f_end and f_start < end for f_start, f_end, _ in found):
                continue
            found.append((start, end, kind))
    found.sort()
    ascii_text = text.isascii()
    entities = []
    for start, end, kind in found:
        offset = start if ascii_text else utf16_len(text[:start])
        entities.append({"type": kind, "offset": offset, "length": utf16_len(text[start:end])})
    return entities


def _strip_text(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    """Trim leading/trailing whitespace like Telegram, shifting and clipping entities."""
    stripped_left = text.lstrip(" \t\r\n")
    removed = utf16_len(text[: len(text) - len(stripped_left)])
    stripped = stripped_left.rstrip(" \t\r\n")
    if removed == 0 and len(stripped) == len(text):
        return text, entities
    total = utf16_len(stripped)
    result = []
    for entity in entities:
        start = max(entity["offset"] - removed, 0)
        end = min(entity["offset"] + entity["length"] - removed, total)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


# --------------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------------

MethodHandler = Callable[[JSONDict, CallRecord], Any]


class FakeBotAPI:
    """In-process fake of ``api.telegram.org`` for one bot. See the module docstring."""

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_id: int | None = None,
        username: str = "htsd_test_bot",
        first_name: str = "HTSD Test Bot",
        host: str = "127.0.0.1",
        port: int = 0,
        strict_html: bool = True,
        callback_query_timeout: float = 15.0,
        latency: float = 0.0,
        webhook_timeout: float = 10.0,
        webhook_retries: int = 0,
        webhook_retry_delay: float = 0.5,
        first_update_id: int = 1,
        can_join_groups: bool = True,
        can_read_all_group_messages: bool = False,
        supports_inline_queries: bool = False,
        close_polling_connections: bool = True,
    ) -> None:
        if bot_id is None:
            prefix = (token or "").split(":", 1)[0]
            bot_id = int(prefix) if prefix.isdigit() else 7_000_000_001
        self.bot_id = bot_id
        self.username = username
        self.first_name = first_name
        self._token = token
        self.host = host
        self.port = port
        self.strict_html = strict_html
        self.callback_query_timeout = callback_query_timeout
        self.webhook_timeout = webhook_timeout
        self.webhook_retries = webhook_retries
        self.webhook_retry_delay = webhook_retry_delay
        self.can_join_groups = can_join_groups
        self.can_read_all_group_messages = can_read_all_group_messages
        self.supports_inline_queries = supports_inline_queries
        self.close_polling_connections = close_polling_connections

        # server plumbing
        self._runner: web.AppRunner | None = None
        self._url: str | None = None
        self._closing = False
        self._session: aiohttp.ClientSession | None = None

        # records
        self.calls: list[CallRecord] = []
        self.updates: list[JSONDict] = []
        self.deliveries: list[DeliveryRecord] = []
        self.callback_answers: dict[str, JSONDict] = {}
        self._calls_by_method: dict[str, list[CallRecord]] = {}
        self._calls_by_chat: dict[int, list[CallRecord]] = {}
        self._call_waiters: dict[str | None, list[_CallWaiter]] = {}
        self._message_waiters: dict[int, list[_MessageWaiter]] = {}
        self._injected_at: dict[int, float] = {}
        self._delivered_at: dict[int, list[float]] = {}
        self._update_chat: dict[int, int] = {}
        self._last_injection: dict[int, float] = {}

        # Bot API state
        self._next_update_id = first_update_id
        self._pending: deque[_Pending] = deque()
        self._pending_redeliveries = 0
        self._allowed_updates: frozenset[str] | None = None
        self._poll_event = asyncio.Event()
        self._poll_seq = 0
        self._webhook: _Webhook | None = None
        #: a load balancer in front of several bot processes: webhook posts go to these in turn
        self._balanced: list[str] = []
        self._balance_turn = itertools.count()
        self._webhook_queue: asyncio.Queue[JSONDict] | None = None
        self._webhook_workers: list[asyncio.Task[None]] = []
        self._webhook_last_error: tuple[int, str] | None = None
        self._background: set[asyncio.Task[Any]] = set()

        self._users: dict[int, JSONDict] = {}
        self._chats: dict[int, JSONDict] = {}
        self._chat_by_username: dict[str, int] = {}
        self._next_message_ids: dict[int, int] = {}
        self._bot_messages: dict[tuple[int, int], SentMessage] = {}
        self._sent: list[SentMessage] = []
        self._sent_by_chat: dict[int, list[SentMessage]] = {}
        self._activity_by_chat: dict[int, list[tuple[float, SentMessage]]] = {}
        self._user_messages: dict[tuple[int, int], JSONDict] = {}
        self._queries: dict[str, _Query] = {}
        self._query_ids = itertools.count(4_611_686_018_427_387_904 + 1)
        self._file_ids = itertools.count(1)
        self._files: dict[str, UploadedFile] = {}
        self._files_by_path: dict[str, UploadedFile] = {}
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._descriptions: dict[str, str] = {}
        self._short_descriptions: dict[str, str] = {}
        self._channel_ids = itertools.count(1)

        # fault injection
        self._faults: dict[str, deque[_Fault]] = {}
        self._blocked: set[int] = set()
        self._latency: dict[str | None, float] = {None: latency}
        self._flood: dict[str, float | None] = {"global": None, "chat": None, "group": None}
        self._flood_global: deque[float] = deque()
        self._flood_chat: dict[int, deque[float]] = {}
        self._flood_group: dict[int, deque[float]] = {}

        self._methods: dict[str, tuple[str, MethodHandler]] = {}
        for name, handler in (
            ("getMe", self._m_get_me),
            ("getUpdates", self._m_get_updates),
            ("setWebhook", self._m_set_webhook),
            ("deleteWebhook", self._m_delete_webhook),
            ("getWebhookInfo", self._m_get_webhook_info),
            ("sendMessage", self._m_send_message),
            ("editMessageText", self._m_edit_message_text),
            ("editMessageReplyMarkup", self._m_edit_message_reply_markup),
            ("editMessageCaption", self._m_edit_message_caption),
            ("deleteMessage", self._m_delete_message),
            ("answerCallbackQuery", self._m_answer_callback_query),
            ("setMyCommands", self._m_set_my_commands),
            ("getMyCommands", self._m_get_my_commands),
            ("deleteMyCommands", self._m_delete_my_commands),
            ("sendChatAction", self._m_send_chat_action),
            ("sendDocument", self._m_send_document),
            ("sendPhoto", self._m_send_photo),
            ("getFile", self._m_get_file),
            ("getChat", self._m_get_chat),
            ("close", self._m_true),
            ("logOut", self._m_true),
            ("setMyDescription", self._m_set_my_description),
            ("getMyDescription", self._m_get_my_description),
            ("setMyShortDescription", self._m_set_my_short_description),
            ("getMyShortDescription", self._m_get_my_short_description),
        ):
            self.register_method(name, handler)

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> "FakeBotAPI":
        if self._runner is not None:
            raise RuntimeError("FakeBotAPI is already started")
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        host, port = runner.addresses[0][:2]
        self.port = port
        self._url = f"http://{host}:{port}"
        self._closing = False
        return self

    async def stop(self) -> None:
        self._closing = True
        self._wake_pollers()
        await self._stop_webhook_workers()
        for task in list(self._background):
            task.cancel()
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "FakeBotAPI":
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        if self._url is None:
            raise RuntimeError("FakeBotAPI is not started")
        return self._url

    @property
    def base_url(self) -> str:
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def token(self) -> str:
        """The configured token, or a plausible one (any token is accepted when none is set)."""
        return self._token or f"{self.bot_id}:AAFakeTokenForTestsOnly_0123456789abcd"

    @property
    def bot_user(self) -> JSONDict:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    def bot_kwargs(self) -> JSONDict:
        """Keyword arguments for ``telegram.Bot(**server.bot_kwargs())``."""
        return {"token": self.token, "base_url": self.base_url, "base_file_url": self.base_file_url}

    @staticmethod
    def request(*, connection_pool_size: int = 256, **kwargs: Any) -> Any:
        """A ``telegram.request.HTTPXRequest`` like PTB's default, but sharing one SSL context.

        Every PTB ``Bot`` builds two httpx clients and each loads the CA bundle (~25 ms apiece);
        the fake is plain HTTP, so reusing a single context only makes test setup faster.
        """
        from telegram.request import HTTPXRequest  # imported lazily: the module only needs aiohttp

        httpx_kwargs = {"verify": _shared_ssl_context(), **kwargs.pop("httpx_kwargs", {})}
        return HTTPXRequest(connection_pool_size=connection_pool_size, httpx_kwargs=httpx_kwargs, **kwargs)

    def make_bot(self, **kwargs: Any) -> Any:
        """A ``telegram.Bot`` pointed at this server (``kwargs`` override, e.g. ``request=``)."""
        from telegram import Bot

        if "request" not in kwargs:
            kwargs["request"] = self.request()
        if "get_updates_request" not in kwargs:
            kwargs["get_updates_request"] = self.request(connection_pool_size=1)
        return Bot(**{**self.bot_kwargs(), **kwargs})

    def application_builder(self, *, fast_requests: bool = True) -> Any:
        """A ``telegram.ext.ApplicationBuilder`` with token/base_url/base_file_url pointing here.

        With ``fast_requests`` (default) the builder gets :meth:`request` instances equivalent to
        PTB's defaults (pool sizes 256 / 1 for getUpdates). PTB then refuses builder calls such as
        ``.connection_pool_size()`` or ``.read_timeout()``; pass ``fast_requests=False`` to use those
        (or pass your own ``.request(server.request(read_timeout=...))``).
        """
        from telegram.ext import ApplicationBuilder

        builder = ApplicationBuilder().token(self.token).base_url(self.base_url).base_file_url(self.base_file_url)
        if fast_requests:
            builder = builder.request(self.request()).get_updates_request(self.request(connection_pool_size=1))
        return builder

    def register_method(self, name: str, handler: MethodHandler) -> None:
        """Add/override a Bot API method. ``handler(params, record)`` returns the result (may be
        a coroutine) or raises :class:`ApiError`."""
        self._methods[name.lower()] = (name, handler)

    # ------------------------------------------------------------------ HTTP layer

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        raw_method = request.match_info["method"]
        unauthorized = self._token is not None and request.match_info["token"] != self._token
        key = raw_method.lower()
        canonical = self._methods[key][0] if key in self._methods else raw_method
        try:
            params, files = await self._read_params(request)
            parse_error = None
        except ApiError as exc:
            params, files, parse_error = {}, {}, exc
        record = CallRecord(
            method=canonical,
            params=params,
            time=time.monotonic(),
            http_method=request.method,
            files=files,
        )
        with contextlib.suppress(ApiError):
            record.chat_id = self._chat_of_call(key, params)
        self._add_record(record)
        try:
            if unauthorized:
                raise ApiError(401, "Unauthorized")
            if parse_error is not None:
                raise parse_error
            status, body = await self._process(key, record)
        except asyncio.CancelledError:
            record.cancelled = True
            record.finished = time.monotonic()
            self._notify_call(record)
            raise
        except _DropConnection:
            record.dropped = True
            record.status = 0
            record.finished = time.monotonic()
            self._notify_call(record)
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=500)
        except ApiError as exc:
            status, body = exc.error_code, exc.payload()
        record.status = status
        record.response = body
        record.finished = time.monotonic()
        self._notify_call(record)
        response = self._json(status, body)
        if key == "getupdates" and self.close_polling_connections:
            # PTB cancels an in-flight long poll on Updater.stop() without awaiting it and then issues a
            # cleanup getUpdates on its 1-connection pool; a kept-alive connection then stalls that
            # cleanup for the 1 s pool timeout. Closing the connection avoids that.
            response.force_close()
        return response

    @staticmethod
    def _json(status: int, body: JSONDict) -> web.Response:
        return web.Response(status=status, body=json.dumps(body).encode(), content_type="application/json")

    async def _read_params(self, request: web.Request) -> tuple[JSONDict, dict[str, UploadedFile]]:
        params: JSONDict = {}
        files: dict[str, UploadedFile] = {}
        for key, value in request.query.items():
            params[key] = _decode_form_value(key, value)
        if request.method == "POST" and request.can_read_body:
            content_type = request.content_type
            if content_type == "application/json":
                try:
                    body = json.loads(await request.read() or b"{}")
                except ValueError as exc:
                    raise bad_request("can't parse JSON object") from exc
                if not isinstance(body, dict):
                    raise bad_request("JSON object expected")
                for key, value in body.items():
                    params[key] = (
                        _decode_form_value(key, value) if isinstance(value, str) and value[:1] in "[{" else value
                    )
            elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        uploaded = UploadedFile(key, value.filename, value.content_type, value.file.read())
                        files[key] = uploaded
                        params[key] = uploaded
                    else:
                        params[key] = _decode_form_value(key, value)
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
                params[key] = files[value[9:]]
        return params, files

    async def _process(self, key: str, record: CallRecord) -> tuple[int, JSONDict]:
        fault = self._take_fault(key)
        if fault is not None and fault.kind == "network" and not fault.after_processing:
            raise _DropConnection
        delay = self._latency.get(key, self._latency[None])
        if delay > 0:
            await asyncio.sleep(delay)
        if fault is not None and fault.kind == "error":
            raise _fault_error(fault)
        entry = self._methods.get(key)
        if entry is None:
            raise ApiError(404, "Not Found: method not found")
        if record.chat_id is not None and (_is_chat_write(key) or key == "sendchataction"):
            self._check_blocked(record.chat_id)
        if _is_chat_write(key) and record.chat_id is not None:
            self._check_flood(record.chat_id)
        result = entry[1](record.params, record)
        if inspect.isawaitable(result):
            result = await result
        if fault is not None and fault.kind == "network":
            raise _DropConnection
        if isinstance(result, _Described):
            return 200, {"ok": True, "result": result.result, "description": result.description}
        return 200, {"ok": True, "result": result}

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if self._token is not None and request.match_info["token"] != self._token:
            return self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        stored = self._files_by_path.get(request.match_info["path"])
        if stored is None:
            return self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        return web.Response(body=stored.data, content_type=stored.content_type or "application/octet-stream")

    # ------------------------------------------------------------------ records / waiting

    def _add_record(self, record: CallRecord) -> None:
        self.calls.append(record)
        self._calls_by_method.setdefault(record.method.lower(), []).append(record)
        if record.chat_id is not None:
            self._calls_by_chat.setdefault(record.chat_id, []).append(record)

    def _notify_call(self, record: CallRecord) -> None:
        if not self._call_waiters:
            return
        for key in (record.method.lower(), None):
            waiters = self._call_waiters.get(key)
            if waiters:
                for waiter in list(waiters):
                    waiter.offer(record)

    def _notify_message(self, message: SentMessage) -> None:
        waiters = self._message_waiters.get(message.chat_id)
        if waiters:
            for waiter in list(waiters):
                waiter.offer(message)

    def calls_to(self, method: str) -> list[CallRecord]:
        """All calls of one method (case-insensitive), in arrival order."""
        return list(self._calls_by_method.get(method.lower(), []))

    def calls_for_chat(self, chat_id: int | str) -> list[CallRecord]:
        """All calls addressed to a chat (answerCallbackQuery counts for the query's chat)."""
        return list(self._calls_by_chat.get(self._resolve_chat_id(chat_id), []))

    def sent_messages(self, chat_id: int | str | None = None) -> list[SentMessage]:
        """Messages the bot sent (including later-deleted ones, see ``.deleted``), oldest first."""
        if chat_id is None:
            return list(self._sent)
        return list(self._sent_by_chat.get(self._resolve_chat_id(chat_id), []))

    def last_message(self, chat_id: int | str) -> SentMessage | None:
        messages = self._sent_by_chat.get(self._resolve_chat_id(chat_id))
        return messages[-1] if messages else None

    def get_message(self, chat_id: int | str, message_id: int) -> SentMessage | None:
        return self._bot_messages.get((self._resolve_chat_id(chat_id), message_id))

    def recent_calls(self, limit: int = 20) -> str:
        lines = [f"  {record.summary()}" for record in self.calls[-limit:]]
        return "\n".join(lines) if lines else "  (no calls)"

    def reset_records(self) -> None:
        """Forget recorded calls, deliveries and injected-update lists (e.g. between benchmark
        phases). Bot API state - sent messages, pending updates, queries - is kept."""
        self.calls.clear()
        self._calls_by_method.clear()
        self._calls_by_chat.clear()
        self.deliveries.clear()
        self.updates.clear()

    async def wait_for(
        self,
        method: str | Iterable[str] | None,
        predicate: Callable[[CallRecord], bool] | None = None,
        timeout: float = 5.0,
        count: int = 1,
        *,
        since: float | None = None,
    ) -> list[CallRecord]:
        """Wait until ``count`` finished calls of ``method`` (name, names or None = any) match.

        Already recorded calls count (use ``since=time.monotonic()`` taken earlier to ignore them).
        Failed calls count too - check ``record.ok``. Returns the first ``count`` matches.
        """
        names = None if method is None else ([method] if isinstance(method, str) else list(method))
        methods = None if names is None else frozenset(name.lower() for name in names)
        waiter = _CallWaiter(methods, predicate, since, count, asyncio.get_running_loop().create_future())
        sources: list[list[CallRecord]] = (
            [self.calls] if methods is None else [self._calls_by_method.get(m, []) for m in methods]
        )
        existing: list[CallRecord] = []
        for source in sources:
            start = 0 if since is None else bisect.bisect_left(source, since, key=lambda r: r.time)
            existing.extend(record for record in source[start:] if record.finished is not None)
        if len(sources) > 1:
            existing.sort(key=lambda record: record.time)
        for record in existing:
            waiter.offer(record)
        if not waiter.future.done():
            keys: list[str | None] = [None] if methods is None else list(methods)
            for key in keys:
                self._call_waiters.setdefault(key, []).append(waiter)
            try:
                await asyncio.wait_for(waiter.future, timeout)
            except TimeoutError:
                shown = "any method" if names is None else "/".join(names)
                raise TimeoutError(
                    f"Timed out after {timeout}s waiting for {count} call(s) to {shown} "
                    f"(matched {len(waiter.matches)}). Recent calls:\n{self.recent_calls()}"
                ) from None
            finally:
                for key in keys:
                    with contextlib.suppress(ValueError, KeyError):
                        self._call_waiters[key].remove(waiter)
        waiter.future.result()
        return waiter.matches[:count]

    async def wait_for_message(
        self,
        chat_id: int | str,
        predicate: Callable[[SentMessage], bool] | None = None,
        timeout: float = 5.0,
        *,
        since: Any = LAST_UPDATE,
    ) -> SentMessage:
        """Wait for a bot message in ``chat_id`` matching ``predicate`` (re-checked on every edit).

        A message counts when it was sent *or edited* after ``since``. The default is the most
        recent update injected for that chat (so "inject, then wait" sees only the reaction to it,
        including an edited menu); ``since=None`` considers all messages; a float is a
        ``time.monotonic()`` lower bound.
        """
        chat = self._resolve_chat_id(chat_id)
        if since is LAST_UPDATE:
            since_value = self._last_injection.get(chat, -math.inf)
        elif since is None:
            since_value = -math.inf
        else:
            since_value = float(since)
        waiter = _MessageWaiter(predicate, since_value, asyncio.get_running_loop().create_future())
        activity = self._activity_by_chat.get(chat, [])
        start = bisect.bisect_left(activity, since_value, key=lambda event: event[0])
        seen: set[int] = set()
        for _, message in activity[start:]:
            if id(message) in seen:
                continue
            seen.add(id(message))
            waiter.offer(message)
            if waiter.future.done():
                return waiter.future.result()
        messages = self._sent_by_chat.get(chat, [])
        waiters = self._message_waiters.setdefault(chat, [])
        waiters.append(waiter)
        try:
            return await asyncio.wait_for(waiter.future, timeout)
        except TimeoutError:
            shown = "\n".join(f"  #{m.message_id}: {m.content[:80]!r}" for m in messages[-10:]) or "  (none)"
            raise TimeoutError(
                f"Timed out after {timeout}s waiting for a bot message in chat {chat}. "
                f"Messages in that chat:\n{shown}\nRecent calls:\n{self.recent_calls()}"
            ) from None
        finally:
            with contextlib.suppress(ValueError):
                waiters.remove(waiter)

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 5.0, interval: float = 0.005) -> None:
        """Poll ``condition()`` until it is true (TimeoutError otherwise)."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() >= deadline:
                raise TimeoutError(f"Condition not met within {timeout}s. Recent calls:\n{self.recent_calls()}")
            await asyncio.sleep(interval)

    # latency bookkeeping ------------------------------------------------------------------

    def injection_time(self, update_id: int) -> float | None:
        return self._injected_at.get(update_id)

    def delivery_time(self, update_id: int) -> float | None:
        """``time.monotonic()`` when the update was first handed to the bot (getUpdates response
        built / webhook POST started), or None if not delivered yet."""
        times = self._delivered_at.get(update_id)
        return times[0] if times else None

    def delivery_times(self, update_id: int) -> list[float]:
        return list(self._delivered_at.get(update_id, []))

    def update_chat_id(self, update_id: int) -> int | None:
        return self._update_chat.get(update_id)

    def first_reply(
        self, update_id: int, methods: Iterable[str] = REPLY_METHODS, *, ok_only: bool = True
    ) -> CallRecord | None:
        """First call to the update's chat (one of ``methods``) that arrived after its delivery."""
        delivered = self.delivery_time(update_id)
        chat = self._update_chat.get(update_id)
        if delivered is None or chat is None:
            return None
        wanted = {m.lower() for m in methods}
        records = self._calls_by_chat.get(chat, [])
        start = bisect.bisect_left(records, delivered, key=lambda r: r.time)
        for record in records[start:]:
            if record.method.lower() in wanted and (record.ok or not ok_only):
                return record
        return None

    def reply_latency(self, update_id: int, methods: Iterable[str] = REPLY_METHODS) -> float | None:
        """Seconds from delivery of the update to the bot's first reply call for its chat."""
        reply = self.first_reply(update_id, methods)
        delivered = self.delivery_time(update_id)
        if reply is None or delivered is None:
            return None
        return reply.time - delivered

    # ------------------------------------------------------------------ fault injection

    def fail_next(
        self,
        method: str,
        count: int = 1,
        error_code: int = 429,
        retry_after: int | None = 1,
        description: str | None = None,
    ) -> None:
        """The next ``count`` calls of ``method`` fail with ``error_code`` (429 carries
        ``parameters.retry_after`` - PTB only raises RetryAfter when it is non-zero)."""
        self._faults.setdefault(method.lower(), deque()).append(
            _Fault("error", count, error_code, retry_after, description)
        )

    def fail_network_next(self, method: str, count: int = 1, *, after_processing: bool = False) -> None:
        """Drop the connection for the next ``count`` calls (PTB raises NetworkError). With
        ``after_processing=True`` the call takes effect first (the message *is* sent) and only
        the response is lost."""
        self._faults.setdefault(method.lower(), deque()).append(
            _Fault("network", count, after_processing=after_processing)
        )

    def clear_faults(self) -> None:
        self._faults.clear()

    def block_user(self, chat_id: int) -> None:
        """Sends/edits/chat actions to this chat now get 403 Forbidden."""
        self._blocked.add(int(chat_id))

    def unblock_user(self, chat_id: int) -> None:
        self._blocked.discard(int(chat_id))

    def set_latency(self, seconds: float, method: str | None = None) -> None:
        """Delay every response (or one method's) by ``seconds`` before processing."""
        self._latency[method.lower() if method else None] = seconds

    def set_flood_limits(
        self,
        *,
        global_per_second: float | None = None,
        per_chat_per_second: float | None = None,
        group_per_minute: float | None = None,
    ) -> None:
        """Emulate Telegram's flood control for send*/edit* calls (None disables a limit)."""
        self._flood = {"global": global_per_second, "chat": per_chat_per_second, "group": group_per_minute}

    def _take_fault(self, key: str) -> _Fault | None:
        faults = self._faults.get(key)
        if not faults:
            return None
        fault = faults[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            faults.popleft()
        return fault

    def _check_blocked(self, chat_id: int) -> None:
        if chat_id not in self._blocked:
            return
        if chat_id > 0:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        kind = "supergroup chat" if str(chat_id).startswith("-100") else "group chat"
        raise ApiError(403, f"Forbidden: bot was kicked from the {kind}")

    def _check_flood(self, chat_id: int) -> None:
        now = time.monotonic()
        windows: list[tuple[deque[float], float, float]] = []
        if self._flood["global"]:
            windows.append((self._flood_global, 1.0, self._flood["global"]))
        if self._flood["chat"]:
            windows.append((self._flood_chat.setdefault(chat_id, deque()), 1.0, self._flood["chat"]))
        if self._flood["group"] and chat_id < 0:
            windows.append((self._flood_group.setdefault(chat_id, deque()), 60.0, self._flood["group"]))
        for stamps, window, limit in windows:
            while stamps and stamps[0] <= now - window:
                stamps.popleft()
            if len(stamps) >= limit:
                retry_after = max(1, math.ceil(stamps[0] + window - now))
                raise ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
        for stamps, _, _ in windows:
            stamps.append(now)

    # ------------------------------------------------------------------ users, chats, ids

    def _resolve_chat_id(self, value: Any) -> int:
        if isinstance(value, bool):
            raise bad_request("chat not found")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            stripped = value.strip()
            if stripped.lstrip("-").isdigit():
                return int(stripped)
            if stripped.startswith("@") and len(stripped) > 1:
                username = stripped[1:].lower()
                if username not in self._chat_by_username:
                    chat_id = -1_009_000_000_000 - next(self._channel_ids)
                    self._chats[chat_id] = {
                        "id": chat_id,
                        "type": "channel",
                        "title": stripped[1:],
                        "username": stripped[1:],
                    }
                    self._chat_by_username[username] = chat_id
                return self._chat_by_username[username]
        raise bad_request("chat not found")

    def _require_chat(self, params: JSONDict) -> int:
        value = params.get("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        return self._resolve_chat_id(value)

    def _chat_of_call(self, key: str, params: JSONDict) -> int | None:
        if key == "answercallbackquery":
            query = self._queries.get(str(params.get("callback_query_id", "")))
            return query.chat_id if query else None
        if params.get("chat_id") not in (None, ""):
            return self._resolve_chat_id(params["chat_id"])
        return None

    def _chat_object(self, chat_id: int) -> JSONDict:
        chat = self._chats.get(chat_id)
        if chat is not None:
            return dict(chat)
        if chat_id > 0:
            return {"id": chat_id, "first_name": f"User{chat_id}", "type": "private"}
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return {"id": chat_id, "title": f"Group {chat_id}", "type": kind}

    def _user(
        self,
        user_id: int,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> JSONDict:
        user = dict(self._users.get(user_id) or {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"})
        if first_name is not None:
            user["first_name"] = first_name
        if last_name is not None:
            user["last_name"] = last_name
        if username is not None:
            user["username"] = username
        if language_code is not None:
            user["language_code"] = language_code
        self._users[user_id] = user
        if username:
            self._chat_by_username[username.lower()] = user_id
        return dict(user)

    def _private_chat(self, user: JSONDict) -> JSONDict:
        chat = {"id": user["id"], "first_name": user["first_name"], "type": "private"}
        for key in ("last_name", "username"):
            if key in user:
                chat[key] = user[key]
        self._chats[chat["id"]] = chat
        return dict(chat)

    def _group_chat(self, chat_id: int, chat_type: str | None, title: str | None) -> JSONDict:
        existing = self._chats.get(chat_id)
        if chat_type is None:
            chat_type = existing["type"] if existing else ("supergroup" if str(chat_id).startswith("-100") else "group")
        chat = {
            "id": chat_id,
            "title": title or (existing or {}).get("title") or f"Group {chat_id}",
            "type": chat_type,
        }
        self._chats[chat_id] = chat
        return dict(chat)

    def _next_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_ids.get(chat_id, 0) + 1
        self._next_message_ids[chat_id] = message_id
        return message_id

    def _chat_instance(self, chat_id: int) -> str:
        return str((chat_id * 2654435761 + self.bot_id) % (2**63))

    # ------------------------------------------------------------------ update injection

    def inject(self, update: JSONDict) -> JSONDict:
        """Deliver a raw update dict (``update_id`` is assigned when missing)."""
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
        for value in update.values():
            if not isinstance(value, dict):
                continue
            message = value.get("message") if "chat_instance" in value else value
            sender = value.get("from")
            if isinstance(sender, dict) and "id" in sender:
                self._users.setdefault(sender["id"], dict(sender))
            if isinstance(message, dict) and isinstance(message.get("chat"), dict):
                chat = message["chat"]
                self._chats.setdefault(chat["id"], dict(chat))
                if "message_id" in message and "chat_instance" not in value:
                    self._user_messages[(chat["id"], message["message_id"])] = message
                    self._next_message_ids[chat["id"]] = max(
                        self._next_message_ids.get(chat["id"], 0), message["message_id"]
                    )
            if "chat_instance" in value and "id" in value and str(value["id"]) not in self._queries:
                chat_id = message["chat"]["id"] if isinstance(message, dict) and "chat" in message else None
                self._queries[str(value["id"])] = _Query(time.monotonic(), chat_id)
        self.updates.append(update)
        self._deliver(update, redelivery=False)
        return update

    def redeliver(self, update: JSONDict) -> JSONDict:
        """Deliver the very same update (same update_id) again, e.g. to test idempotence."""
        self._deliver(update, redelivery=True)
        return update

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        chat_title: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        reply_to_message: Any = None,
        entities: list[JSONDict] | None = None,
        date: int | float | dtm.datetime | None = None,
    ) -> JSONDict:
        """A user sends ``text``. bot_command/mention/hashtag/url entities are added like Telegram
        does unless ``entities`` is given. Returns the update dict."""
        message = self._user_message(
            user_id,
            chat_id=chat_id,
            chat_type=chat_type,
            chat_title=chat_title,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
            reply_to_message=reply_to_message,
            date=date,
        )
        message["text"] = text
        found = detect_entities(text) if entities is None else entities
        if found:
            message["entities"] = found
        return self._new_update({"message": message})

    def send_group_text(
        self,
        user_id: int,
        group_chat_id: int,
        text: str,
        reply_to_bot_message: Any = None,
        *,
        chat_type: str | None = None,
        title: str | None = None,
        **kwargs: Any,
    ) -> JSONDict:
        """A user writes in a group (type 'supergroup' for -100… ids, else 'group')."""
        if chat_type is None:
            existing = self._chats.get(group_chat_id)
            chat_type = (
                existing["type"] if existing else ("supergroup" if str(group_chat_id).startswith("-100") else "group")
            )
        return self.send_text(
            user_id,
            text,
            chat_id=group_chat_id,
            chat_type=chat_type,
            chat_title=title,
            reply_to_message=reply_to_bot_message,
            **kwargs,
        )

    def press_button(
        self,
        user_id: int,
        message: Any,
        data: str,
        *,
        check: bool = True,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> JSONDict:
        """The user presses an inline button with ``callback_data == data`` on a bot message
        (a :class:`SentMessage`, the message dict, or a CallRecord of the send). The update carries
        the message as the bot currently knows it and a fresh query id. With ``check`` a missing
        button or deleted message raises ValueError (a test bug, not bot behaviour)."""
        tracked = self._find_bot_message(message)
        if tracked is not None:
            message_dict = tracked.message
            chat_id = tracked.chat_id
            if check and tracked.deleted:
                raise ValueError(f"message {tracked.message_id} in chat {chat_id} was deleted by the bot")
            available = tracked.callback_data
        else:
            if not isinstance(message, dict) or "chat" not in message:
                raise ValueError("press_button needs a SentMessage or a message dict with 'chat'")
            message_dict = message
            chat_id = message["chat"]["id"]
            rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
            available = [b["callback_data"] for row in rows for b in row if "callback_data" in b]
        if check and data not in available:
            raise ValueError(f"no button with callback_data={data!r}; the message has {available!r}")
        user = self._user(user_id, first_name, None, username, language_code)
        query_id = str(next(self._query_ids))
        self._queries[query_id] = _Query(time.monotonic(), chat_id)
        callback_query = {
            "id": query_id,
            "from": user,
            "message": json.loads(json.dumps(message_dict)),
            "chat_instance": self._chat_instance(chat_id),
            "data": data,
        }
        return self._new_update({"callback_query": callback_query})

    def edit_text(
        self,
        user_id: int,
        message: JSONDict,
        new_text: str,
        *,
        entities: list[JSONDict] | None = None,
        date: int | float | dtm.datetime | None = None,
    ) -> JSONDict:
        """The user edits one of their messages (the update or message dict returned earlier)."""
        original = message.get("message", message)
        key = (original["chat"]["id"], original["message_id"])
        current = self._user_messages.get(key, original)
        if current["from"]["id"] != user_id:
            raise ValueError("a user can only edit their own messages")
        edited = {k: v for k, v in current.items() if k not in ("text", "entities")}
        edited["text"] = new_text
        found = detect_entities(new_text) if entities is None else entities
        if found:
            edited["entities"] = found
        edited["edit_date"] = _to_ts(date)
        self._user_messages[key] = edited
        return self._new_update({"edited_message": edited})

    def send_sticker(self, user_id: int, *, emoji: str = "👍", **kwargs: Any) -> JSONDict:
        file_id, unique_id = self._new_file_ids("CAACAgIAAxk")
        sticker = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": 12345,
        }
        return self._media_update(user_id, {"sticker": sticker}, **kwargs)

    def send_photo(
        self, user_id: int, *, caption: str | None = None, data: bytes = b"\x89PNG fake", **kwargs: Any
    ) -> JSONDict:
        stored = self._store_file(UploadedFile("photo", "photo.jpg", "image/jpeg", data), "photos", "AgACAgIAAxk")
        sizes = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 90,
                "height": 90,
                "file_size": stored.size,
            },
            {
                "file_id": stored.file_id + "_x",
                "file_unique_id": stored.file_unique_id + "x",
                "width": 800,
                "height": 800,
                "file_size": stored.size,
            },
        ]
        self._files[stored.file_id + "_x"] = stored
        content: JSONDict = {"photo": sizes}
        if caption:
            content["caption"] = caption
            found = detect_entities(caption)
            if found:
                content["caption_entities"] = found
        return self._media_update(user_id, content, **kwargs)

    def send_voice(self, user_id: int, *, duration: int = 3, data: bytes = b"OggS fake", **kwargs: Any) -> JSONDict:
        stored = self._store_file(UploadedFile("voice", "voice.ogg", "audio/ogg", data), "voice", "AwACAgIAAxk")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": stored.size,
        }
        return self._media_update(user_id, {"voice": voice}, **kwargs)

    def send_document(
        self,
        user_id: int,
        file_name: str = "file.txt",
        data: bytes = b"hello",
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        **kwargs: Any,
    ) -> JSONDict:
        """The user uploads a document; the bot can getFile + download the bytes."""
        stored = self._store_file(UploadedFile("document", file_name, mime_type, data), "documents", "BQACAgIAAxk")
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "file_size": stored.size,
        }
        if mime_type:
            document["mime_type"] = mime_type
        content: JSONDict = {"document": document}
        if caption:
            content["caption"] = caption
        return self._media_update(user_id, content, **kwargs)

    def _media_update(self, user_id: int, content: JSONDict, **kwargs: Any) -> JSONDict:
        message = self._user_message(user_id, **kwargs)
        message.update(content)
        return self._new_update({"message": message})

    def _user_message(
        self,
        user_id: int,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        chat_title: str | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        reply_to_message: Any = None,
        date: int | float | dtm.datetime | None = None,
    ) -> JSONDict:
        user = self._user(user_id, first_name, last_name, username, language_code)
        if chat_type == "private" and (chat_id is None or chat_id == user_id):
            chat = self._private_chat(user)
        else:
            if chat_id is None:
                raise ValueError("chat_id is required for non-private chats")
            chat = self._group_chat(chat_id, chat_type, chat_title)
        message: JSONDict = {
            "message_id": self._next_message_id(chat["id"]),
            "from": user,
            "chat": chat,
            "date": _to_ts(date),
        }
        if reply_to_message is not None:
            message["reply_to_message"] = self._reply_copy(chat["id"], reply_to_message)
        self._user_messages[(chat["id"], message["message_id"])] = message
        return message

    def _reply_copy(self, chat_id: int, reply_to: Any) -> JSONDict:
        if isinstance(reply_to, int):
            tracked = self._bot_messages.get((chat_id, reply_to))
            original = tracked.message if tracked else self._user_messages.get((chat_id, reply_to))
            if original is None:
                raise ValueError(f"unknown message {reply_to} in chat {chat_id}")
        else:
            tracked = self._find_bot_message(reply_to)
            if tracked is not None:
                original = tracked.message
            elif isinstance(reply_to, dict):
                original = reply_to.get("message", reply_to)
            else:
                raise ValueError("reply_to_message must be a SentMessage, a message/update dict or an id")
        return {k: v for k, v in original.items() if k != "reply_to_message"}

    def _find_bot_message(self, message: Any) -> SentMessage | None:
        if isinstance(message, SentMessage):
            return message
        if isinstance(message, CallRecord):
            message = message.result
        if isinstance(message, dict):
            if "message_id" not in message and isinstance(message.get("message"), dict):
                message = message["message"]
            chat = message.get("chat")
            if isinstance(chat, dict) and "message_id" in message:
                return self._bot_messages.get((chat["id"], message["message_id"]))
        return None

    def _new_update(self, body: JSONDict) -> JSONDict:
        update = {"update_id": self._next_update_id, **body}
        self._next_update_id += 1
        self.updates.append(update)
        self._deliver(update, redelivery=False)
        return update

    def _deliver(self, update: JSONDict, *, redelivery: bool) -> None:
        update_id = update["update_id"]
        now = time.monotonic()
        self._injected_at.setdefault(update_id, now)
        chat = _chat_of_update(update)
        if chat is not None:
            self._update_chat[update_id] = chat
            self._last_injection[chat] = now
        if self._webhook is not None and self._webhook_queue is not None:
            self._webhook_queue.put_nowait(update)
            return
        self._pending.append(_Pending(update, redelivery=redelivery))
        if redelivery:
            self._pending_redeliveries += 1
        self._wake_pollers()

    def _mark_delivered(self, update_id: int, at: float, via: str) -> DeliveryRecord:
        self._delivered_at.setdefault(update_id, []).append(at)
        record = DeliveryRecord(update_id, at, via)
        self.deliveries.append(record)
        return record

    @property
    def pending_update_count(self) -> int:
        queued = self._webhook_queue.qsize() if self._webhook_queue is not None else 0
        return len(self._pending) + queued

    # ------------------------------------------------------------------ getUpdates machinery

    def _wake_pollers(self) -> None:
        self._poll_event.set()
        self._poll_event = asyncio.Event()

    def _is_allowed(self, update: JSONDict, allowed: frozenset[str] | None) -> bool:
        kind = next((key for key in update if key != "update_id"), None)
        if allowed is None:
            return kind not in _DEFAULT_EXCLUDED_UPDATES
        return kind in allowed

    def _confirm(self, offset: int) -> None:
        pending = self._pending
        if offset < 0:
            while len(pending) > -offset:
                if pending.popleft().redelivery:
                    self._pending_redeliveries -= 1
            return
        if offset == 0:
            return

        def confirmed(entry: _Pending) -> bool:
            return entry.update["update_id"] < offset and (entry.delivered or not entry.redelivery)

        while pending and confirmed(pending[0]):
            if pending.popleft().redelivery:
                self._pending_redeliveries -= 1
        if self._pending_redeliveries > 0:
            kept = deque(entry for entry in pending if not confirmed(entry))
            self._pending = kept
            self._pending_redeliveries = sum(1 for entry in kept if entry.redelivery)

    def _take_batch(self, limit: int) -> list[_Pending]:
        batch: list[_Pending] = []
        dropped = False
        for entry in self._pending:
            if len(batch) >= limit:
                break
            if not self._is_allowed(entry.update, self._allowed_updates):
                entry.drop = True
                dropped = True
                continue
            batch.append(entry)
        if dropped:
            self._pending = deque(entry for entry in self._pending if not entry.drop)
            self._pending_redeliveries = sum(1 for entry in self._pending if entry.redelivery)
        if any(entry.redelivery for entry in batch):
            batch.sort(key=lambda entry: entry.update["update_id"])
        return batch

    async def _m_get_updates(self, params: JSONDict, record: CallRecord) -> list[JSONDict]:
        if self._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        if "allowed_updates" in params:
            allowed = params["allowed_updates"]
            self._allowed_updates = frozenset(allowed) if allowed else None
        self._confirm(offset)
        self._poll_seq += 1
        my_seq = self._poll_seq
        self._wake_pollers()  # an older long poll is terminated with 409, like Telegram does
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            batch = self._take_batch(limit)
            if batch or self._closing:
                break
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            event = self._poll_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
            if self._poll_seq != my_seq:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                )
            if self._webhook is not None:
                return []
        now = time.monotonic()
        result = []
        for entry in batch:
            entry.delivered = True
            delivery = self._mark_delivered(entry.update["update_id"], now, "polling")
            delivery.status = 200
            delivery.finished = now
            result.append(entry.update)
        return result

    # ------------------------------------------------------------------ webhooks

    async def _m_set_webhook(self, params: JSONDict, record: CallRecord) -> Any:
        url = params.get("url") or ""
        if not url:
            return await self._m_delete_webhook(params, record)
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and (not isinstance(secret, str) or not re.fullmatch(r"[A-Za-z0-9_\-]{1,256}", secret)):
            raise bad_request("secret token contains unallowed characters")
        max_connections = int(params.get("max_connections") or 40)
        if not 1 <= max_connections <= 100:
            raise bad_request("bad webhook: max_connections must be between 1 and 100")
        allowed = params.get("allowed_updates")
        if "allowed_updates" in params:
            self._allowed_updates = frozenset(allowed) if allowed else None
        if params.get("drop_pending_updates"):
            self._drop_pending()
        await self._stop_webhook_workers()
        self._webhook = _Webhook(url, secret, max_connections, params.get("ip_address"), allowed)
        self._webhook_last_error = None
        queue: asyncio.Queue[JSONDict] = asyncio.Queue()
        while self._pending:
            entry = self._pending.popleft()
            queue.put_nowait(entry.update)
        self._pending_redeliveries = 0
        self._webhook_queue = queue
        if self._session is None:
            self._session = aiohttp.ClientSession()
        self._wake_pollers()
        self._webhook_workers = [
            asyncio.create_task(self._webhook_worker(queue), name=f"fake-bot-api-webhook-{n}")
            for n in range(max_connections)
        ]
        return _Described(True, "Webhook was set")

    async def _m_delete_webhook(self, params: JSONDict, record: CallRecord) -> Any:
        was_set = self._webhook is not None
        queue = self._webhook_queue
        await self._stop_webhook_workers()
        self._webhook = None
        self._webhook_queue = None
        if queue is not None:
            while not queue.empty():
                self._pending.append(_Pending(queue.get_nowait()))
        if params.get("drop_pending_updates"):
            self._drop_pending()
        return _Described(True, "Webhook was deleted" if was_set else "Webhook is already deleted")

    def _drop_pending(self) -> None:
        self._pending.clear()
        self._pending_redeliveries = 0
        if self._webhook_queue is not None:
            while not self._webhook_queue.empty():
                self._webhook_queue.get_nowait()

    async def _stop_webhook_workers(self) -> None:
        workers, self._webhook_workers = self._webhook_workers, []
        for task in workers:
            task.cancel()
        for task in workers:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _webhook_worker(self, queue: asyncio.Queue[JSONDict]) -> None:
        while True:
            update = await queue.get()
            if not self._is_allowed(update, self._allowed_updates):
                continue
            await self._post_webhook(update, attempt=1)

    def balance_webhook(self, urls: list[str]) -> None:
        """Deliver webhook updates to these URLs in turn (several workers behind one load balancer),
        instead of the URL given to setWebhook; a failed delivery is retried on the next one."""
        self._balanced = list(urls)

    def _webhook_target(self, webhook: _Webhook) -> str:
        if not self._balanced:
            return webhook.url
        return self._balanced[next(self._balance_turn) % len(self._balanced)]

    async def _post_webhook(self, update: JSONDict, attempt: int) -> None:
        webhook = self._webhook
        if webhook is None or self._session is None:
            return
        delivery = self._mark_delivered(update["update_id"], time.monotonic(), "webhook")
        headers = {"Content-Type": "application/json"}
        if webhook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = webhook.secret_token
        failed = False
        delivery.url = self._webhook_target(webhook)
        try:
            async with self._session.post(
                delivery.url,
                data=json.dumps(update).encode(),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.webhook_timeout),
            ) as response:
                delivery.status = response.status
                await response.read()
                if not 200 <= response.status < 300:
                    failed = True
                    delivery.error = f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            failed = True
            delivery.error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        finally:
            delivery.finished = time.monotonic()
        if failed:
            self._webhook_last_error = (_now_ts(), delivery.error or "error")
            if attempt <= self.webhook_retries:
                task = asyncio.create_task(self._retry_webhook(update, attempt + 1))
                self._background.add(task)
                task.add_done_callback(self._background.discard)

    async def _retry_webhook(self, update: JSONDict, attempt: int) -> None:
        await asyncio.sleep(self.webhook_retry_delay)
        await self._post_webhook(update, attempt)

    def _m_get_webhook_info(self, params: JSONDict, record: CallRecord) -> JSONDict:
        info: JSONDict = {
            "url": self._webhook.url if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": self.pending_update_count,
        }
        if self._webhook is not None:
            info["max_connections"] = self._webhook.max_connections
            if self._webhook.ip_address:
                info["ip_address"] = self._webhook.ip_address
            if self._webhook_last_error is not None:
                info["last_error_date"], info["last_error_message"] = self._webhook_last_error
        if self._allowed_updates is not None:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    # ------------------------------------------------------------------ simple methods

    def _m_true(self, params: JSONDict, record: CallRecord) -> bool:
        return True

    def _m_get_me(self, params: JSONDict, record: CallRecord) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": self.can_join_groups,
            "can_read_all_group_messages": self.can_read_all_group_messages,
            "supports_inline_queries": self.supports_inline_queries,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _m_get_chat(self, params: JSONDict, record: CallRecord) -> JSONDict:
        chat_id = self._require_chat(params)
        chat = self._chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _m_send_chat_action(self, params: JSONDict, record: CallRecord) -> bool:
        self._require_chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    @staticmethod
    def _commands_key(params: JSONDict) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _m_set_my_commands(self, params: JSONDict, record: CallRecord) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        cleaned = []
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request("can't parse BotCommand: BotCommand must be an Object")
            name = command.get("command")
            description = command.get("description")
            if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", name.lstrip("/")):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name.lstrip("/"), "description": description})
        self._commands[self._commands_key(params)] = cleaned
        return True

    def _m_get_my_commands(self, params: JSONDict, record: CallRecord) -> list[JSONDict]:
        return list(self._commands.get(self._commands_key(params), []))

    def _m_delete_my_commands(self, params: JSONDict, record: CallRecord) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _m_set_my_description(self, params: JSONDict, record: CallRecord) -> bool:
        description = str(params.get("description") or "")
        if len(description) > 512:
            raise bad_request("description is too long")
        self._descriptions[str(params.get("language_code") or "")] = description
        return True

    def _m_get_my_description(self, params: JSONDict, record: CallRecord) -> JSONDict:
        language = str(params.get("language_code") or "")
        return {"description": self._descriptions.get(language, self._descriptions.get("", ""))}

    def _m_set_my_short_description(self, params: JSONDict, record: CallRecord) -> bool:
        description = str(params.get("short_description") or "")
        if len(description) > 120:
            raise bad_request("short description is too long")
        self._short_descriptions[str(params.get("language_code") or "")] = description
        return True

    def _m_get_my_short_description(self, params: JSONDict, record: CallRecord) -> JSONDict:
        language = str(params.get("language_code") or "")
        return {"short_description": self._short_descriptions.get(language, self._short_descriptions.get("", ""))}

    @property
    def commands(self) -> dict[tuple[str, str], list[JSONDict]]:
        """Registered commands keyed by (JSON scope, language_code)."""
        return dict(self._commands)

    @property
    def descriptions(self) -> dict[str, str]:
        return dict(self._descriptions)

    @property
    def short_descriptions(self) -> dict[str, str]:
        return dict(self._short_descriptions)

    # ------------------------------------------------------------------ formatting helpers

    def _format(
        self, text: str, parse_mode: Any, entities: Any, *, caption: bool = False
    ) -> tuple[str, list[JSONDict]]:
        if parse_mode:
            mode = str(parse_mode).lower()
            try:
                if mode == "html":
                    plain, found = parse_html(text, strict=self.strict_html)
                elif mode == "markdownv2":
                    plain, found = parse_markdown_v2(text)
                elif mode == "markdown":
                    plain, found = parse_markdown(text)
                else:
                    raise bad_request("unsupported parse_mode")
            except EntityParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
            found = _finalize_entities(found)
        elif entities:
            if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
                raise bad_request("can't parse entities JSON object")
            plain, found = text, [dict(e) for e in entities]
        else:
            plain, found = text, []
        plain, found = _strip_text(plain, found)
        limit = MAX_CAPTION_LENGTH if caption else MAX_MESSAGE_LENGTH
        if utf16_len(plain) > limit:
            raise bad_request("message caption is too long" if caption else "message is too long")
        return plain, found

    @staticmethod
    def _validate_markup(markup: Any) -> JSONDict | None:
        if markup is None or markup == "":
            return None
        if isinstance(markup, str):
            try:
                markup = json.loads(markup)
            except ValueError:
                raise bad_request("can't parse reply keyboard markup JSON object") from None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise bad_request('Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
            total = 0
            for row in rows:
                for button in row:
                    total += 1
                    _validate_inline_button(button)
            if total > 100:
                raise bad_request("REPLY_MARKUP_TOO_LONG")
        elif "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise bad_request('Field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays')
            for row in rows:
                for button in row:
                    label = button.get("text") if isinstance(button, dict) else button
                    if not isinstance(label, str) or not label:
                        raise bad_request('can\'t parse keyboard button: Field "text" must be of type String')
        elif not (markup.get("remove_keyboard") or markup.get("force_reply")):
            raise bad_request('can\'t find field "inline_keyboard"')
        return markup

    @staticmethod
    def _inline_only(markup: JSONDict | None) -> JSONDict | None:
        return markup if markup is not None and "inline_keyboard" in markup else None

    def _reply_target(self, chat_id: int, params: JSONDict) -> JSONDict | None:
        reply_parameters = params.get("reply_parameters")
        allow = bool(params.get("allow_sending_without_reply"))
        message_id = None
        if isinstance(reply_parameters, dict):
            message_id = reply_parameters.get("message_id")
            allow = allow or bool(reply_parameters.get("allow_sending_without_reply"))
            if reply_parameters.get("chat_id") not in (None, ""):
                chat_id = self._resolve_chat_id(reply_parameters["chat_id"])
        elif params.get("reply_to_message_id") is not None:
            message_id = params["reply_to_message_id"]
        if message_id is None:
            return None
        key = (chat_id, int(message_id))
        tracked = self._bot_messages.get(key)
        original = tracked.message if tracked is not None and not tracked.deleted else self._user_messages.get(key)
        if original is None:
            if allow:
                return None
            raise bad_request("message to be replied not found")
        return {k: v for k, v in original.items() if k != "reply_to_message"}

    def _store_file(self, upload: UploadedFile, folder: str, prefix: str) -> UploadedFile:
        file_id, unique_id = self._new_file_ids(prefix)
        upload.file_id = file_id
        upload.file_unique_id = unique_id
        suffix = ""
        if upload.filename and "." in upload.filename:
            suffix = "." + upload.filename.rsplit(".", 1)[1]
        upload.file_path = f"{folder}/file_{unique_id}{suffix}"
        self._files[file_id] = upload
        self._files_by_path[upload.file_path] = upload
        return upload

    def _new_file_ids(self, prefix: str) -> tuple[str, str]:
        number = next(self._file_ids)
        return f"{prefix}{number:012d}AAQ", f"AQAD{number:08d}"

    def files(self) -> dict[str, UploadedFile]:
        """Stored files by file_id (bot uploads and files injected by fake users)."""
        return dict(self._files)

    # ------------------------------------------------------------------ messages

    def _new_bot_message(
        self,
        chat_id: int,
        record: CallRecord,
        content: JSONDict,
        *,
        text: str | None = None,
        caption: str | None = None,
        raw_text: str | None = None,
        parse_mode: str | None = None,
        entities: list[JSONDict] | None = None,
        markup: JSONDict | None = None,
        reply_to: JSONDict | None = None,
        file: UploadedFile | None = None,
    ) -> SentMessage:
        message_id = self._next_message_id(chat_id)
        date = _now_ts()
        message: JSONDict = {
            "message_id": message_id,
            "from": self.bot_user,
            "chat": self._chat_object(chat_id),
            "date": date,
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(content)
        inline = self._inline_only(markup)
        if inline is not None:
            message["reply_markup"] = inline
        sent = SentMessage(
            chat_id=chat_id,
            message_id=message_id,
            method=record.method,
            text=text,
            caption=caption,
            raw_text=raw_text,
            parse_mode=parse_mode,
            entities=entities or [],
            reply_markup=markup,
            message=message,
            sent_at=record.time,
            date=date,
            call=record,
            file=file,
        )
        self._bot_messages[(chat_id, message_id)] = sent
        self._sent.append(sent)
        self._sent_by_chat.setdefault(chat_id, []).append(sent)
        self._activity_by_chat.setdefault(chat_id, []).append((time.monotonic(), sent))
        self._notify_message(sent)
        return sent

    def _m_send_message(self, params: JSONDict, record: CallRecord) -> JSONDict:
        chat_id = self._require_chat(params)
        raw = params.get("text")
        if raw is None or raw == "":
            raise bad_request("message text is empty")
        raw = str(raw)
        plain, entities = self._format(raw, params.get("parse_mode"), params.get("entities"))
        if not plain:
            raise bad_request("message text is empty")
        markup = self._validate_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat_id, params)
        content: JSONDict = {"text": plain}
        if entities:
            content["entities"] = entities
        if isinstance(params.get("link_preview_options"), dict):
            content["link_preview_options"] = params["link_preview_options"]
        sent = self._new_bot_message(
            chat_id,
            record,
            content,
            text=plain,
            raw_text=raw,
            parse_mode=params.get("parse_mode"),
            entities=entities,
            markup=markup,
            reply_to=reply_to,
        )
        return sent.message

    def _media_file(self, params: JSONDict, kind: str, folder: str, prefix: str) -> UploadedFile:
        value = params.get(kind)
        if value is None or value == "":
            raise bad_request(f"there is no {kind} in the request")
        if isinstance(value, UploadedFile):
            if not value.data:
                raise bad_request("file must be non-empty")
            return self._store_file(value, folder, prefix)
        if isinstance(value, str):
            known = self._files.get(value)
            if known is not None:
                return known
            if value.lower().startswith(("http://", "https://")):
                name = value.rsplit("/", 1)[-1] or kind
                return self._store_file(UploadedFile(kind, name, None, b""), folder, prefix)
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _caption_content(self, params: JSONDict) -> tuple[JSONDict, str | None, list[JSONDict]]:
        raw = params.get("caption")
        if raw is None or raw == "":
            return {}, None, []
        plain, entities = self._format(str(raw), params.get("parse_mode"), params.get("caption_entities"), caption=True)
        content: JSONDict = {}
        if plain:
            content["caption"] = plain
            if entities:
                content["caption_entities"] = entities
        return content, plain or None, entities

    def _m_send_document(self, params: JSONDict, record: CallRecord) -> JSONDict:
        chat_id = self._require_chat(params)
        stored = self._media_file(params, "document", "documents", "BQACAgIAAxk")
        caption_content, caption, entities = self._caption_content(params)
        markup = self._validate_markup(params.get("reply_markup"))
        document: JSONDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
        }
        if stored.filename:
            document["file_name"] = stored.filename
        if stored.content_type:
            document["mime_type"] = stored.content_type
        sent = self._new_bot_message(
            chat_id,
            record,
            {"document": document, **caption_content},
            caption=caption,
            raw_text=params.get("caption"),
            parse_mode=params.get("parse_mode"),
            entities=entities,
            markup=markup,
            reply_to=self._reply_target(chat_id, params),
            file=stored,
        )
        return sent.message

    def _m_send_photo(self, params: JSONDict, record: CallRecord) -> JSONDict:
        chat_id = self._require_chat(params)
        stored = self._media_file(params, "photo", "photos", "AgACAgIAAxk")
        caption_content, caption, entities = self._caption_content(params)
        markup = self._validate_markup(params.get("reply_markup"))
        sizes = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 90,
                "height": 90,
                "file_size": stored.size,
            },
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 1280,
                "height": 1280,
                "file_size": stored.size,
            },
        ]
        sent = self._new_bot_message(
            chat_id,
            record,
            {"photo": sizes, **caption_content},
            caption=caption,
            raw_text=params.get("caption"),
            parse_mode=params.get("parse_mode"),
            entities=entities,
            markup=markup,
            reply_to=self._reply_target(chat_id, params),
            file=stored,
        )
        return sent.message

    def _m_get_file(self, params: JSONDict, record: CallRecord) -> JSONDict:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": str(params["file_id"]),
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }

    def _editable(self, params: JSONDict) -> SentMessage:
        if params.get("inline_message_id"):
            raise bad_request("message to edit not found")
        chat_id = self._require_chat(params)
        message_id = params.get("message_id")
        if message_id in (None, ""):
            raise bad_request("message identifier is not specified")
        key = (chat_id, int(message_id))
        sent = self._bot_messages.get(key)
        if sent is None or sent.deleted:
            if key in self._user_messages:
                raise bad_request("message can't be edited")
            raise bad_request("message to edit not found")
        return sent

    def _apply_edit(
        self,
        sent: SentMessage,
        record: CallRecord,
        markup: JSONDict | None,
        field_name: str | None = None,
        value: str | None = None,
        raw_text: str | None = None,
        parse_mode: str | None = None,
        entities: list[JSONDict] | None = None,
    ) -> None:
        sent.edits.append(
            {
                "text": sent.text,
                "caption": sent.caption,
                "raw_text": sent.raw_text,
                "parse_mode": sent.parse_mode,
                "entities": sent.entities,
                "reply_markup": sent.reply_markup,
                "message": sent.message,
                "method": record.method,
                "replaced_at": record.time,
            }
        )
        message = {k: v for k, v in sent.message.items() if k != "reply_markup"}
        if field_name is not None:
            entity_key = "entities" if field_name == "text" else "caption_entities"
            message.pop(field_name, None)
            message.pop(entity_key, None)
            if value is not None:
                message[field_name] = value
                if entities:
                    message[entity_key] = entities
            setattr(sent, field_name, value)
            sent.raw_text = raw_text
            sent.parse_mode = parse_mode
            sent.entities = entities or []
        sent.reply_markup = markup
        inline = self._inline_only(markup)
        if inline is not None:
            message["reply_markup"] = inline
        message["edit_date"] = _now_ts()
        sent.message = message
        sent.updated_at = record.time
        self._activity_by_chat.setdefault(sent.chat_id, []).append((time.monotonic(), sent))
        self._notify_message(sent)

    def _not_modified(self) -> ApiError:
        return bad_request(
            "message is not modified: specified new message content and reply markup are exactly the same "
            "as a current content and reply markup of the message"
        )

    def _m_edit_message_text(self, params: JSONDict, record: CallRecord) -> JSONDict:
        sent = self._editable(params)
        if sent.text is None:
            raise bad_request("there is no text in the message to edit")
        raw = params.get("text")
        if raw is None or raw == "":
            raise bad_request("message text is empty")
        raw = str(raw)
        plain, entities = self._format(raw, params.get("parse_mode"), params.get("entities"))
        if not plain:
            raise bad_request("message text is empty")
        markup = self._inline_only(self._validate_markup(params.get("reply_markup")))
        if plain == sent.text and entities == sent.entities and markup == self._inline_only(sent.reply_markup):
            raise self._not_modified()
        self._apply_edit(sent, record, markup, "text", plain, raw, params.get("parse_mode"), entities)
        return sent.message

    def _m_edit_message_caption(self, params: JSONDict, record: CallRecord) -> JSONDict:
        sent = self._editable(params)
        if sent.text is not None:
            raise bad_request("there is no caption in the message to edit")
        _, caption, entities = self._caption_content(params)
        markup = self._inline_only(self._validate_markup(params.get("reply_markup")))
        if caption == sent.caption and entities == sent.entities and markup == self._inline_only(sent.reply_markup):
            raise self._not_modified()
        self._apply_edit(
            sent,
            record,
            markup,
            "caption",
            caption,
            params.get("caption"),
            params.get("parse_mode"),
            entities,
        )
        return sent.message

    def _m_edit_message_reply_markup(self, params: JSONDict, record: CallRecord) -> JSONDict:
        sent = self._editable(params)
        markup = self._inline_only(self._validate_markup(params.get("reply_markup")))
        if markup == self._inline_only(sent.reply_markup):
            raise self._not_modified()
        self._apply_edit(sent, record, markup)
        return sent.message

    def _m_delete_message(self, params: JSONDict, record: CallRecord) -> bool:
        chat_id = self._require_chat(params)
        message_id = params.get("message_id")
        if message_id in (None, ""):
            raise bad_request("message identifier is not specified")
        key = (chat_id, int(message_id))
        sent = self._bot_messages.get(key)
        if sent is not None and not sent.deleted:
            sent.deleted = True
            sent.deleted_at = record.time
            return True
        if self._user_messages.pop(key, None) is not None:
            return True
        raise bad_request("message to delete not found")

    def _m_answer_callback_query(self, params: JSONDict, record: CallRecord) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        query = self._queries.get(query_id)
        if query is None or query.answered or time.monotonic() - query.created > self.callback_query_timeout:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        query.answered = True
        answer = {k: params[k] for k in ("text", "show_alert", "url", "cache_time") if k in params}
        query.answer = answer
        self.callback_answers[query_id] = answer
        return True


class _DropConnection(Exception):
    pass


def _fault_error(fault: _Fault) -> ApiError:
    code = fault.error_code
    if code == 429:
        retry_after = fault.retry_after if fault.retry_after is not None else 1
        description = fault.description or f"Too Many Requests: retry after {retry_after}"
        return ApiError(429, description, {"retry_after": retry_after})
    defaults = {
        400: "Bad Request: injected failure",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        404: "Not Found",
        409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }
    return ApiError(code, fault.description or defaults.get(code, f"Error {code}"))


def _is_chat_write(key: str) -> bool:
    return key.startswith(("send", "edit", "copy", "forward")) and key != "sendchataction"


def _decode_form_value(key: str, value: str) -> Any:
    if key in _RAW_STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request("can't parse InlineKeyboardButton: InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise bad_request('can\'t parse InlineKeyboardButton: Field "text" must be of type String')
    if not text.strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    data = button.get("callback_data")
    actions = [
        key
        for key in (
            "url",
            "callback_data",
            "web_app",
            "login_url",
            "switch_inline_query",
            "switch_inline_query_current_chat",
            "switch_inline_query_chosen_chat",
            "copy_text",
            "callback_game",
            "pay",
        )
        if button.get(key) not in (None, "", False) or (key == "switch_inline_query" and key in button)
    ]
    if not actions:
        raise bad_request("can't parse InlineKeyboardButton: Text buttons are unallowed in the inline keyboard")
    if data not in (None, "") and (not isinstance(data, str) or len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES):
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url not in (None, "") and (not isinstance(url, str) or _link_entity(url, 0, 1) is None):
        raise bad_request("BUTTON_URL_INVALID")


def _chat_of_update(update: JSONDict) -> int | None:
    for key, value in update.items():
        if key == "update_id" or not isinstance(value, dict):
            continue
        chat = value.get("chat")
        if isinstance(chat, dict) and "id" in chat:
            return chat["id"]
        message = value.get("message")
        if isinstance(message, dict) and isinstance(message.get("chat"), dict):
            return message["chat"]["id"]
        sender = value.get("from")
        if isinstance(sender, dict) and "id" in sender:
            return sender["id"]
    return None
