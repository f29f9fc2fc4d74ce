"""python-telegram-bot's networking over aiohttp's client (a `telegram.request.BaseRequest`).

The library's default, httpx, spends several times aiohttp's CPU per request (its pure-Python
HTTP/1.1 parser, anyio, and a pool it scans on every request); under load that was a third of
the bot's CPU. Only the transport changes: `BaseRequest` still builds the requests and maps the
answers (400, 403, 429, 5xx…) onto the library's errors, so the bot and the outbox see exactly
the exceptions they would with httpx. Timeouts become `TimedOut`, connection failures
`NetworkError`, as the library's own backend raises them.
"""

from __future__ import annotations

import json

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_JSON = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """`connection_pool_size` connections at most; timeouts in seconds (None: no limit), as
    `telegram.request.HTTPXRequest` takes them."""

    def __init__(
        self,
        connection_pool_size: int = 1,
        *,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}, auto_decompress=True
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        write = write_timeout
        if isinstance(write, DefaultValue):
            write = self._media_write_timeout if files else self._write_timeout
        # aiohttp counts the wait for a free connection in `connect`; it has no write timeout of its
        # own, so a request's sending and reading share the read and write allowances.
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=None if read is None else read + (write or 0.0),
        )
        body: aiohttp.FormData | bytes | None = None
        headers = None
        parameters = request_data.parameters if request_data else None
        if files:
            assert request_data is not None
            form = aiohttp.FormData(quote_fields=False)
            for name, value in request_data.json_parameters.items():
                form.add_field(name, value)
            for name, part in files.items():
                filename, content, mimetype = _file_part(part)
                form.add_field(name, content, filename=filename, content_type=mimetype)
            body = form
        elif parameters:
            # A JSON body (the Bot API takes one for every method without a file): a form percent-
            # encodes each byte of the text in Python, 108 µs for a 1,000-character Vietnamese
            # answer against 15 µs for json.dumps.
            body = json.dumps(parameters, ensure_ascii=False).encode()
            headers = _JSON
        try:
            async with self._session.request(method, url, data=body, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{exc.__class__.__name__}: {exc}") from exc


def _file_part(part: object) -> tuple[str | None, object, str | None]:
    """RequestData's multipart entries are httpx `files` tuples: (filename, content[, mimetype])."""
    if isinstance(part, tuple):
        filename = part[0] if len(part) > 0 else None
        content = part[1] if len(part) > 1 else b""
        mimetype = part[2] if len(part) > 2 else None
        return filename, content, mimetype
    return None, part, None
