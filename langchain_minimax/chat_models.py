"""``ChatMiniMax``: MiniMax chat models (M2.x, M3, M1, Text-01, abab) for LangChain."""

from __future__ import annotations

import logging
import warnings
from collections.abc import AsyncIterator, Iterator, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Literal

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import (
    BaseChatModel,
    LangSmithParams,
    LanguageModelInput,
    ModelProfile,
)
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.output_parsers import (
    JsonOutputKeyToolsParser,
    JsonOutputParser,
    PydanticOutputParser,
    PydanticToolsParser,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable, RunnableMap, RunnablePassthrough
from langchain_core.utils import from_env, secret_from_env
from langchain_core.utils.function_calling import convert_to_json_schema, convert_to_openai_tool
from langchain_core.utils.pydantic import is_basemodel_subclass
from langchain_core.utils.utils import _build_model_kwargs, get_pydantic_field_names
from pydantic import ConfigDict, Field, PrivateAttr, SecretStr, model_validator
from typing_extensions import Self

from minimax_transport import (
    ChatRequest,
    MiniMaxClient,
    MiniMaxError,
    ModelInfo,
    ReasoningEffort,
    ThinkingConfig,
)
from minimax_transport.call_params import build_chat_request, normalize_tool_choice
from minimax_transport.client_cache import ClientCache, ClientConfig
from minimax_transport.dialects import endpoint_model_info
from minimax_transport.token_estimate import estimate_prompt_tokens, estimate_text_tokens

from . import __version__
from .errors import to_langchain_error
from .messages import event_to_chunk, generation_chunk, to_ai_message, to_neutral_messages
from .tools import ToolLike, format_tool, to_tool_spec, to_tool_specs

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "MiniMax-M2.7"
StructuredOutputMethod = Literal["function_calling", "json_schema", "json_mode"]


class ChatMiniMax(BaseChatModel):
    r"""MiniMax chat models (``MiniMax-M2.7`` and the rest of the M2.x family, M3, M1,
    Text-01, abab) on MiniMax's OpenAI-compatible API, its China region, aggregators and
    self-hosted vLLM/SGLang servers.

    MiniMax's dialect — ``<think>`` reasoning inline in ``content`` or split into
    ``reasoning_details``, streamed tool-call quirks, HTTP-200 ``base_resp`` errors,
    parameter ranges — is handled by the shared :mod:`minimax_transport`; this class maps
    LangChain messages to it.

    Setup:
        .. code-block:: bash

            pip install "minimax-integrations[langchain]"
            export MINIMAX_API_KEY="your-api-key"
            # China region keys: export MINIMAX_BASE_URL="https://api.minimaxi.com/v1"

    Key init args — completion params:
        model: str
            Model id, default ``"MiniMax-M2.7"``.
        temperature: float | None
            Sampling temperature (mapped into the model's allowed range; 0 is accepted).
        top_p: float | None
            Nucleus sampling.
        max_tokens: int | None
            Output budget, reasoning included (alias ``max_completion_tokens``). Default: a
            generous per-model value from the catalog.
        stop: list[str] | None
            Stop sequences (enforced client-side where the model ignores them).
        reasoning_split: bool | None
            ``True`` asks MiniMax for separate ``reasoning_details``; ``False`` keeps
            ``<think>`` inline on the wire. ``None`` (default) lets the preset decide. Either
            way ``content`` is the clean answer.
        thinking: dict | None
            ``{"type": "adaptive"}`` or ``{"type": "disabled"}`` (MiniMax-M3);
            ChatAnthropic's ``{"type": "enabled", "budget_tokens": N}`` is sent as adaptive.
            Checked per model on MiniMax's API (see README, "Thinking and reasoning effort").
        reasoning_effort: str | None
            ``"low"``, ``"medium"``, ``"high"``, ``"xhigh"`` or ``"max"`` (the M3.1 family;
            MiniMax's default is ``"max"``). Both can be overridden per call
            (``llm.invoke(..., reasoning_effort="low")``).
        model_kwargs / extra_body: dict
            Extra fields merged into the request body.

    Key init args — client params:
        api_key: SecretStr | None
            Default ``MINIMAX_API_KEY``.
        base_url: str | None
            API base (``…/v1``). Default ``MINIMAX_BASE_URL``, else the international API.
        preset: str | None
            Host dialect (``"minimax"``, ``"minimax-cn"``, ``"openrouter"``, ``"aimlapi"``,
            ``"openai-compatible"``…); default detected from ``base_url``.
        timeout: float | None
            Seconds per attempt (``None``: 600 s); a non-streamed attempt ends then even if
            bytes keep trickling in.
        connect_timeout: float | None
            Seconds for the connection handshake (default 10 s, never more than ``timeout``).
        stream_idle_timeout: float | None
            Longest silence inside a stream: the value you set, else ``min(timeout, 300 s)``.
        max_retries: int
            Retries on rate limits, transient and connection errors (default 2; negative
            raises ``ValueError``).
        max_retry_after: float | None
            Longest ``Retry-After`` waited for (default 60 s); a longer one raises the
            ``RateLimitError`` at once.
        async_transport: "auto" | "aiohttp" | "httpx"
            HTTP stack of async calls (``"auto"``: aiohttp when ``httpx-aiohttp`` is
            installed, else httpx); sync calls use httpx.
        default_headers, http_client, http_async_client
            Extra headers, your own ``httpx.Client`` / ``httpx.AsyncClient`` (your async
            client wins over ``async_transport``).

    Instantiate:
        .. code-block:: python

            from langchain_minimax import ChatMiniMax

            llm = ChatMiniMax(model="MiniMax-M2.7", temperature=1.0, max_retries=2)

    Invoke:
        .. code-block:: python

            msg = llm.invoke("What is 7 times 8? Answer with just the number.")
            msg.content                                # '56'  (never a <think> tag)
            msg.additional_kwargs["reasoning_content"]  # 'The user asks: ...'
            [b["type"] for b in msg.content_blocks]     # ['reasoning', 'text']

    Stream:
        .. code-block:: python

            for chunk in llm.stream("Prove that odd + odd is even."):
                print(chunk.additional_kwargs.get("reasoning_content", ""), end="")
                print(chunk.text, end="")

    Async:
        .. code-block:: python

            await llm.ainvoke("Hello")
            async for chunk in llm.astream("Hello"):
                ...
            await llm.abatch(["Hello", "Hi"])

    Tool calling:
        .. code-block:: python

            from langchain_core.tools import tool

            @tool
            def get_weather(location: str) -> str:
                "Get the weather at a location."
                return "sunny"

            llm_with_tools = llm.bind_tools([get_weather], tool_choice="auto")
            ai_msg = llm_with_tools.invoke("Weather in San Francisco?")
            ai_msg.tool_calls
            # [{'name': 'get_weather', 'args': {'location': 'San Francisco, US'},
            #   'id': 'call_function_1202729600_1', 'type': 'tool_call'}]

        Put ``ai_msg`` back in the history as it is: its reasoning is replayed to MiniMax
        exactly as returned (``additional_kwargs["minimax_replay"]``), which MiniMax
        requires for interleaved thinking. ``tool_choice`` accepts ``"auto"``, ``"none"``,
        ``"any"``/``"required"``/``True`` and a tool name; where the model ignores forcing
        (M2.x) it is emulated and :class:`~minimax_transport.ToolChoiceNotHonouredError`
        raised if the model still answers without a call.

    Structured output:
        .. code-block:: python

            from pydantic import BaseModel

            class Joke(BaseModel):
                setup: str
                punchline: str

            llm.with_structured_output(Joke).invoke("Tell me a joke about cats")

        ``method="function_calling"`` (default) works on every tool-capable model.
        ``method="json_schema"`` uses MiniMax's native ``response_format`` only where the
        catalog says it is honoured (Text-01, M3); elsewhere (M2.x silently ignores it) it
        falls back to function calling with a warning. ``method="json_mode"`` parses the
        clean answer text as JSON (ask for JSON in your prompt); reasoning never reaches the
        parser.

    Token usage:
        .. code-block:: python

            msg.usage_metadata
            # {'input_tokens': 767, 'output_tokens': 172, 'total_tokens': 939,
            #  'input_token_details': {'cache_read': 443},
            #  'output_token_details': {'reasoning': 25}}

        A detail MiniMax did not send (``cache_read``, ``cache_creation``, ``reasoning``) is
        absent, never ``0``.

    Response metadata:
        .. code-block:: python

            msg.response_metadata
            # {'model_provider': 'minimax', 'model_name': 'MiniMax-M2.7-highspeed',
            #  'id': '06407ea121ddc267a22ca62c3e0a6997', 'finish_reason': 'stop', ...}

    Errors:
        Every failure is a transport error (:mod:`minimax_transport.errors`:
        ``RateLimitError``, ``AuthenticationError``, ``ContextWindowExceededError``…, each
        with ``status_code``, MiniMax ``code`` and ``request_id``) that is also LangChain's
        matching ``ModelError`` class (:mod:`langchain_minimax.errors`), with
        ``is_retryable`` equal to the transport's ``retryable``; so ``ModelRetryMiddleware``,
        ``SummarizationMiddleware``, ``with_retry`` and ``with_fallbacks`` all decide
        correctly. A parameter the model would silently ignore (``response_format`` on M2.x,
        an image for a text-only model) raises ``UnsupportedFeatureError`` before any request.

    Closing:
        .. code-block:: python

            with ChatMiniMax() as llm:            # or: async with ChatMiniMax() as llm
                llm.invoke("Hello")
            # llm.close() / await llm.aclose() do the same explicitly

        An async connection pool is also closed when its event loop shuts down, so
        ``asyncio.run(llm.ainvoke(...))`` leaves nothing open.

    Serialization:
        ``is_lc_serializable()`` is ``False``: ``langchain_core.load`` only loads classes in
        its own mapping, which an out-of-tree package cannot join.
    """

    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True)

    model_name: str = Field(default=DEFAULT_MODEL, alias="model")
    """Model id."""
    api_key: SecretStr | None = Field(
        default_factory=secret_from_env("MINIMAX_API_KEY", default=None)
    )
    """API key; default ``MINIMAX_API_KEY``."""
    base_url: str | None = Field(default_factory=from_env("MINIMAX_BASE_URL", default=None))
    """API base URL (``…/v1``); default ``MINIMAX_BASE_URL``, else the international API."""
    preset: str | None = None
    """Host preset name; default detected from ``base_url``."""
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = Field(default=None, alias="max_completion_tokens")
    """Output budget including reasoning (alias ``max_completion_tokens``)."""
    stop: list[str] | None = Field(default=None, alias="stop_sequences")
    timeout: float | None = None
    """Seconds per attempt (``None``: 600 s)."""
    connect_timeout: float | None = None
    """Seconds for the connection handshake (``None``: 10 s); capped by ``timeout``."""
    stream_idle_timeout: float | None = None
    """Longest silence inside a stream; unset: ``min(timeout, 300 s)``."""
    max_retries: int = 2
    """Retries after the first attempt (``2`` → at most 3 requests)."""
    max_retry_after: float | None = None
    """Longest ``Retry-After`` waited for (``None``: 60 s); longer raises at once."""
    async_transport: Literal["auto", "aiohttp", "httpx"] = "auto"
    """HTTP stack of async calls: ``"auto"`` (aiohttp when ``httpx-aiohttp`` is installed),
    ``"aiohttp"`` or ``"httpx"``. ``http_async_client`` wins; sync calls use httpx."""
    streaming: bool = False
    """Whether ``invoke`` streams under the hood."""
    stream_usage: bool = True
    """Ask for token usage in streams (reported once, on the last chunk)."""
    reasoning_split: bool | None = None
    """``True``: ``reasoning_details`` on the wire; ``False``: inline ``<think>``; ``None``:
    the preset's choice. ``content`` is clean in every case."""
    thinking: ThinkingConfig | dict[str, Any] | None = None
    """``{"type": "adaptive"}`` / ``{"type": "disabled"}`` (``None``: MiniMax's default).
    Checked per model by the transport on MiniMax's own API; sent as given elsewhere."""
    reasoning_effort: ReasoningEffort | str | None = None
    """``"low"`` … ``"max"`` on the M3.1 family (``None``: MiniMax's default, ``"max"``)."""
    model_kwargs: dict[str, Any] = Field(default_factory=dict)
    """Extra request-body fields (unknown constructor kwargs land here)."""
    extra_body: dict[str, Any] | None = None
    """Extra request-body fields, merged last."""
    default_headers: dict[str, str] | None = None
    http_client: Any | None = Field(default=None, exclude=True)
    """An ``httpx.Client`` to use for sync calls."""
    http_async_client: Any | None = Field(default=None, exclude=True)
    """An ``httpx.AsyncClient`` to use for async calls."""
    model_overrides: dict[str, Any] | None = None
    """Catalog fields to override (e.g. ``{"context_window": 65536}``)."""

    _clients: ClientCache = PrivateAttr(default_factory=ClientCache)

    if TYPE_CHECKING:
        # What callers may pass, for type checkers without the pydantic plugin: both names of
        # the aliased fields, and a plain ``str`` key (validated into a ``SecretStr``). Other
        # keyword arguments (core fields such as ``callbacks`` or ``rate_limiter``, and extra
        # request-body fields collected into ``model_kwargs``) stay accepted as ``**kwargs``.
        def __init__(
            self,
            *,
            model: str = ...,
            model_name: str = ...,
            api_key: str | SecretStr | None = ...,
            base_url: str | None = ...,
            preset: str | None = ...,
            temperature: float | None = ...,
            top_p: float | None = ...,
            max_tokens: int | None = ...,
            max_completion_tokens: int | None = ...,
            stop: list[str] | None = ...,
            stop_sequences: list[str] | None = ...,
            timeout: float | None = ...,
            connect_timeout: float | None = ...,
            stream_idle_timeout: float | None = ...,
            max_retries: int = ...,
            max_retry_after: float | None = ...,
            async_transport: Literal["auto", "aiohttp", "httpx"] = ...,
            streaming: bool = ...,
            stream_usage: bool = ...,
            reasoning_split: bool | None = ...,
            model_kwargs: dict[str, Any] = ...,
            extra_body: dict[str, Any] | None = ...,
            default_headers: dict[str, str] | None = ...,
            http_client: Any | None = ...,
            http_async_client: Any | None = ...,
            model_overrides: dict[str, Any] | None = ...,
            **kwargs: Any,
        ) -> None: ...

    # ------------------------------------------------------------------ construction
    @model_validator(mode="before")
    @classmethod
    def _collect_model_kwargs(cls, values: Any) -> Any:
        """Unknown constructor kwargs go to ``model_kwargs`` (with a warning), as in
        the partner packages."""
        if not isinstance(values, dict):
            return values
        return _build_model_kwargs(dict(values), get_pydantic_field_names(cls))

    @model_validator(mode="after")
    def _check_settings(self) -> Self:
        self.client  # noqa: B018  (a bad setting raises here, not at the first call)
        return self

    def client_config(self) -> ClientConfig:
        """This model's connection settings, as the transport's client cache keys them."""
        return ClientConfig.from_attributes(self, async_http_client=self.http_async_client)

    @model_validator(mode="after")
    def _set_minimax_version(self) -> Self:
        self._add_version("langchain-minimax", __version__)
        return self

    @property
    def client(self) -> MiniMaxClient:
        """The transport client (base URL, preset, retries, pooled connections); rebuilt
        when a connection setting changes."""
        # pydantic's private dict read directly: ``self._clients`` goes through a slower
        # ``__getattr__``, and this runs several times per call
        clients: ClientCache = (self.__pydantic_private__ or {}).get("_clients") or self._clients
        return clients.get_for(self, async_http_client=self.http_async_client)

    def close(self) -> None:
        """Close the connection pools this model created (not an ``http_client`` you passed)."""
        self._clients.close()

    async def aclose(self) -> None:
        """Close this event loop's async pool and the sync pool."""
        await self._clients.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __getstate__(self) -> dict[Any, Any]:
        """Pickles never carry the API key: an unpickled model reads ``MINIMAX_API_KEY``."""
        state = super().__getstate__()
        state["__dict__"] = {**state["__dict__"], "api_key": None}
        return state

    def __setstate__(self, state: dict[Any, Any]) -> None:
        super().__setstate__(state)
        if self.api_key is None:
            self.__dict__["api_key"] = secret_from_env("MINIMAX_API_KEY", default=None)()

    def model_info(self, model: str | None = None) -> ModelInfo:
        """The catalog entry for ``model`` (default: this instance's model) on this instance's
        endpoint (the transport applies the dialect's differences, e.g. no ``response_format``
        on the Anthropic-compatible endpoint), with ``model_overrides`` applied."""
        return endpoint_model_info(
            model or self.model_name,
            base_url=self.base_url,
            preset=self.preset,
            overrides=self.model_overrides,
        )

    def _resolve_model_profile(self) -> ModelProfile | None:
        info = self.model_info()
        profile = ModelProfile(
            status=info.status,
            max_input_tokens=info.context_window,
            max_output_tokens=info.max_output_tokens,
            text_inputs=True,
            text_outputs=True,
            image_inputs=info.image_input,
            image_url_inputs=info.image_input,
            pdf_inputs=False,
            audio_inputs=False,
            video_inputs=info.video_input,
            image_tool_message=False,
            pdf_tool_message=False,
            reasoning_output=info.reasoning != "none",
            tool_calling=info.supports_tools,
            tool_choice=info.supports_tools,
            tool_call_streaming=info.supports_tools,
            structured_output=info.response_format,
            temperature=True,
        )
        if info.reasoning_effort_levels:
            profile["reasoning_effort_levels"] = list(info.reasoning_effort_levels)
            if info.reasoning_effort_default:
                profile["reasoning_effort_default"] = info.reasoning_effort_default
        return profile

    # ------------------------------------------------------------------ identity
    @property
    def _llm_type(self) -> str:
        return "minimax-chat"

    @property
    def lc_secrets(self) -> dict[str, str]:
        return {"api_key": "MINIMAX_API_KEY"}

    @classmethod
    def is_lc_serializable(cls) -> bool:
        return False

    @property
    def _identifying_params(self) -> dict[str, Any]:
        client = self.client
        return {
            "model": self.model_name,
            "base_url": client.base_url,
            "preset": client.preset.name,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "max_tokens": self.max_tokens,
            "reasoning_split": self.reasoning_split,
            "thinking": self.thinking,
            "reasoning_effort": self.reasoning_effort,
        }

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        params = LangSmithParams(
            ls_provider="minimax",
            ls_model_name=kwargs.get("model", self.model_name),
            ls_model_type="chat",
        )
        temperature = kwargs.get("temperature", self.temperature)
        if temperature is not None:
            params["ls_temperature"] = temperature
        max_tokens = kwargs.get("max_tokens", self.max_tokens)
        if max_tokens is not None:
            params["ls_max_tokens"] = max_tokens
        ls_stop = stop or kwargs.get("stop") or self.stop
        if ls_stop:
            params["ls_stop"] = ls_stop
        return params

    # ------------------------------------------------------------------ token counting
    def get_num_tokens(self, text: str) -> int:
        """Estimated MiniMax tokens in ``text``: offline, no tokenizer download (see
        :mod:`minimax_transport.token_estimate` for the method and its calibration)."""
        return estimate_text_tokens(text)

    def get_token_ids(self, text: str) -> list[int]:
        """One stand-in id per estimated token (MiniMax's real ids are not available
        offline); only the length is meaningful."""
        return list(range(estimate_text_tokens(text)))

    def get_num_tokens_from_messages(
        self,
        messages: list[BaseMessage],
        tools: Sequence[Any] | None = None,
    ) -> int:
        """Estimated ``prompt_tokens`` MiniMax would report for ``messages`` (and ``tools``):
        message text, per-message template overhead, the model's fixed prompt preamble and
        the tool schemas. Used by ``trim_messages(token_counter=model)``.

        Example:
            >>> from langchain_core.messages import HumanMessage
            >>> llm = ChatMiniMax(model="MiniMax-M2.7", api_key="sk-test")
            >>> llm.get_num_tokens_from_messages([HumanMessage("Hi! What do you think about mankind?")])
            51
        """
        specs = to_tool_specs(tools) if tools else None
        return estimate_prompt_tokens(to_neutral_messages(messages), specs, model=self.model_name)

    # ------------------------------------------------------------------ request mapping
    def _build_request(
        self, messages: list[BaseMessage], stop: list[str] | None, kwargs: dict[str, Any]
    ) -> ChatRequest:
        call = dict(kwargs)
        for framework_only in ("ls_structured_output_format", "stream", "strict"):
            call.pop(framework_only, None)  # strictness is carried per tool (ToolSpec.strict)
        defaults = {
            "temperature": self.temperature,
            "top_p": self.top_p,
            "max_tokens": self.max_tokens,
            "stop": self.stop,
            "reasoning_split": self.reasoning_split,
            "thinking": self.thinking,
            "reasoning_effort": self.reasoning_effort,
            "stream_usage": self.stream_usage,
            "extra_body": {**self.model_kwargs, **(self.extra_body or {})},
        }
        return build_chat_request(
            self.model_name,
            to_neutral_messages(messages),
            defaults,
            call,
            {"stop": stop},
            tool_spec=to_tool_spec,
            response_format=_response_format,
        )

    # ------------------------------------------------------------------ generation
    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        try:
            request = self._build_request(messages, stop, kwargs)
            result = self.client.complete(request)
        except MiniMaxError as exc:
            raise to_langchain_error(exc) from exc.__cause__
        return _chat_result(to_ai_message(result, request.model))

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        try:
            request = self._build_request(messages, stop, kwargs)
            result = await self.client.acomplete(request)
        except MiniMaxError as exc:
            raise to_langchain_error(exc) from exc.__cause__
        return _chat_result(to_ai_message(result, request.model))

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        try:
            request = self._build_request(messages, stop, kwargs)
        except MiniMaxError as exc:
            raise to_langchain_error(exc) from exc.__cause__
        events = self.client.stream(request)
        try:
            for event in events:
                chunk = event_to_chunk(event, request.model)
                if chunk is None:
                    continue
                generation = generation_chunk(chunk)
                if run_manager:
                    run_manager.on_llm_new_token(chunk.text, chunk=generation)
                yield generation
        except MiniMaxError as exc:
            raise to_langchain_error(exc) from exc.__cause__
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        try:
            request = self._build_request(messages, stop, kwargs)
        except MiniMaxError as exc:
            raise to_langchain_error(exc) from exc.__cause__
        events = self.client.astream(request)
        try:
            async for event in events:
                chunk = event_to_chunk(event, request.model)
                if chunk is None:
                    continue
                generation = generation_chunk(chunk)
                if run_manager:
                    await run_manager.on_llm_new_token(chunk.text, chunk=generation)
                yield generation
        except MiniMaxError as exc:
            raise to_langchain_error(exc) from exc.__cause__
        finally:
            aclose = getattr(events, "aclose", None)
            if aclose is not None:
                await aclose()

    # ------------------------------------------------------------------ tools
    def bind_tools(
        self,
        tools: Sequence[ToolLike],
        *,
        tool_choice: dict[str, Any] | str | bool | None = None,
        strict: bool | None = None,
        parallel_tool_calls: bool | None = None,
        response_format: Any | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Bind tools (dicts, pydantic models, functions, ``BaseTool``) to the model.

        Args:
            tools: tool definitions; bound as OpenAI function-tool dicts under ``tools``.
            tool_choice: ``"auto"``, ``"none"``, ``"any"``/``"required"``/``True`` (some
                tool), a tool name, or a dict naming a function. Forcing is emulated by the
                transport where the model family ignores it.
            strict: put into each tool's schema (``strict``) where the host takes it
                (OpenRouter, OpenAI-compatible servers); elsewhere ``strict=True`` is
                dropped with a ``UserWarning``.
            parallel_tool_calls: sent where the host accepts it.
            response_format: native structured output (``create_agent``'s
                ``ProviderStrategy`` passes it). Sent where the catalog says the model
                honours it (M3, Text-01); elsewhere the call raises
                ``UnsupportedFeatureError`` before any request (use ``ToolStrategy``).
            kwargs: any other call-time parameter.

        Example:
            >>> llm = ChatMiniMax(api_key="sk-test")
            >>> bound = llm.bind_tools([{"type": "function", "function": {"name": "f",
            ...     "description": "d", "parameters": {"type": "object", "properties": {}}}}],
            ...     tool_choice="any")
            >>> bound.kwargs["tool_choice"]
            'required'
        """
        formatted = [format_tool(t, strict=strict) for t in tools]
        normalized = normalize_tool_choice(tool_choice)
        if normalized is not None:
            kwargs["tool_choice"] = normalized
        if parallel_tool_calls is not None:
            kwargs["parallel_tool_calls"] = parallel_tool_calls
        if response_format is not None:
            kwargs["response_format"] = response_format
        return super().bind(tools=formatted, **kwargs)

    # ------------------------------------------------------------------ structured output
    def with_structured_output(
        self,
        schema: dict[str, Any] | type | None = None,
        *,
        method: StructuredOutputMethod = "function_calling",
        include_raw: bool = False,
        strict: bool | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, dict[str, Any] | Any]:
        """A runnable returning output shaped like ``schema``.

        Args:
            schema: pydantic class, TypedDict, JSON schema or OpenAI function dict.
            method: ``"function_calling"`` (default; a forced tool call),
                ``"json_schema"`` (native ``response_format`` where the catalog says the
                model honours it, else function calling with a warning), or
                ``"json_mode"`` (the clean answer text parsed as JSON — ask for JSON in the
                prompt; ``response_format`` is never sent because MiniMax documents only
                ``json_schema``).
            include_raw: return ``{"raw", "parsed", "parsing_error"}``.
            strict: passed to the tool schema / ``json_schema``.

        Example:
            >>> from pydantic import BaseModel
            >>> class Joke(BaseModel):
            ...     setup: str
            ...     punchline: str
            >>> structured = ChatMiniMax(api_key="sk-test").with_structured_output(Joke)
        """
        if kwargs:
            raise ValueError(f"Received unsupported arguments {kwargs}")
        is_pydantic = isinstance(schema, type) and is_basemodel_subclass(schema)
        if method == "json_schema" and not self.model_info().response_format:
            warnings.warn(
                f"{self.model_name} does not honour response_format (MiniMax silently ignores "
                "it on this model family); using method='function_calling' instead.",
                stacklevel=2,
            )
            method = "function_calling"
        ls_format = {"kwargs": {"method": method, "strict": strict}, "schema": schema}
        llm: Runnable[LanguageModelInput, Any]
        parser: Runnable[Any, Any]
        if method == "function_calling":
            if schema is None:
                raise ValueError("schema must be given for method='function_calling'")
            tool_name = convert_to_openai_tool(schema)["function"]["name"]
            llm = self.bind_tools(
                [schema],  # type: ignore[list-item]
                tool_choice=tool_name,
                strict=strict,
                ls_structured_output_format=ls_format,
            )
            if is_pydantic:
                parser = PydanticToolsParser(tools=[schema], first_tool_only=True)  # type: ignore[list-item]
            else:
                parser = JsonOutputKeyToolsParser(key_name=tool_name, first_tool_only=True)
        elif method == "json_schema":
            if schema is None:
                raise ValueError("schema must be given for method='json_schema'")
            json_schema = convert_to_json_schema(schema)
            response_format: dict[str, Any] = {
                "type": "json_schema",
                "json_schema": {
                    "name": json_schema.get("title", "output"),
                    "description": json_schema.get("description", ""),
                    "schema": json_schema,
                },
            }
            if strict is not None:
                response_format["json_schema"]["strict"] = strict
            llm = self.bind(response_format=response_format, ls_structured_output_format=ls_format)
            parser = _text_parser(schema, is_pydantic)
        elif method == "json_mode":
            llm = self.bind(ls_structured_output_format=ls_format)
            parser = _text_parser(schema, is_pydantic)
        else:
            raise ValueError(
                f"Unrecognized method {method!r}: use 'function_calling', 'json_schema' or "
                "'json_mode'."
            )
        if not include_raw:
            return llm | parser
        parser_assign = RunnablePassthrough.assign(
            parsed=itemgetter("raw") | parser, parsing_error=lambda _: None
        )
        parser_none = RunnablePassthrough.assign(parsed=lambda _: None)
        parser_with_fallback = parser_assign.with_fallbacks(
            [parser_none], exception_key="parsing_error"
        )
        return RunnableMap(raw=llm) | parser_with_fallback


# -------------------------------------------------------------------- helpers


def _chat_result(message: AIMessage) -> ChatResult:
    generation_info = {"finish_reason": message.response_metadata.get("finish_reason")}
    return ChatResult(
        generations=[ChatGeneration(message=message, generation_info=generation_info)],
        llm_output={
            "model_name": message.response_metadata.get("model_name"),
            "token_usage": message.response_metadata.get("token_usage"),
        },
    )


def _response_format(value: Any) -> dict[str, Any] | None:
    """``response_format`` as LangChain users pass it (dict, or a schema) → a dict."""
    if value is None or isinstance(value, dict):
        return value
    schema = convert_to_json_schema(value)
    return {
        "type": "json_schema",
        "json_schema": {"name": schema.get("title", "output"), "schema": schema},
    }


def _text_parser(schema: Any, is_pydantic: bool) -> Runnable[Any, Any]:
    if is_pydantic:
        return PydanticOutputParser(pydantic_object=schema)
    return JsonOutputParser()
