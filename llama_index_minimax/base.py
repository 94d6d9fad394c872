"""``MiniMax``: a LlamaIndex ``FunctionCallingLLM`` for MiniMax chat models.

A thin mapping on top of :mod:`minimax_transport`, which owns every MiniMax wire rule
(request body, ``<think>`` splitting, ``reasoning_details``, tool-call accumulation, usage,
typed errors and the single retry layer).

Example:
    >>> from llama_index_minimax import MiniMax
    >>> llm = MiniMax(model="MiniMax-M2.7")       # key from MINIMAX_API_KEY, read at first call
    >>> llm.metadata.context_window, llm.metadata.is_function_calling_model
    (204800, True)
    >>> resp = llm.chat([ChatMessage(role="user", content="7 * 8?")])  # doctest: +SKIP
    >>> resp.message.content                                            # doctest: +SKIP
    '56'
    >>> resp.message.blocks[0].content   # the reasoning, in a ThinkingBlock  # doctest: +SKIP
    'The user asks ...'
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator, Sequence
from typing import TYPE_CHECKING, Any, Literal

import httpx
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseAsyncGen,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseAsyncGen,
    CompletionResponseGen,
    LLMMetadata,
    MessageRole,
    ThinkingBlock,
)
from llama_index.core.bridge.pydantic import Field, PrivateAttr, SecretStr
from llama_index.core.callbacks import CallbackManager
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from llama_index.core.llms.function_calling import FunctionCallingLLM
from llama_index.core.llms.llm import ToolSelection
from llama_index.core.types import BaseOutputParser, PydanticProgramMode

from minimax_transport import (
    ChatRequest,
    MiniMaxClient,
    ModelInfo,
    ReasoningEffort,
    ThinkingConfig,
)
from minimax_transport.call_params import build_chat_request, normalize_tool_choice
from minimax_transport.client_cache import ClientCache, ClientConfig

from .messages import response_kwargs, result_raw, result_to_message, to_neutral_messages
from .prebuilt import response as chat_response
from .streaming import StreamState
from .tools import (
    keep_first_tool_call,
    tool_call_blocks,
    tool_selections,
    tool_to_spec,
)

if TYPE_CHECKING:
    from llama_index.core.tools.types import BaseTool

DEFAULT_MODEL = "MiniMax-M2.7"


class MiniMax(FunctionCallingLLM):
    """MiniMax chat models (M3, M2.x, M1, Text-01, abab) as a LlamaIndex function-calling LLM.

    Reasoning never leaks into answers: ``ChatResponse.message.blocks`` is a ``ThinkingBlock``
    (the reasoning; the verbatim replay payload in ``additional_information``), then a
    ``TextBlock`` (the clean answer), then ``ToolCallBlock``\\ s. Streams put the new answer
    text in ``delta`` and the new reasoning in ``additional_kwargs["thinking_delta"]`` (what
    ``AgentStream.thinking_delta`` shows). A message from a previous response, passed back in
    history, is sent exactly as MiniMax returned it.

    Args:
        model: model id (official, aggregator-prefixed or self-hosted name).
        api_key: API key; default ``MINIMAX_API_KEY``, read at the first request (a missing
            key raises :class:`minimax_transport.MissingAPIKeyError` then, not here).
        api_base: base URL (alias ``base_url``); default ``MINIMAX_BASE_URL``, else
            ``https://api.minimax.io/v1``. The host picks the dialect preset.
        preset: force a transport preset (``"minimax"``, ``"minimax-cn"``, ``"openrouter"``…).
        temperature, top_p, max_tokens: sampling; mapped into the model's accepted range by
            the transport.
        timeout: seconds per attempt (``None``: 600 s); a non-streamed attempt ends then even
            if bytes keep trickling in.
        connect_timeout: seconds for the handshake (default 10 s, never more than ``timeout``).
        stream_idle_timeout: longest silence inside a stream; default ``min(timeout, 300 s)``.
        max_retries: retries after the first attempt (``2`` → at most 3 requests; negative
            raises ``ValueError``).
        max_retry_after: longest ``Retry-After`` waited for (default 60 s); a longer one
            raises the ``RateLimitError`` at once.
        reasoning_split: ask for reasoning in ``reasoning_details`` (``None`` = preset default).
        thinking (alias ``thinking_dict``, llama-index-llms-anthropic's name):
            ``{"type": "adaptive"}`` / ``{"type": "disabled"}`` (MiniMax-M3); Anthropic's
            ``{"type": "enabled", "budget_tokens": N}`` is sent as adaptive.
        reasoning_effort: ``"low"`` … ``"max"`` (the M3.1 family). Both are checked per model
            on MiniMax's own API (refused or dropped with a warning where the model does not
            take them) and can be overridden per call (``llm.chat(msgs, reasoning_effort="low")``).
        additional_kwargs: extra request fields for every call (``extra_body`` is merged in).
        default_headers: extra HTTP headers (never serialised).
        async_transport: HTTP stack of async calls: ``"auto"`` (aiohttp when ``httpx-aiohttp``
            is installed, else httpx), ``"aiohttp"`` or ``"httpx"``; sync calls use httpx.
        http_client / async_http_client: your own ``httpx`` clients (proxies, tests); they
            win over ``async_transport``.
        context_window, is_function_calling_model: override the catalog's values.

    ``close()`` / ``aclose()`` and ``with`` / ``async with`` close the connection pools; an
    async pool is also closed when its event loop shuts down (``asyncio.run`` returning).

    Example:
        >>> from llama_index.core.tools import FunctionTool
        >>> def add(a: int, b: int) -> int:
        ...     '''Add two integers.'''
        ...     return a + b
        >>> llm = MiniMax(model="MiniMax-M2.7", api_key="sk-...")
        >>> resp = llm.chat_with_tools([FunctionTool.from_defaults(add)],
        ...                            user_msg="What is 1 + 2?")   # doctest: +SKIP
        >>> llm.get_tool_calls_from_response(resp)[0].tool_kwargs   # doctest: +SKIP
        {'a': 1, 'b': 2}
    """

    model: str = Field(default=DEFAULT_MODEL, description="The MiniMax model id.")
    api_key: SecretStr | None = Field(
        default=None, exclude=True, repr=False, description="API key (never serialised)."
    )
    api_base: str | None = Field(default=None, description="Base URL of the API.")
    preset: str | None = Field(default=None, description="Transport preset name.")
    temperature: float | None = Field(default=None, description="Sampling temperature.")
    top_p: float | None = Field(default=None, description="Nucleus sampling.")
    max_tokens: int | None = Field(
        default=None, description="Output budget (reasoning included); catalog default if unset."
    )
    timeout: float | None = Field(default=None, description="Seconds per attempt (None: 600).")
    connect_timeout: float | None = Field(
        default=None, description="Handshake seconds (None: 10), capped by timeout."
    )
    stream_idle_timeout: float | None = Field(
        default=None, description="Longest silence in a stream (None: min(timeout, 300))."
    )
    max_retries: int = Field(default=2, description="Retries after the first attempt.")
    max_retry_after: float | None = Field(
        default=None, description="Longest Retry-After waited for (None: 60)."
    )
    async_transport: Literal["auto", "aiohttp", "httpx"] = Field(
        default="auto",
        description="HTTP stack of async calls (auto: aiohttp when httpx-aiohttp is installed).",
    )
    reasoning_split: bool | None = Field(
        default=None, description="Request reasoning in reasoning_details (None: preset default)."
    )
    thinking: ThinkingConfig | dict[str, Any] | None = Field(
        default=None, description='{"type": "adaptive"} or {"type": "disabled"} (None: default).'
    )
    reasoning_effort: ReasoningEffort | str | None = Field(
        default=None, description="low, medium, high, xhigh or max (the M3.1 family)."
    )
    additional_kwargs: dict[str, Any] = Field(
        default_factory=dict, description="Extra request fields sent with every call."
    )
    default_headers: dict[str, str] | None = Field(
        default=None, exclude=True, repr=False, description="Extra HTTP headers."
    )
    context_window: int | None = Field(default=None, description="Override the catalog value.")
    is_function_calling_model: bool | None = Field(
        default=None, description="Override the catalog value."
    )

    _http_client: httpx.Client | None = PrivateAttr(default=None)
    _async_http_client: httpx.AsyncClient | None = PrivateAttr(default=None)
    _clients: ClientCache = PrivateAttr(default_factory=ClientCache)

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        api_key: str | SecretStr | None = None,
        api_base: str | None = None,
        *,
        base_url: str | None = None,
        preset: str | None = None,
        temperature: float | None = None,
        top_p: float | None = None,
        max_tokens: int | None = None,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        stream_idle_timeout: float | None = None,
        max_retries: int = 2,
        max_retry_after: float | None = None,
        async_transport: Literal["auto", "aiohttp", "httpx"] = "auto",
        reasoning_split: bool | None = None,
        thinking: ThinkingConfig | dict[str, Any] | None = None,
        thinking_dict: dict[str, Any] | None = None,
        reasoning_effort: ReasoningEffort | str | None = None,
        additional_kwargs: dict[str, Any] | None = None,
        default_headers: dict[str, str] | None = None,
        http_client: httpx.Client | None = None,
        async_http_client: httpx.AsyncClient | None = None,
        context_window: int | None = None,
        is_function_calling_model: bool | None = None,
        callback_manager: CallbackManager | None = None,
        system_prompt: str | None = None,
        output_parser: BaseOutputParser | None = None,
        pydantic_program_mode: PydanticProgramMode = PydanticProgramMode.DEFAULT,
        **kwargs: Any,
    ) -> None:
        if api_base is not None and base_url is not None and api_base != base_url:
            raise ValueError("Pass either api_base or base_url, not both.")
        if isinstance(api_key, str):
            api_key = SecretStr(api_key) if api_key else None
        if thinking is not None and thinking_dict is not None and thinking != thinking_dict:
            raise ValueError("Pass either thinking or thinking_dict, not both.")
        super().__init__(
            model=model,
            api_key=api_key,
            api_base=api_base or base_url,
            preset=preset,
            temperature=temperature,
            top_p=top_p,
            max_tokens=max_tokens,
            timeout=timeout,
            connect_timeout=connect_timeout,
            stream_idle_timeout=stream_idle_timeout,
            max_retries=max_retries,
            max_retry_after=max_retry_after,
            async_transport=async_transport,
            reasoning_split=reasoning_split,
            thinking=thinking if thinking is not None else thinking_dict,
            reasoning_effort=reasoning_effort,
            additional_kwargs=dict(additional_kwargs or {}),
            default_headers=default_headers,
            context_window=context_window,
            is_function_calling_model=is_function_calling_model,
            callback_manager=callback_manager,
            system_prompt=system_prompt,
            output_parser=output_parser,
            pydantic_program_mode=pydantic_program_mode,
            **kwargs,
        )
        self._http_client = http_client
        self._async_http_client = async_http_client
        self.client_config()  # a bad setting raises ValueError here, not at the first call

    @classmethod
    def class_name(cls) -> str:
        return "llama_index_minimax.MiniMax"

    def __getstate__(self) -> dict[Any, Any]:
        """Pickles never carry the API key: an unpickled LLM reads ``MINIMAX_API_KEY``."""
        state = super().__getstate__()
        state["__dict__"] = {**state["__dict__"], "api_key": None}
        return state

    # ------------------------------------------------------------------ model info
    def _model_overrides(self) -> dict[str, Any]:
        overrides: dict[str, Any] = {}
        if self.context_window is not None:
            overrides["context_window"] = self.context_window
        if self.is_function_calling_model is not None:
            overrides["supports_tools"] = self.is_function_calling_model
        return overrides

    @property
    def model_info(self) -> ModelInfo:
        """The transport catalog's entry for :attr:`model` on this LLM's endpoint (the
        transport applies the dialect's differences), with this LLM's overrides; looked up
        once per model by the client, which is built with those overrides (LlamaIndex reads
        ``metadata`` on every call)."""
        return self.client.model_info(self.model)

    @property
    def metadata(self) -> LLMMetadata:
        info = self.model_info
        return LLMMetadata(
            context_window=info.context_window,
            num_output=self.max_tokens or info.default_max_tokens,
            is_chat_model=True,
            is_function_calling_model=info.supports_tools,
            model_name=self.model,
        )

    # ------------------------------------------------------------------ transport
    def client_config(self) -> ClientConfig:
        """This LLM's connection settings, as the transport's client cache keys them (same
        rules as LangChain's ``ChatMiniMax``); raises ``ValueError`` for a negative
        ``max_retries`` or timeout."""
        return ClientConfig.from_attributes(self, **self._config_overrides())

    def _config_overrides(self) -> dict[str, Any]:
        """The config fields this LLM spells differently from :class:`ClientConfig` (read on
        every call: the private attributes straight from pydantic's private dict, which is
        what ``self._http_client`` reads, through a slower ``__getattr__``)."""
        private = self.__pydantic_private__ or {}
        return {
            "base_url": self.api_base,
            "model_overrides": self._model_overrides(),
            "http_client": private.get("_http_client"),
            "async_http_client": private.get("_async_http_client"),
        }

    def close(self) -> None:
        """Close the connection pools this LLM created (not an ``http_client`` you passed)."""
        self._clients.close()

    async def aclose(self) -> None:
        """Close this event loop's async pool and the sync pool."""
        await self._clients.aclose()

    def __enter__(self) -> MiniMax:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self) -> MiniMax:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    @property
    def client(self) -> MiniMaxClient:
        """The transport client (rebuilt when the connection settings change)."""
        clients: ClientCache = (self.__pydantic_private__ or {}).get("_clients") or self._clients
        return clients.get_for(self, **self._config_overrides())

    def _build_request(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatRequest:
        """The neutral request for ``messages``; call kwargs override ``additional_kwargs``."""
        defaults = {
            "temperature": self.temperature,
            "top_p": self.top_p,
            "max_tokens": self.max_tokens,
            "reasoning_split": self.reasoning_split,
            "thinking": self.thinking,
            "reasoning_effort": self.reasoning_effort,
        }
        return build_chat_request(
            self.model,
            to_neutral_messages(messages),
            defaults,
            self.additional_kwargs,
            kwargs,
            tool_spec=tool_to_spec,
        )

    # ------------------------------------------------------------------ chat
    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        """One chat completion: reasoning in a ``ThinkingBlock``, the clean answer as content."""
        return self._chat(messages, **kwargs)

    @llm_chat_callback()
    async def achat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        """Async :meth:`chat`."""
        return await self._achat(messages, **kwargs)

    @llm_chat_callback()
    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        """Stream cumulative chunks: ``delta`` = new answer text, ``thinking_delta`` = new
        reasoning; the last chunk is the complete message with usage."""
        return self._stream_chat(messages, **kwargs)

    @llm_chat_callback()
    async def astream_chat(
        self, messages: Sequence[ChatMessage], **kwargs: Any
    ) -> ChatResponseAsyncGen:
        """Async :meth:`stream_chat` (same chunks; the first is never dropped)."""
        return self._astream_chat(messages, **kwargs)

    def _chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        result = self.client.complete(self._build_request(messages, **kwargs))
        return chat_response(result_to_message(result), result_raw(result), response_kwargs(result))

    async def _achat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        result = await self.client.acomplete(self._build_request(messages, **kwargs))
        return chat_response(result_to_message(result), result_raw(result), response_kwargs(result))

    def _stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        request = self._build_request(messages, **kwargs)
        client = self.client

        def gen() -> Generator[ChatResponse, None, None]:
            state = StreamState()
            for event in client.stream(request):
                chunk = state.on_event(event)
                if chunk is not None:
                    yield chunk

        return gen()

    def _astream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseAsyncGen:
        request = self._build_request(messages, **kwargs)
        client = self.client

        async def gen() -> AsyncGenerator[ChatResponse, None]:
            state = StreamState()
            async for event in client.astream(request):
                chunk = state.on_event(event)
                if chunk is not None:
                    yield chunk

        return gen()

    # ------------------------------------------------------------------ completion
    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        """``prompt`` as one user message; ``text`` is the answer without reasoning."""
        return _to_completion(self._chat(_prompt_messages(prompt), **kwargs))

    @llm_completion_callback()
    async def acomplete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponse:
        """Async :meth:`complete`."""
        return _to_completion(await self._achat(_prompt_messages(prompt), **kwargs))

    @llm_completion_callback()
    def stream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponseGen:
        """Stream the answer text (``delta``); reasoning in ``thinking_delta``."""
        chunks = self._stream_chat(_prompt_messages(prompt), **kwargs)

        def gen() -> Generator[CompletionResponse, None, None]:
            for chunk in chunks:
                yield _to_completion(chunk)

        return gen()

    @llm_completion_callback()
    async def astream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponseAsyncGen:
        """Async :meth:`stream_complete`."""
        chunks = self._astream_chat(_prompt_messages(prompt), **kwargs)

        async def gen() -> AsyncGenerator[CompletionResponse, None]:
            async for chunk in chunks:
                yield _to_completion(chunk)

        return gen()

    # ------------------------------------------------------------------ tools
    def _prepare_chat_with_tools(
        self,
        tools: Sequence[BaseTool],
        user_msg: str | ChatMessage | None = None,
        chat_history: list[ChatMessage] | None = None,
        verbose: bool = False,
        allow_parallel_tool_calls: bool = False,
        tool_required: bool = False,
        tool_choice: Any = None,
        strict: bool | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """The ``chat`` kwargs for a tool call: messages (``chat_history`` is not mutated),
        neutral tool specs and the tool choice (``tool_required`` → ``"required"``; forcing
        is emulated by the transport where the model ignores it)."""
        messages = list(chat_history or [])
        if user_msg is not None:
            if isinstance(user_msg, str):
                user_msg = ChatMessage(role=MessageRole.USER, content=user_msg)
            messages.append(user_msg)
        specs = [tool_to_spec(t, strict) for t in tools]
        prepared: dict[str, Any] = {
            "messages": messages,
            "tools": specs or None,
            "parallel_tool_calls": allow_parallel_tool_calls if specs else None,
            **kwargs,
        }
        choice = normalize_tool_choice(tool_choice, required=tool_required) if specs else None
        if choice is not None:
            prepared["tool_choice"] = choice
        return prepared

    def _validate_chat_with_tools_response(
        self,
        response: ChatResponse,
        tools: Sequence[BaseTool],
        allow_parallel_tool_calls: bool = False,
        **kwargs: Any,
    ) -> ChatResponse:
        """Keep only the first tool call unless parallel calls were allowed."""
        if not allow_parallel_tool_calls and len(tool_call_blocks(response.message)) > 1:
            keep_first_tool_call(response.message)
        return response

    def get_tool_calls_from_response(
        self,
        response: ChatResponse,
        error_on_no_tool_call: bool = True,
        **kwargs: Any,
    ) -> list[ToolSelection]:
        """The response's tool calls as ``ToolSelection``\\ s.

        Raises ``ValueError`` when there is none and ``error_on_no_tool_call`` is true, and
        :class:`~llama_index_minimax.MiniMaxToolCallError` when the model's arguments are not a
        JSON object (instead of silently calling the tool with ``{}``).
        """
        return tool_selections(response, error_on_no_tool_call=error_on_no_tool_call)


# ---------------------------------------------------------------------- helpers


def _prompt_messages(prompt: str) -> list[ChatMessage]:
    return [ChatMessage(role=MessageRole.USER, content=prompt)]


def _to_completion(chunk: ChatResponse) -> CompletionResponse:
    additional_kwargs = dict(chunk.additional_kwargs)
    reasoning = "\n".join(
        b.content for b in chunk.message.blocks if isinstance(b, ThinkingBlock) and b.content
    )
    if reasoning:
        additional_kwargs["reasoning"] = reasoning
    return CompletionResponse(
        text=chunk.message.content or "",
        delta=chunk.delta,
        raw=chunk.raw,
        additional_kwargs=additional_kwargs,
    )


__all__ = ["DEFAULT_MODEL", "MiniMax"]
