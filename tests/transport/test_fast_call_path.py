"""The per-call fast paths of issue 17 give what the general paths give.

* ``ClientCache.get_for``: the adapters' client lookup compares the raw settings and the
  environment instead of building a config per call; any change still gets a new client.
* ``DirectSender``: requests on the pools the transport creates skip ``httpx.Client.send``'s
  layers, yet the server sees the same request line, headers and body; a pool you pass in keeps
  every httpx behaviour (hooks, cookies); proxy mounts still apply.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import httpx
import pytest

from minimax_testing import wire
from minimax_transport import ChatRequest, MiniMaxClient, UserMessage
from minimax_transport.client_cache import ClientCache, ClientConfig, fingerprint
from minimax_transport.direct_send import DirectSender
from minimax_transport.types import TextDelta

URL = httpx.URL("https://api.minimax.io/v1/chat/completions")
REQ = ChatRequest("MiniMax-M2.7", [UserMessage("hi")])


class Model:
    """Stands in for an adapter: the attributes ``ClientConfig.from_attributes`` reads."""

    def __init__(self) -> None:
        self.api_key: Any = "sk-test"
        self.base_url: str | None = None
        self.preset: str | None = None
        self.max_retries = 1
        self.timeout: float | None = None
        self.default_headers: dict[str, str] | None = {"X-App": "one"}


def test_get_for_reuses_until_something_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MINIMAX_BASE_URL", raising=False)
    monkeypatch.delenv("MINIMAX_PRESET", raising=False)
    cache, model = ClientCache(), Model()
    first = cache.get_for(model)
    assert cache.get_for(model) is first and first.max_retries == 1

    model.max_retries = 3  # a setting
    second = cache.get_for(model)
    assert second is not first and second.max_retries == 3

    assert model.default_headers is not None
    model.default_headers["X-App"] = "two"  # a dict edited in place
    third = cache.get_for(model)
    assert third is not second and third.default_headers == {"X-App": "two"}

    monkeypatch.setenv("MINIMAX_BASE_URL", "https://api.minimaxi.com/v1")  # env, base_url None
    fourth = cache.get_for(model)
    assert fourth is not third and fourth.preset.name == "minimax-cn"

    model.base_url = "https://api.minimax.io/v1"  # set: the env no longer matters
    fifth = cache.get_for(model)
    assert fifth.preset.name == "minimax"
    monkeypatch.setenv("MINIMAX_BASE_URL", "https://api.minimaxi.com/v1/other")
    assert cache.get_for(model) is fifth

    assert cache.get_for(model, preset="minimax-cn").preset.name == "minimax-cn"  # overrides win
    assert cache.get_for(model).preset.name == "minimax"


def test_get_for_agrees_with_get_and_reads_a_blank_key_from_the_env(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache, model = ClientCache(), Model()
    model.api_key = "  "
    monkeypatch.setenv("MINIMAX_API_KEY", "sk-env-one")
    one = cache.get_for(model)
    assert one.api_key is not None and one.api_key.get_secret_value() == "sk-env-one"
    assert cache.get(ClientConfig.from_attributes(model)) is one
    monkeypatch.setenv("MINIMAX_API_KEY", "sk-env-two")
    two = cache.get_for(model)
    assert two is not one and two.api_key is not None
    assert two.api_key.get_secret_value() == "sk-env-two"


def test_fingerprint_never_holds_the_key_as_text_it_was_not_given() -> None:
    model = Model()
    assert "sk-test" in repr(fingerprint(model, {}))  # the attribute itself, as given
    model.api_key = None
    assert "sk-test" not in repr(fingerprint(model, {}))


def test_get_for_pairs_fingerprint_and_client_across_threads() -> None:
    cache, models = ClientCache(), [Model(), Model()]
    models[1].max_retries = 4
    errors: list[str] = []

    def run(model: Model) -> None:
        for _ in range(300):
            client = cache.get_for(model)
            if client.max_retries != model.max_retries:
                errors.append(f"{client.max_retries} != {model.max_retries}")

    threads = [threading.Thread(target=run, args=(m,)) for m in models]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200,
        json=wire.completion(
            "r1",
            {**wire.ASSISTANT, "content": "ok"},
            model="MiniMax-M2.7",
            finish="stop",
            usage={"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
        ),
        headers={"set-cookie": "affinity=abc; Path=/"},
    )


def test_direct_request_equals_the_clients_request() -> None:
    client = httpx.Client(headers={"X-Pool": "p"})
    headers = {"Authorization": "Bearer sk-test", "Content-Type": "application/json"}
    timeout = httpx.Timeout(7.0, connect=2.0)
    ours = DirectSender(client).request(URL, b'{"a": 1}', headers, timeout)
    theirs = client.build_request(
        "POST", URL, content=b'{"a": 1}', headers=headers, timeout=timeout
    )
    assert ours.method == theirs.method and ours.url == theirs.url
    assert ours.headers.raw == theirs.headers.raw
    assert ours.read() == theirs.read()
    assert ours.extensions == theirs.extensions
    client.close()


def test_direct_request_follows_changed_headers() -> None:
    sender = DirectSender(httpx.Client())
    a = sender.request(URL, b"{}", {"Authorization": "Bearer one"}, httpx.Timeout(1.0))
    b = sender.request(URL, b"{}", {"Authorization": "Bearer two"}, httpx.Timeout(1.0))
    assert (a.headers["authorization"], b.headers["authorization"]) == ("Bearer one", "Bearer two")
    sender.client.close()


def _own_pool_client(monkeypatch: pytest.MonkeyPatch, seen: list[httpx.Request]) -> MiniMaxClient:
    """A client whose own pools (the ones the transport creates) answer from ``_answer``."""
    import minimax_transport.client as client_module

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _answer(request)

    real = client_module._new_pool

    def new_pool(cls: Any, timeout: httpx.Timeout, *, aiohttp: bool = False) -> Any:
        pool = real(cls, timeout, aiohttp=False)
        pool._transport = httpx.MockTransport(handler)
        return pool

    monkeypatch.setattr(client_module, "_new_pool", new_pool)
    return MiniMaxClient(api_key="sk-test", preset="minimax", max_retries=0)


def test_own_pools_send_directly_and_keep_no_cookies(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[httpx.Request] = []
    client = _own_pool_client(monkeypatch, seen)
    sends: list[Any] = []
    monkeypatch.setattr(httpx.Client, "send", lambda *a, **k: sends.append(a))
    monkeypatch.setattr(httpx.AsyncClient, "send", lambda *a, **k: sends.append(a))
    assert client.complete(REQ).content == "ok"
    assert client.complete(REQ).content == "ok"
    # a JSON answer to a stream request is replayed as events
    assert [e.text for e in client.stream(REQ) if isinstance(e, TextDelta)] == ["ok"]

    async def twice() -> list[str]:
        out = [(await client.acomplete(REQ)).content, (await client.acomplete(REQ)).content]
        async for _ in client.astream(REQ):
            pass
        await client.aclose()
        return out

    assert asyncio.run(twice()) == ["ok", "ok"]
    assert sends == []  # httpx.Client.send was never used
    assert len(seen) == 6
    assert all("cookie" not in r.headers for r in seen)  # the affinity cookie is not kept
    assert all(r.headers["authorization"] == "Bearer sk-test" for r in seen)
    assert {r.headers["user-agent"] for r in seen} == {client._headers()["User-Agent"]}
    client.close()


def test_own_pools_log_the_request_line_httpx_logs(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    client = _own_pool_client(monkeypatch, [])
    with caplog.at_level(logging.INFO, logger="httpx"):
        client.complete(REQ)
        asyncio.run(client.acomplete(REQ))
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    expected = 'HTTP Request: POST https://api.minimax.io/v1/chat/completions "HTTP/1.1 200 OK"'
    assert lines == [expected, expected]
    assert "sk-test" not in caplog.text
    client.close()


def test_your_own_clients_keep_every_httpx_behaviour() -> None:
    seen: list[httpx.Request] = []
    hooked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _answer(request)

    def hook(request: httpx.Request) -> None:
        hooked.append(request.url.path)

    async def ahook(request: httpx.Request) -> None:
        hooked.append(request.url.path)

    sync = httpx.Client(transport=httpx.MockTransport(handler), event_hooks={"request": [hook]})
    aio = httpx.AsyncClient(
        transport=httpx.MockTransport(handler), event_hooks={"request": [ahook]}
    )
    client = MiniMaxClient(
        api_key="sk-test", preset="minimax", http_client=sync, async_http_client=aio
    )
    client.complete(REQ)
    client.complete(REQ)
    asyncio.run(client.acomplete(REQ))
    assert hooked == ["/v1/chat/completions"] * 3
    assert "cookie" not in seen[0].headers
    assert seen[1].headers["cookie"] == "affinity=abc"  # your client's jar, as httpx does
    sync.close()


def test_direct_send_uses_the_clients_proxy_mounts() -> None:
    used: list[str] = []

    def via(name: str) -> httpx.MockTransport:
        def handler(request: httpx.Request) -> httpx.Response:
            used.append(name)
            return _answer(request)

        return httpx.MockTransport(handler)

    client = httpx.Client(transport=via("default"), mounts={"https://api.minimax.io": via("proxy")})
    sender = DirectSender(client)
    from minimax_transport.direct_send import send

    response = send(sender, sender.request(URL, b"{}", {}, httpx.Timeout(1.0)))
    response.read()
    response.close()
    assert used == ["proxy"]
    client.close()
    with pytest.raises(RuntimeError, match="closed"):
        send(sender, sender.request(URL, b"{}", {}, httpx.Timeout(1.0)))
