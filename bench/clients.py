"""The clients the benchmark compares, each behind the same small interface.

Every client is built once per route (so connections are pooled and kept alive across calls)
and exposes:

* ``invoke()`` — one non-streamed call, returns the answer text;
* ``stream()`` — one streamed call consumed to the end, returns the number of items yielded;
* ``ainvoke()`` — the async twin of ``invoke`` (for the concurrency workload).

``prepare(kind, n)`` is called before a timed sample (outside the timing): the no-I/O framework
floors use it to build their ready-made chunks, so the floor measures the framework alone.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

MODEL = "MiniMax-M2.7"
API_KEY = "sk-bench-not-a-real-key"
PROMPT = "What is 7 times 8?"
WEATHER_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a location.",
        "parameters": {
            "type": "object",
            "properties": {
                "location": {"type": "string", "description": "City, country"},
                "query": {"type": "string", "description": "Free-form detail"},
            },
            "required": ["location"],
        },
    },
}


def get_weather(location: str, query: str = "") -> str:
    """Current weather for a location."""
    return f"sunny in {location}"


class Client:
    name = "?"
    label = "?"
    #: Measured only in the async workload (its sync calls are another client's).
    async_only = False

    def prepare(self, kind: str, n: int, calls: int = 1) -> None:
        pass

    def invoke(self) -> str:
        raise NotImplementedError

    def stream(self) -> int:
        raise NotImplementedError

    async def ainvoke(self) -> str:
        raise NotImplementedError

    async def aclose(self) -> None:
        """Close the async pool (inside the loop that used it)."""

    def close(self) -> None:
        pass


# ----------------------------------------------------------------------------- the floor


class RawHttpx(Client):
    """The floor: httpx + ``json`` and nothing else (no reasoning split, no retries)."""

    name = "httpx"
    label = "raw httpx + json (floor)"

    def __init__(self, base_url: str, tools: bool) -> None:
        self.url = base_url + "/chat/completions"
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=64)
        self.client = httpx.Client(limits=limits)
        self.aclient: httpx.AsyncClient | None = None
        self.headers = {
            "Authorization": f"Bearer {API_KEY}",
            "Content-Type": "application/json",
        }
        body: dict[str, Any] = {
            "model": MODEL,
            "messages": [{"role": "user", "content": PROMPT}],
        }
        if tools:
            body["tools"] = [WEATHER_TOOL]
        self.body = json.dumps(body).encode()
        self.stream_body = json.dumps(
            {**body, "stream": True, "stream_options": {"include_usage": True}}
        ).encode()

    def invoke(self) -> str:
        r = self.client.post(self.url, content=self.body, headers=self.headers)
        obj = json.loads(r.content)
        return str(obj["choices"][0]["message"]["content"])

    def deltas(self) -> Any:
        """The ``choices[0].delta`` dicts of one streamed call (the floor's whole parsing)."""
        loads = json.loads
        with self.client.stream(
            "POST", self.url, content=self.stream_body, headers=self.headers
        ) as r:
            buf = b""
            for chunk in r.iter_bytes():
                buf = buf + chunk if buf else chunk
                if b"\n\n" not in buf:
                    continue
                *events, buf = buf.split(b"\n\n")
                for ev in events:
                    if not ev.startswith(b"data: "):
                        continue
                    data = ev[6:]
                    if data == b"[DONE]":
                        continue
                    choices = loads(data)["choices"]
                    if choices:
                        yield choices[0]["delta"]

    def stream(self) -> int:
        n = 0
        text: list[str] = []
        args: list[str] = []
        for delta in self.deltas():
            n += 1
            content = delta.get("content")
            if content:
                text.append(content)
            for tc in delta.get("tool_calls") or ():
                args.append(tc["function"].get("arguments") or "")
        return n

    def new_async_client(self) -> httpx.AsyncClient:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=64)
        return httpx.AsyncClient(limits=limits)

    async def ainvoke(self) -> str:
        if self.aclient is None:
            self.aclient = self.new_async_client()
        r = await self.aclient.post(self.url, content=self.body, headers=self.headers)
        obj = json.loads(r.content)
        return str(obj["choices"][0]["message"]["content"])

    async def aclose(self) -> None:
        if self.aclient is not None:
            await self.aclient.aclose()
            self.aclient = None

    def close(self) -> None:
        self.client.close()


class RawHttpxAiohttp(RawHttpx):
    """The same raw loop with httpx on aiohttp's sockets (``httpx-aiohttp``'s
    ``AiohttpTransport``, what the openai SDK offers as ``DefaultAioHttpClient``): the async
    floor of the aiohttp stack. Sync calls are the same as ``httpx``'s."""

    name = "httpx-aiohttp"
    label = "raw httpx + AiohttpTransport + json (async floor)"
    async_only = True

    def __init__(self, base_url: str, tools: bool) -> None:
        from httpx_aiohttp import AiohttpTransport  # ImportError: skipped

        self._transport_cls = AiohttpTransport
        super().__init__(base_url, tools)

    def new_async_client(self) -> httpx.AsyncClient:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=64)
        return httpx.AsyncClient(transport=self._transport_cls(limits=limits), limits=limits)


# ----------------------------------------------------------------------------- ours


class Transport(Client):
    """``minimax_transport.MiniMaxClient`` alone (no framework)."""

    name = "transport"
    label = "minimax_transport (ours, no framework)"

    def __init__(self, base_url: str, tools: bool) -> None:
        from minimax_transport import ChatRequest, MiniMaxClient, ToolSpec, UserMessage

        self.client = MiniMaxClient(api_key=API_KEY, base_url=base_url, preset="minimax")
        fn = WEATHER_TOOL["function"]
        specs = [ToolSpec(fn["name"], fn["description"], fn["parameters"])] if tools else None
        self.request = ChatRequest(MODEL, [UserMessage(PROMPT)], tools=specs)

    def invoke(self) -> str:
        return self.client.complete(self.request).content

    def stream(self) -> int:
        n = 0
        for _ev in self.client.stream(self.request):
            n += 1
        return n

    async def ainvoke(self) -> str:
        return (await self.client.acomplete(self.request)).content

    async def aclose(self) -> None:
        await self.client.aclose()

    def close(self) -> None:
        self.client.close()


class TransportHttpcore(Transport):
    """Ours with ``async_transport="httpx"``: the async calls on httpx's own pool (httpcore),
    to show what the stack alone changes."""

    name = "transport-httpcore"
    async_only = True
    label = 'minimax_transport on httpcore (ours, async_transport="httpx")'

    def __init__(self, base_url: str, tools: bool) -> None:
        super().__init__(base_url, tools)
        from minimax_transport import MiniMaxClient

        self.client = MiniMaxClient(
            api_key=API_KEY, base_url=base_url, preset="minimax", async_transport="httpx"
        )


class TransportStdlibJSON(Transport):
    """The same, with the stdlib ``json`` decoder forced instead of ``orjson`` (what a
    LlamaIndex-only install without orjson gets)."""

    name = "transport-json"
    label = "minimax_transport, stdlib json (ours)"

    def _swap(self) -> Any:
        from minimax_transport import stream_parser

        old = stream_parser._loads
        stream_parser._loads = json.loads
        return old

    def stream(self) -> int:
        from minimax_transport import stream_parser

        old = self._swap()
        try:
            return super().stream()
        finally:
            stream_parser._loads = old


class _LangChainClient(Client):
    """Shared calls of the two LangChain chat models (``self.model``, ``self.messages``)."""

    model: Any
    messages: list[Any]

    def invoke(self) -> str:
        return str(self.model.invoke(self.messages).content)

    def stream(self) -> int:
        n = 0
        for _c in self.model.stream(self.messages):
            n += 1
        return n

    async def ainvoke(self) -> str:
        return str((await self.model.ainvoke(self.messages)).content)

    async def aclose(self) -> None:
        client = getattr(self.model, "client", None)
        aclose = getattr(client, "aclose", None)
        if aclose is not None and hasattr(client, "async_transport"):
            await aclose()  # ours; ChatOpenAI's pool lives as long as the process


class LangChainOurs(_LangChainClient):
    name = "lc-ours"
    label = "langchain_minimax.ChatMiniMax (ours)"

    def __init__(self, base_url: str, tools: bool) -> None:
        from langchain_core.messages import HumanMessage

        from langchain_minimax import ChatMiniMax

        model: Any = ChatMiniMax(model=MODEL, api_key=API_KEY, base_url=base_url, preset="minimax")
        if tools:
            model = model.bind_tools([get_weather])
        self.model = model
        self.messages = [HumanMessage(PROMPT)]


class _LlamaIndexClient(Client):
    """Shared calls of the two LlamaIndex LLMs (``self.llm``, ``self.messages``, ``self.tools``)."""

    llm: Any
    messages: list[Any]
    tools: list[Any] | None

    def invoke(self) -> str:
        return str(self.llm.chat(self.messages).message.content)

    def stream(self) -> int:
        n = 0
        if self.tools:
            gen = self.llm.stream_chat_with_tools(self.tools, chat_history=self.messages)
        else:
            gen = self.llm.stream_chat(self.messages)
        for _c in gen:
            n += 1
        return n

    async def ainvoke(self) -> str:
        return str((await self.llm.achat(self.messages)).message.content)

    async def aclose(self) -> None:
        aclose = getattr(self.llm, "aclose", None)
        if aclose is not None:
            await aclose()


class LlamaIndexOurs(_LlamaIndexClient):
    name = "li-ours"
    label = "llama_index_minimax.MiniMax (ours)"

    def __init__(self, base_url: str, tools: bool) -> None:
        from llama_index.core.llms import ChatMessage
        from llama_index.core.tools import FunctionTool

        from llama_index_minimax import MiniMax

        self.llm = MiniMax(model=MODEL, api_key=API_KEY, base_url=base_url, preset="minimax")
        self.messages = [ChatMessage(role="user", content=PROMPT)]
        self.tools = [FunctionTool.from_defaults(fn=get_weather)] if tools else None


# ----------------------------------------------------------------------------- anchors


class ChatOpenAIAnchor(_LangChainClient):
    name = "lc-openai"
    label = "langchain_openai.ChatOpenAI(base_url=…)"

    def __init__(self, base_url: str, tools: bool) -> None:
        from langchain_core.messages import HumanMessage
        from langchain_openai import ChatOpenAI

        model: Any = ChatOpenAI(
            model=MODEL,
            api_key=API_KEY,
            base_url=base_url,
            stream_usage=True,  # type: ignore[arg-type]
        )
        if tools:
            model = model.bind_tools([get_weather])
        self.model = model
        self.messages = [HumanMessage(PROMPT)]


class LlamaIndexMiniMaxAnchor(_LlamaIndexClient):
    name = "li-minimax"
    label = "llama-index-llms-minimax"

    def __init__(self, base_url: str, tools: bool) -> None:
        from llama_index.core.llms import ChatMessage
        from llama_index.core.tools import FunctionTool
        from llama_index.llms.minimax import MiniMax

        self.llm = MiniMax(model=MODEL, api_key=API_KEY, api_base=base_url)
        self.messages = [ChatMessage(role="user", content=PROMPT)]
        self.tools = [FunctionTool.from_defaults(fn=get_weather)] if tools else None


# ----------------------------------------------------------------------------- framework floors


def _pieces(kind: str, n: int) -> list[tuple[str, str]]:
    """What the no-I/O floors yield for a workload: ``(channel, text)`` per chunk, the same
    split our adapters see (a quarter reasoning, then answer; or tool-argument fragments)."""
    if kind == "invoke":
        return [("reasoning", "The user asks 7 times 8. That is 56."), ("text", "56")]
    if kind == "tools":
        from bench.fake_server import tool_arguments

        args = tool_arguments(n)
        return [("reasoning", "The user wants the weather; call get_weather.")] + [
            ("args", args[i : i + 12]) for i in range(0, len(args), 12)
        ]
    n_reason = n // 4
    return [("reasoning", "odd numbers ")] * n_reason + [("text", "is even beca")] * (n - n_reason)


class LangChainFloor(Client):
    """A no-I/O ``BaseChatModel`` whose ``_generate`` / ``_stream`` hand back ready-made
    results: LangChain's own cost per call and per chunk (callbacks, aggregation)."""

    name = "lc-floor"
    label = "no-I/O BaseChatModel (LangChain floor)"

    def __init__(self, base_url: str, tools: bool) -> None:
        from langchain_core.messages import HumanMessage

        self.model = _floor_chat_model()
        self.messages = [HumanMessage(PROMPT)]

    def prepare(self, kind: str, n: int, calls: int = 1) -> None:
        if kind != "invoke":
            self.model._ready_chunks = [self._chunks(kind, n) for _ in range(calls)]
            return
        from langchain_core.messages import AIMessage
        from langchain_core.messages.ai import UsageMetadata
        from langchain_core.outputs import ChatGeneration, ChatResult

        usage = UsageMetadata(input_tokens=48, output_tokens=21, total_tokens=69)
        self.model._ready_results = [
            ChatResult(
                generations=[
                    ChatGeneration(
                        message=AIMessage(
                            content="56",
                            additional_kwargs={"reasoning_content": "The user asks 7 x 8."},
                            usage_metadata=usage,
                            response_metadata={"model_name": MODEL, "finish_reason": "stop"},
                        )
                    )
                ]
            )
            for _ in range(n)
        ]

    def _chunks(self, kind: str, n: int) -> list[Any]:
        from langchain_core.messages import AIMessageChunk
        from langchain_core.messages.ai import UsageMetadata
        from langchain_core.outputs import ChatGenerationChunk

        usage = UsageMetadata(input_tokens=48, output_tokens=21, total_tokens=69)
        chunks = []
        for i, (channel, text) in enumerate(_pieces(kind, n)):
            if channel == "text":
                msg = AIMessageChunk(content=text)
            elif channel == "reasoning":
                msg = AIMessageChunk(content="", additional_kwargs={"reasoning_content": text})
            else:
                msg = AIMessageChunk(
                    content="",
                    tool_call_chunks=[
                        {
                            "name": "get_weather" if i == 1 else None,
                            "args": text,
                            "id": "call_1" if i == 1 else None,
                            "index": 0,
                        }
                    ],
                )
            chunks.append(ChatGenerationChunk(message=msg))
        chunks.append(
            ChatGenerationChunk(
                message=AIMessageChunk(
                    content="",
                    usage_metadata=usage,
                    response_metadata={"model_name": MODEL, "finish_reason": "stop"},
                    chunk_position="last",
                )
            )
        )
        return chunks

    def invoke(self) -> str:
        return str(self.model.invoke(self.messages).content)

    async def ainvoke(self) -> str:
        return str((await self.model.ainvoke(self.messages)).content)

    def stream(self) -> int:
        n = 0
        for _c in self.model.stream(self.messages):
            n += 1
        return n


def _floor_chat_model() -> Any:
    from collections.abc import Iterator

    from langchain_core.language_models import BaseChatModel
    from langchain_core.outputs import ChatGenerationChunk, ChatResult
    from pydantic import PrivateAttr

    class FloorChatModel(BaseChatModel):
        # Private, not fields: LangChain serializes a model's fields once per model for its
        # callbacks (``_serialized``), and thousands of ready chunks took minutes to repr.
        _ready_results: list[ChatResult] = PrivateAttr(default_factory=list)
        _ready_chunks: list[list[ChatGenerationChunk]] = PrivateAttr(default_factory=list)
        _raw: Any = PrivateAttr(default=None)

        @property
        def _llm_type(self) -> str:
            return "bench-floor"

        def _generate(
            self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any
        ) -> ChatResult:
            if self._raw is not None:
                self._raw.invoke()
            return self._ready_results.pop()

        async def _agenerate(
            self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any
        ) -> ChatResult:
            return self._ready_results.pop()

        def _stream(
            self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any
        ) -> Iterator[ChatGenerationChunk]:
            chunks = self._ready_chunks.pop()
            raw = self._raw
            if raw is None:
                yield from chunks
                return
            it = iter(chunks)
            for _delta in raw.deltas():
                chunk = next(it, None)
                if chunk is not None:
                    yield chunk
            yield from it

    return FloorChatModel()


class LlamaIndexFloor(Client):
    """A no-I/O LlamaIndex ``LLM`` whose ``chat`` / ``stream_chat`` (with LlamaIndex's own
    callback/instrumentation decorators) hand back ready-made responses."""

    name = "li-floor"
    label = "no-I/O LlamaIndex LLM (LlamaIndex floor)"

    def __init__(self, base_url: str, tools: bool) -> None:
        from llama_index.core.llms import ChatMessage

        self.llm = _floor_llm()
        self.messages = [ChatMessage(role="user", content=PROMPT)]

    def prepare(self, kind: str, n: int, calls: int = 1) -> None:
        from llama_index.core.llms import ChatMessage, ChatResponse

        if kind != "invoke":
            self.llm.ready = [self._responses(kind, n) for _ in range(calls)]
            return
        if kind == "invoke":
            self.llm.ready = [
                ChatResponse(
                    message=ChatMessage(role="assistant", content="56"),
                    raw={"usage": {"prompt_tokens": 48, "completion_tokens": 21}},
                    additional_kwargs={"prompt_tokens": 48, "completion_tokens": 21},
                )
                for _ in range(n)
            ]

    def _responses(self, kind: str, n: int) -> list[Any]:
        from llama_index.core.llms import ChatMessage, ChatResponse

        ready = []
        for channel, text in _pieces(kind, n):
            delta = text if channel == "text" else ""
            ready.append(
                ChatResponse(
                    message=ChatMessage(role="assistant", content=delta),
                    delta=delta,
                    additional_kwargs={"thinking_delta": text if channel == "reasoning" else None},
                )
            )
        return ready

    def invoke(self) -> str:
        return str(self.llm.chat(self.messages).message.content)

    async def ainvoke(self) -> str:
        return str((await self.llm.achat(self.messages)).message.content)

    def stream(self) -> int:
        n = 0
        for _c in self.llm.stream_chat(self.messages):
            n += 1
        return n


def _floor_llm() -> Any:
    from collections.abc import Sequence

    from llama_index.core.base.llms.types import (
        ChatMessage,
        ChatResponse,
        ChatResponseGen,
        LLMMetadata,
    )
    from llama_index.core.llms import LLM
    from llama_index.core.llms.callbacks import llm_chat_callback
    from pydantic import Field

    class FloorLLM(LLM):
        ready: list[Any] = Field(default_factory=list)

        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(model_name="bench-floor", is_chat_model=True)

        raw: Any = None

        @llm_chat_callback()
        def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
            if self.raw is not None:
                self.raw.invoke()
            return self.ready.pop()  # type: ignore[no-any-return]

        @llm_chat_callback()
        def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
            ready = self.ready.pop()
            raw = self.raw

            def gen() -> ChatResponseGen:
                if raw is None:
                    yield from ready
                    return
                it = iter(ready)
                for _delta in raw.deltas():
                    chunk = next(it, None)
                    if chunk is not None:
                        yield chunk
                yield from it

            return gen()

        def complete(self, *a: Any, **k: Any) -> Any:
            raise NotImplementedError

        def stream_complete(self, *a: Any, **k: Any) -> Any:
            raise NotImplementedError

        @llm_chat_callback()
        async def achat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
            return self.ready.pop()  # type: ignore[no-any-return]

        async def acomplete(self, *a: Any, **k: Any) -> Any:
            raise NotImplementedError

        async def astream_chat(self, *a: Any, **k: Any) -> Any:
            raise NotImplementedError

        async def astream_complete(self, *a: Any, **k: Any) -> Any:
            raise NotImplementedError

    return FloorLLM()


class LangChainFloorIO(LangChainFloor):
    """The LangChain floor run *over* raw httpx in one call: ``_generate`` does the raw httpx
    request then returns the ready-made result; ``_stream`` yields one ready-made chunk per
    delta the raw httpx loop parses. Same work as "raw httpx + framework floor", measured as
    one flow (so the CPU-cache cost of running framework code after network waits is in it)."""

    name = "lc-floor-io"
    label = "no-I/O BaseChatModel over raw httpx (LangChain floor, one flow)"

    def __init__(self, base_url: str, tools: bool) -> None:
        super().__init__(base_url, tools)
        self.model._raw = RawHttpx(base_url, tools)

    def close(self) -> None:
        self.model._raw.close()


class LlamaIndexFloorIO(LlamaIndexFloor):
    """The LlamaIndex floor over raw httpx in one call (see :class:`LangChainFloorIO`)."""

    name = "li-floor-io"
    label = "no-I/O LlamaIndex LLM over raw httpx (LlamaIndex floor, one flow)"

    def __init__(self, base_url: str, tools: bool) -> None:
        super().__init__(base_url, tools)
        self.llm.raw = RawHttpx(base_url, tools)

    def close(self) -> None:
        self.llm.raw.close()


ALL = [
    RawHttpx,
    RawHttpxAiohttp,
    Transport,
    TransportHttpcore,
    TransportStdlibJSON,
    LangChainFloor,
    LangChainFloorIO,
    LangChainOurs,
    ChatOpenAIAnchor,
    LlamaIndexFloor,
    LlamaIndexFloorIO,
    LlamaIndexOurs,
    LlamaIndexMiniMaxAnchor,
]
