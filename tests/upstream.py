"""A real upstream API for record, playback and hybrid tests: a small ASGI app.

It answers ``GET /events`` (server-sent events, slowly), ``GET /pets`` (a list),
``GET /pets/{id}`` (one pet, full of planted personal data and secrets), ``POST /pets``
(echoes the body with an id), ``GET /fail`` (503) and ``GET /count`` (a counter, so
repeated requests get different answers). ``PLANTED`` lists every sensitive value it
sends, so a test can look for them anywhere.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["PLANTED", "Upstream"]

JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)
PLANTED = {
    "email": "jane.roe@realmail.example.org",
    "phone": "+1 415-555-0132",
    "card": "4111 1111 1111 1111",
    "ssn": "123-45-6789",
    "ip": "84.17.46.200",
    "jwt": JWT,
    "password": "hunter2-Secret!",
    "api_key": "sk_live_51H8xQ2eZvKYlo2C9wXq3rTtPm",
    "cookie": "sessionid=7c9e6679f4a0b1c2d3e4",
    "bearer": "Bearer tok_4f9a8b7c6d5e4f3a2b1c",
}

Scope = MutableMapping[str, Any]


class Upstream:
    """The ASGI app; ``requests`` counts what it was asked."""

    def __init__(self) -> None:
        self.requests = 0
        self._counter = itertools.count(1)

    async def __call__(
        self,
        scope: Scope,
        receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
        send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.requests += 1
        if scope["path"] == "/events":  # server-sent events, one every 0.4 s
            events = [(b"content-type", b"text/event-stream")]
            await send({"type": "http.response.start", "status": 200, "headers": events})
            for n in range(3):
                chunk = f"data: {n} {PLANTED['email']}\n\n".encode()
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await asyncio.sleep(0.4)
            await send({"type": "http.response.body", "body": b""})
            return
        status, headers, payload = self._answer(scope["method"], scope["path"], body)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    def _answer(self, method: str, path: str, body: bytes) -> tuple[int, list[Any], bytes]:
        json_headers = [(b"content-type", b"application/json"), (b"x-upstream", b"yes")]
        if path == "/fail":
            return 503, json_headers, b'{"error": "down"}'
        if path == "/count":
            return 200, json_headers, json.dumps({"n": next(self._counter)}).encode()
        if path == "/pets" and method == "GET":
            pets = [{"id": i, "name": f"pet{i}"} for i in (1, 2)]
            return 200, json_headers, json.dumps(pets).encode()
        if path == "/pets" and method == "POST":
            data = json.loads(body or b"{}")
            return 201, json_headers, json.dumps({"id": 99, **data}).encode()
        if path.startswith(("/pets/", "/pets-owner/")):
            pet = {
                "id": int(path.rsplit("/", 1)[-1]) if path.rsplit("/", 1)[-1].isdigit() else 0,
                "name": "Rex",
                "owner": {
                    "email": PLANTED["email"],
                    "phone": PLANTED["phone"],
                    "ssn": PLANTED["ssn"],
                    "last_ip": PLANTED["ip"],
                    "password": PLANTED["password"],
                },
                "payment": {"card": PLANTED["card"]},
                "api_key": PLANTED["api_key"],
                "session_token": PLANTED["jwt"],
                "note": f"contact {PLANTED['email']} from {PLANTED['ip']}",
            }
            headers = [
                *json_headers,
                (b"set-cookie", PLANTED["cookie"].encode() + b"; Path=/; HttpOnly"),
                (b"authorization", PLANTED["bearer"].encode()),
            ]
            return 200, headers, json.dumps(pet).encode()
        return 404, json_headers, b'{"error": "not found"}'
