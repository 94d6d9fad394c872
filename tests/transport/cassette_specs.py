"""Every transport cassette: which capture it reproduces, the request that replays it, the response.

Single source of truth for :mod:`make_cassettes` (which writes the YAML files) and for the tests
(which send exactly the request recorded in the cassette). The response bytes are the verbatim
captures in ``captures/`` (see its README); anything added around them is stated in ``note``.

``live`` marks cassettes whose request is valid against the official API, so that
``MINIMAX_API_KEY=... MINIMAX_RECORD_MODE=once`` (after deleting the file) re-records them; the
others reproduce hosts or failures a live run cannot (aggregators, self-hosted, error envelopes)
and are replay-only.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from typing import Any

from minimax_testing import wire
from minimax_testing.recorded import capture_json, capture_text, sse_payloads
from minimax_transport import (
    ChatRequest,
    MiniMaxClient,
    SystemMessage,
    ToolSpec,
    UserMessage,
)

OFFICIAL = "https://api.minimax.io/v1"
AIMLAPI = "https://api.aimlapi.com/v1"
LLMPROVIDER = "https://platform.llmprovider.ai/v1"
SELF_HOSTED = "http://127.0.0.1:8000/v1"

JSON_HEADERS = {"Content-Type": ["application/json; charset=utf-8"]}
SSE_HEADERS = {"Content-Type": ["text/event-stream"], "Cache-Control": ["no-cache"]}


capture = capture_text


# ------------------------------------------------------------------------------ tools
WEATHER = ToolSpec(
    name="get_weather",
    description="Get weather of a location, the user should supply a location first.",
    parameters={
        "type": "object",
        "properties": {
            "location": {
                "type": "string",
                "description": "The city and state, e.g. San Francisco, US",
            }
        },
        "required": ["location"],
    },
)
WEATHER_UNIT = ToolSpec(
    name="get_weather",
    description="Get the weather for a location.",
    parameters={
        "type": "object",
        "properties": {
            "location": {"type": "string"},
            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        },
        "required": ["location"],
    },
)
BASH = ToolSpec(
    name="bash",
    description="Run a shell command.",
    parameters={
        "type": "object",
        "properties": {"description": {"type": "string"}, "command": {"type": "string"}},
        "required": ["command"],
    },
)
GLOB = ToolSpec(
    name="glob",
    description="Find files by glob pattern.",
    parameters={"type": "object", "properties": {"pattern": {"type": "string"}}},
)
READ_FILE = ToolSpec(
    name="read_file",
    description="Read files.",
    parameters={
        "type": "object",
        "properties": {"paths": {"type": "array", "items": {"type": "string"}}},
    },
)
GREP = ToolSpec(
    name="grep",
    description="Search file contents.",
    parameters={"type": "object", "properties": {"pattern": {"type": "string"}}},
)


# ------------------------------------------------------------------------------ SSE helpers
sse = wire.sse
sse_capture_lines = sse_payloads


def dumps(obj: Any) -> str:
    """Compact JSON with raw UTF-8 (so multi-byte characters are bytes on the wire)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _jsonc(text: str) -> Any:
    text = re.sub(r"\s//[^\n]*", "", text)
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    return json.loads(text)


# ------------------------------------------------------------------------------ spec type
@dataclass
class CassetteSpec:
    name: str
    module: str  # the test module that replays it (cassette dir tests/cassettes/transport/<module>)
    source: str  # which capture / rule it reproduces (written as the YAML comment)
    base_url: str
    request: ChatRequest
    stream: bool
    status: int
    body: bytes
    headers: dict[str, list[str]] = field(default_factory=lambda: dict(JSON_HEADERS))
    preset: str | None = None
    live: bool = False
    note: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.yaml"

    def client(self, **kwargs: Any) -> MiniMaxClient:
        return MiniMaxClient(base_url=self.base_url, preset=self.preset, **kwargs)

    def request_body(self) -> dict[str, Any]:
        return MiniMaxClient(base_url=self.base_url, preset=self.preset, api_key="x").build_body(
            self.request, stream=self.stream
        )


SPECS: dict[str, CassetteSpec] = {}


def _add(spec: CassetteSpec) -> CassetteSpec:
    assert spec.name not in SPECS, spec.name
    SPECS[spec.name] = spec
    return spec


def _json_body(name: str) -> bytes:
    """A JSON capture as sent on the wire: its text, verbatim."""
    return capture(name).encode("utf-8")


# ============================================================================== success paths
REPLAY = "test_replay"

_add(
    CassetteSpec(
        name="a1_nonstream_inline_think_m27_highspeed",
        module=REPLAY,
        source="docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)' (verbatim): non-streamed M2.7-highspeed, inline <think> in content",
        base_url=OFFICIAL,
        request=ChatRequest(
            "MiniMax-M2.7-highspeed",
            [UserMessage("What is 7 times 8? Answer with just the number.")],
            reasoning_split=False,
        ),
        stream=False,
        status=200,
        body=_json_body("a1_inline_think.json"),
        live=True,
    )
)

_add(
    CassetteSpec(
        name="a2_nonstream_tool_call_inline_think_m21",
        module=REPLAY,
        source="docs/wire-format.md 'Example: tool call with inline think (M2.1)' (verbatim): M2.1 tool call, reasoning_split false, inline <think>",
        base_url=OFFICIAL,
        request=ChatRequest(
            "MiniMax-M2.1",
            [UserMessage("How's the weather in San Francisco?")],
            tools=[WEATHER],
            reasoning_split=False,
        ),
        stream=False,
        status=200,
        body=_json_body("a2_tool_call_inline_think.json"),
        live=True,
    )
)

_add(
    CassetteSpec(
        name="a3_nonstream_tool_call_split_reasoning_details_m21",
        module=REPLAY,
        source="docs/wire-format.md 'Example: tool call with split reasoning (M2.1)' (verbatim): M2.1 tool call, reasoning_split true → reasoning_details",
        base_url=OFFICIAL,
        request=ChatRequest(
            "MiniMax-M2.1", [UserMessage("How's the weather in San Francisco?")], tools=[WEATHER]
        ),
        stream=False,
        status=200,
        body=_json_body("a3_tool_call_split.json"),
        live=True,
    )
)

_M3_MESSAGE = _jsonc(capture("m3_split_message.jsonc"))
_add(
    CassetteSpec(
        name="m3_nonstream_split_reasoning_content_and_details",
        module=REPLAY,
        source="docs/wire-format.md 'Example: M3 split message' 'M3 split shape' (message verbatim, jsonc comment removed)",
        note="The capture is the bare message; the chat.completion envelope around it is synthesized.",
        base_url=OFFICIAL,
        request=ChatRequest(
            "MiniMax-M3",
            [UserMessage("A car travels 120 km in 3 hours. What is its average speed?")],
        ),
        stream=False,
        status=200,
        body=json.dumps(
            {
                "id": "0650m3split0000000000000000000000",
                "choices": [{"finish_reason": "stop", "index": 0, "message": _M3_MESSAGE}],
                "created": 1782200000,
                "model": "MiniMax-M3",
                "object": "chat.completion",
                "usage": {
                    "total_tokens": 180,
                    "total_characters": 0,
                    "prompt_tokens": 40,
                    "completion_tokens": 140,
                    "completion_tokens_details": {"reasoning_tokens": 90},
                },
                "base_resp": wire.BASE_RESP_OK,
            },
            indent=2,
            ensure_ascii=False,
        ).encode("utf-8"),
        live=True,
    )
)

A5_LINES = sse_capture_lines("a5_stream_inline_usage.sse")
_add(
    CassetteSpec(
        name="a5_stream_inline_think_trailing_usage_m27",
        module=REPLAY,
        source="docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)' (verbatim events): M2.7 stream, inline think, trailing usage chunk",
        note="'data: [DONE]' appended (the capture file ends before it; per docs/wire-format.md 'Streaming' framing).",
        base_url=OFFICIAL,
        request=ChatRequest(
            "MiniMax-M2.7",
            [UserMessage("Prove that the sum of two odd numbers is even. Be concise.")],
            reasoning_split=False,
        ),
        stream=True,
        status=200,
        body=sse(A5_LINES),
        headers=dict(SSE_HEADERS),
        live=True,
    )
)


def _a5_cjk_lines() -> list[str]:
    """docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)' with every content delta replaced by CJK / emoji text (multi-byte UTF-8)."""
    contents = [
        "<think>\n用户",
        "想要证明两个奇数之和是偶数。🤔 我会简洁地回答。\n</think>\n\n**",
        "证明。** 设 a = 2h + 1，b = 2k + 1（h、k 为整数）。",
        "\n\n相加：a + b = 2(h + k + 1)。👍",
        "\n\n所以 a + b 是偶数。",
        " ∎ 🎉✅",
    ]
    out = []
    for line, text in zip(A5_LINES, contents, strict=False):
        obj = json.loads(line)
        obj["choices"][0]["delta"]["content"] = text
        out.append(dumps(obj))
    out.append(A5_LINES[-1])
    return out


A5_CJK_LINES = _a5_cjk_lines()
_add(
    CassetteSpec(
        name="a5_variant_stream_cjk_emoji_multibyte",
        module=REPLAY,
        source="docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)', variant: same envelope and chunking, CJK/emoji content (UTF-8)",
        note="Content text replaced to exercise multi-byte UTF-8 split across chunks; [DONE] appended.",
        base_url=OFFICIAL,
        request=ChatRequest(
            "MiniMax-M2.7", [UserMessage("证明两个奇数之和是偶数。")], reasoning_split=False
        ),
        stream=True,
        status=200,
        body=sse(A5_CJK_LINES),
        headers=dict(SSE_HEADERS),
    )
)

A6_LINES = [
    dumps(capture_json("a6_filler_chunk.json")),
    *sse_capture_lines("a6_same_index_different_ids.sse"),
]
A6_LINES = [ln for ln in A6_LINES if ln != "[DONE]"]
_add(
    CassetteSpec(
        name="a6_stream_filler_chunk_and_same_index_tool_calls",
        module=REPLAY,
        source="docs/wire-format.md 'Example: filler chunk (M2.5)' + 'Example: parallel tool calls reusing index 0': M2.5 filler chunk (role '', zero usage) + devrix same-index "
        "different-id tool calls (both verbatim)",
        note="Filler chunk re-serialized compactly; devrix lines and [DONE] verbatim.",
        base_url=OFFICIAL,
        request=ChatRequest(
            "MiniMax-M2.7",
            [UserMessage("List the repo, then find the Go files.")],
            tools=[BASH, GLOB],
        ),
        stream=True,
        status=200,
        body=sse(A6_LINES),
        headers=dict(SSE_HEADERS),
    )
)

S44_WHOLE = capture("s44_whole_call_on_finish_chunk.json").strip()
S44_WHOLE_LINES = [
    dumps(
        {
            "id": "06606d99",
            "choices": [
                {
                    "index": 0,
                    "delta": {
                        "content": "<think>\nThe user wants the provider file. I'll read it.\n</think>\n\n",
                        **wire.ASSISTANT,
                    },
                }
            ],
            "created": 1779514009,
            "model": "MiniMax-M2.7",
            "object": "chat.completion.chunk",
        }
    ),
    S44_WHOLE,
]
_add(
    CassetteSpec(
        name="s44_stream_whole_tool_call_on_finish_chunk",
        module=REPLAY,
        source="docs/wire-format.md 'Streamed tool-call shapes': whole call in one delta on the finish chunk (verbatim line)",
        note="A leading inline-think chunk and [DONE] are added around the verbatim production line.",
        base_url=OFFICIAL,
        request=ChatRequest(
            "MiniMax-M2.7", [UserMessage("Show me src/providers/minimax.rs")], tools=[READ_FILE]
        ),
        stream=True,
        status=200,
        body=sse(S44_WHOLE_LINES),
        headers=dict(SSE_HEADERS),
    )
)

_S44_FRAG = (
    capture("s44_fragment_continuation.json")
    .strip()
    .replace(
        ",…}",
        ',"output_sensitive":false,"input_sensitive_type":0,"output_sensitive_type":0,'
        '"output_sensitive_int":0}',
    )
)
_FRAG_ENV = {
    "id": "06606d9933ccdc19dddfa3af953a03d3",
    "created": 1779514009,
    "model": "MiniMax-M2.7",
    "object": "chat.completion.chunk",
}
S44_FRAGMENT_LINES = [
    dumps(
        {
            **_FRAG_ENV,
            "choices": [
                {
                    "index": 0,
                    "delta": {
                        **wire.ASSISTANT,
                        "tool_calls": [
                            {
                                "id": "call_function_jpaq2z2bgfh7_1",
                                "type": "function",
                                "function": {"name": "grep", "arguments": '{"pattern": "Stream'},
                                "index": 0,
                            }
                        ],
                    },
                }
            ],
            "usage": {"total_tokens": 0, "total_characters": 0},
        }
    ),
    dumps(
        {
            **_FRAG_ENV,
            "choices": [
                {
                    "index": 0,
                    "delta": {
                        **wire.ASSISTANT,
                        "tool_calls": [{"function": {"arguments": "Event|"}, "index": 0}],
                    },
                }
            ],
            "usage": {"total_tokens": 0, "total_characters": 0},
        }
    ),
    _S44_FRAG,
    dumps(
        {
            **_FRAG_ENV,
            "choices": [
                {
                    "finish_reason": "tool_call",
                    "index": 0,
                    "delta": dict(wire.ASSISTANT),
                }
            ],
        }
    ),
    dumps(
        {
            **_FRAG_ENV,
            "choices": [],
            "usage": {
                "total_tokens": 420,
                "total_characters": 0,
                "prompt_tokens": 400,
                "completion_tokens": 20,
            },
            "base_resp": wire.BASE_RESP_OK,
        }
    ),
]
_add(
    CassetteSpec(
        name="s44_stream_tool_call_fragments_id_first_only_finish_tool_call",
        module=REPLAY,
        source="docs/wire-format.md 'Streamed tool-call shapes': argument fragments, id only on the first delta (verbatim "
        "continuation line, its elided tail completed), singular finish_reason 'tool_call'",
        note="First fragment, finish chunk, usage chunk and [DONE] are constructed around it.",
        base_url=OFFICIAL,
        request=ChatRequest("MiniMax-M2.7", [UserMessage("grep for StreamEvent")], tools=[GREP]),
        stream=True,
        status=200,
        body=sse(S44_FRAGMENT_LINES),
        headers=dict(SSE_HEADERS),
    )
)

S44_OBJECT_LINES = [
    dumps(
        {
            "id": "0660object",
            "choices": [
                {
                    "index": 0,
                    "delta": {
                        **wire.ASSISTANT,
                        "tool_calls": [
                            {
                                "id": "call_function_obj_1",
                                "type": "function",
                                "index": 0,
                                "function": {
                                    "name": "get_weather",
                                    "arguments": {"location": "San Francisco, US"},
                                },
                            }
                        ],
                    },
                }
            ],
            "model": "MiniMax-M2.7",
            "object": "chat.completion.chunk",
        }
    ),
    dumps(
        {
            "id": "0660object",
            "choices": [
                {"finish_reason": "tool_calls", "index": 0, "delta": {"role": "assistant"}}
            ],
            "model": "MiniMax-M2.7",
            "object": "chat.completion.chunk",
        }
    ),
]
_add(
    CassetteSpec(
        name="s44_stream_tool_call_arguments_as_object",
        module=REPLAY,
        source="docs/wire-format.md 'Streamed tool-call shapes': arguments sent as a JSON object (oh-my-pi#1779, Coding Plan)",
        note="Shape reconstructed from the reference's description (no verbatim line exists).",
        base_url=OFFICIAL,
        request=ChatRequest(
            "MiniMax-M2.7", [UserMessage("Weather in San Francisco?")], tools=[WEATHER]
        ),
        stream=True,
        status=200,
        body=sse(S44_OBJECT_LINES),
        headers=dict(SSE_HEADERS),
    )
)

_add(
    CassetteSpec(
        name="a7_nonstream_v2_m1_reasoning_content",
        module=REPLAY,
        source="docs/wire-format.md 'Example: native v2 answer with reasoning_content (M1)' (verbatim): native v2 M1 response with message.reasoning_content",
        note="Captured on /v1/text/chatcompletion_v2; replayed on the chat/completions path.",
        base_url=OFFICIAL,
        request=ChatRequest("MiniMax-M1", [UserMessage("hello")]),
        stream=False,
        status=200,
        body=_json_body("a7_m1_reasoning_content.json"),
    )
)

A8_LINES = [dumps(e) for e in capture_json("a8_v2_stream_events.json")]
_add(
    CassetteSpec(
        name="a8_stream_v2_trailing_full_message_m1",
        module=REPLAY,
        source="docs/wire-format.md 'Example: native v2 stream ending with a full message (M1)' (verbatim events): v2 stream ending with an object "
        "'chat.completion' event repeating the whole message (must not double the content)",
        note="Events re-serialized compactly from the OpenAPI example; no [DONE] (ends at EOF).",
        base_url=OFFICIAL,
        request=ChatRequest("MiniMax-M1", [UserMessage("hello")]),
        stream=True,
        status=200,
        body=sse(A8_LINES, done=False),
        headers=dict(SSE_HEADERS),
    )
)

A9_LINES = [dumps(e) for e in capture_json("a9_stream_events.json")]
_add(
    CassetteSpec(
        name="a9_stream_m27_openapi_example_hello",
        module=REPLAY,
        source="docs/wire-format.md 'Example: official stream example (M2.7)' (verbatim events): M2.7 OpenAPI stream example, inline think",
        note="Events re-serialized compactly; [DONE] appended.",
        base_url=OFFICIAL,
        request=ChatRequest("MiniMax-M2.7", [UserMessage("Hello")], reasoning_split=False),
        stream=True,
        status=200,
        body=sse(A9_LINES),
        headers=dict(SSE_HEADERS),
        live=True,
    )
)

A11_RAW = (
    '…reasoning…\n</think>\n\n<minimax:tool_call>\n<invoke name="get_weather">\n'
    '<parameter name="location">San Francisco</parameter>\n'
    '<parameter name="unit">celsius</parameter>\n</invoke>\n</minimax:tool_call>'
)
_add(
    CassetteSpec(
        name="a11_nonstream_vllm_append_think_raw_xml_tool_call",
        module=REPLAY,
        source="docs/wire-format.md 'Example: self-hosted output with raw XML tool call': vLLM --reasoning-parser minimax_m2_append_think, no tool parser: "
        "content = '<think>' + raw output with <minimax:tool_call> XML (raw output verbatim)",
        note="vLLM chat.completion envelope synthesized around the verbatim raw model output.",
        base_url=SELF_HOSTED,
        request=ChatRequest(
            "MiniMaxAI/MiniMax-M2.5",
            [UserMessage("Weather in San Francisco?")],
            tools=[WEATHER_UNIT],
        ),
        stream=False,
        status=200,
        body=json.dumps(
            {
                "id": "chatcmpl-a11vllmrawxml",
                "object": "chat.completion",
                "created": 1762000000,
                "model": "MiniMaxAI/MiniMax-M2.5",
                "choices": [
                    {
                        "index": 0,
                        "message": {
                            "role": "assistant",
                            "content": "<think>" + A11_RAW,
                            "tool_calls": [],
                        },
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 120, "completion_tokens": 48, "total_tokens": 168},
            },
            indent=2,
            ensure_ascii=False,
        ).encode("utf-8"),
    )
)

A11_STREAM_PIECES = [
    "…reasoning…\n</thi",
    "nk>\n\n<minimax:tool",
    '_call>\n<invoke name="get_weather">\n<parameter name="location">San Francisco</parameter>\n',
    '<parameter name="unit">celsius</parameter>\n</invoke>\n</minimax:tool_call>',
]
assert "".join(A11_STREAM_PIECES) == A11_RAW
A11_STREAM_LINES = [
    dumps(
        {
            "id": "chatcmpl-a11raw",
            "object": "chat.completion.chunk",
            "model": "MiniMaxAI/MiniMax-M2.5",
            "choices": [
                {
                    "index": 0,
                    "delta": {"content": piece},
                    **({"finish_reason": "stop"} if i == len(A11_STREAM_PIECES) - 1 else {}),
                }
            ],
        }
    )
    for i, piece in enumerate(A11_STREAM_PIECES)
]
_add(
    CassetteSpec(
        name="a11_stream_vllm_no_reasoning_parser_raw_xml_tool_call",
        module=REPLAY,
        source="docs/wire-format.md 'Example: self-hosted output with raw XML tool call' + 'Orphan closing tag and implicit think': self-hosted server with no reasoning/tool parser streams "
        "the raw output (starts inside the pre-opened <think>, only '</think>', XML tool call)",
        note="Raw output verbatim, split into 4 deltas (tags straddle chunks); envelope synthesized.",
        base_url=SELF_HOSTED,
        preset="vllm-raw",
        request=ChatRequest(
            "MiniMaxAI/MiniMax-M2.5",
            [UserMessage("Weather in San Francisco?")],
            tools=[WEATHER_UNIT],
        ),
        stream=True,
        status=200,
        body=sse(A11_STREAM_LINES),
        headers=dict(SSE_HEADERS),
    )
)

M1_TOOL_CALLS_CONTENT = (
    "<think>\nThe user wants the weather in San Francisco. I should call get_weather.\n"
    "</think>\n\n<tool_calls>\n"
    '{"name": "get_weather", "arguments": {"location": "San Francisco, US"}}\n'
    "</tool_calls>"
)
_add(
    CassetteSpec(
        name="a11_m1_nonstream_self_hosted_tool_calls_json_lines",
        module=REPLAY,
        source="docs/wire-format.md 'Tool calls left as markup'/'Tool calls left as markup': M1 open weights' <tool_calls> JSON-lines format left in "
        "content by a server without a tool parser",
        note="Constructed from the documented format (no verbatim capture exists).",
        base_url=SELF_HOSTED,
        request=ChatRequest(
            "MiniMaxAI/MiniMax-M1-80k", [UserMessage("Weather in San Francisco?")], tools=[WEATHER]
        ),
        stream=False,
        status=200,
        body=json.dumps(
            {
                "id": "chatcmpl-m1toolcalls",
                "object": "chat.completion",
                "created": 1762000001,
                "model": "MiniMaxAI/MiniMax-M1-80k",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": M1_TOOL_CALLS_CONTENT},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 90, "completion_tokens": 40, "total_tokens": 130},
            },
            indent=2,
            ensure_ascii=False,
        ).encode("utf-8"),
    )
)

# ------------------------------------------------------------------------------ seeds
_add(
    CassetteSpec(
        name="seed_aimlapi_minimax_m2_7_20260402",
        module=REPLAY,
        source="'Example: aggregator responses (AIMLAPI, llmprovider)' (AIMLAPI docs, minimax/m2-7-20260402): response verbatim",
        base_url=AIMLAPI,
        request=ChatRequest(
            "minimax/m2-7-20260402", [UserMessage("Hi! What do you think about mankind?")]
        ),
        stream=False,
        status=200,
        body=_json_body("seed_aimlapi_minimax_m2_7_20260402.json"),
    )
)
_add(
    CassetteSpec(
        name="seed_aimlapi_minimax_m1",
        module=REPLAY,
        source="'Example: aggregator responses (AIMLAPI, llmprovider)' (AIMLAPI docs, minimax/m1): response verbatim",
        base_url=AIMLAPI,
        request=ChatRequest("minimax/m1", [UserMessage("Hello")]),
        stream=False,
        status=200,
        body=_json_body("seed_aimlapi_minimax_m1.json"),
    )
)
_add(
    CassetteSpec(
        name="seed_aimlapi_abab6_5s_chat",
        module=REPLAY,
        source="'Example: aggregator responses (AIMLAPI, llmprovider)' (AIMLAPI docs, abab6.5s-chat): response (printed as a Python dict there)",
        note="Converted from the page's Python repr to JSON; values unchanged.",
        base_url=AIMLAPI,
        request=ChatRequest("abab6.5s-chat", [UserMessage("Hello")]),
        stream=False,
        status=200,
        body=json.dumps(
            ast.literal_eval(capture("seed_aimlapi_abab6_5s_chat.pyrepr").strip())
        ).encode("utf-8"),
    )
)
_add(
    CassetteSpec(
        name="seed_llmprovider_abab5_5_chat",
        module=REPLAY,
        source="'Example: aggregator responses (AIMLAPI, llmprovider)' (llmprovider docs, abab5.5-chat): example request and response verbatim",
        base_url=LLMPROVIDER,
        request=ChatRequest(
            "abab5.5-chat",
            [SystemMessage("You are a helpful assistant."), UserMessage("Tell me a joke.")],
            max_tokens=50,
            temperature=0.7,
        ),
        stream=False,
        status=200,
        body=_json_body("seed_llmprovider_abab5_5_chat.json"),
    )
)

# ============================================================================== errors
ERRORS = "test_errors"
_OTHER = capture("a10_other_envelopes.jsonl").strip().splitlines()


def _error(
    name: str,
    source: str,
    status: int,
    body: str,
    *,
    live: bool = False,
    stream: bool = False,
    request: ChatRequest | None = None,
    note: str = "",
) -> None:
    _add(
        CassetteSpec(
            name=name,
            module=ERRORS,
            source=source,
            base_url=OFFICIAL,
            request=request or ChatRequest("MiniMax-M2.7", [UserMessage("hi")]),
            stream=stream,
            status=status,
            body=body.encode("utf-8"),
            live=live,
            note=note,
        )
    )


_error(
    "a10_http400_2013_unknown_model",
    "docs/wire-format.md 'Example: error envelopes' (verbatim): HTTP 400 bad_request_error 'unknown model' (2013)",
    400,
    capture("a10_http400_unknown_model.json"),
    live=True,
    request=ChatRequest("this-model-does-not-exist-2026", [UserMessage("hi")]),
)
_error(
    "a10_http400_2013_context_window_exceeded",
    "docs/wire-format.md 'Example: error envelopes' (verbatim): HTTP 400 'context window exceeds limit' (2013)",
    400,
    capture("a10_http400_context_window.json"),
)
_error(
    "a10_http200_base_resp_1004_login_fail",
    "docs/wire-format.md 'Example: error envelopes' (verbatim): HTTP 200 body with base_resp.status_code 1004",
    200,
    capture("a10_http200_base_resp_1004.json"),
)
_error(
    "a10_http401_1004_authorized_error",
    "docs/wire-format.md 'Error envelopes' (verbatim): HTTP 401 authorized_error 'login fail' (1004)",
    401,
    '{"type":"error","error":{"type":"authorized_error","message":"login fail: Please '
    "carry the API secret key in the 'Authorization' field of the request header (1004)\","
    '"http_code":"401"},"request_id":"0640ba838096cbdbe96fe03bc1654ebe"}',
)
_error(
    "a10_http400_2013_invalid_chat_setting",
    "docs/wire-format.md 'Example: error envelopes' (verbatim, moltis#508): 'invalid chat setting (2013)'",
    400,
    _OTHER[0],
)
_error(
    "a10_http400_2013_invalid_function_arguments",
    "docs/wire-format.md 'Example: error envelopes' (verbatim, DeepScientist#48): 'invalid function arguments json "
    "string (2013)'",
    400,
    _OTHER[1],
)
_error(
    "a10_http400_2013_invalid_request_error_type",
    "docs/wire-format.md 'Example: error envelopes' (verbatim, tabby#13): type invalid_request_error, no http_code",
    400,
    _OTHER[2],
)
_error(
    "a10_http400_2013_code_invalid_prompt_no_type",
    "docs/wire-format.md 'Example: error envelopes' (verbatim, agent-zero#1754): {'error': {message, code: 'invalid_prompt'}}",
    400,
    _OTHER[3],
)
_error(
    "a10_http400_2013_openai_style_code_null",
    "docs/wire-format.md 'Error envelopes' (verbatim, CodexPlusPlus#267): OpenAI-style error object, code null",
    400,
    '{"error":{"message":"invalid params, chat content has invalid message role: system '
    '(2013)","type":"bad_request_error","param":"","code":null}}',
)
_error(
    "a10_http500_api_error_1033_system_error",
    "docs/wire-format.md 'Example: error envelopes' (verbatim, MiniMax-AI/cli#59): HTTP 500 api_error 'system error (1033)'",
    500,
    _OTHER[4],
)

_add(
    CassetteSpec(
        name="a10_stream_error_event_midstream_2013",
        module=ERRORS,
        source='docs/wire-format.md "Error envelopes": SSE-embedded data: {"error": …} after a first delta (devrix)',
        note="First chunk = docs/wire-format.md 'Example: official stream example (M2.7)' capture's first event verbatim; the error event's message is the devrix "
        "fixture's 'tool call result does not follow tool call (2013)' in the docs/wire-format.md 'Example: error envelopes' envelope.",
        base_url=OFFICIAL,
        request=ChatRequest("MiniMax-M2.7", [UserMessage("Hello")]),
        stream=True,
        status=200,
        body=sse(
            [
                A9_LINES[0],
                '{"type":"error","error":{"type":"bad_request_error","message":'
                '"invalid params, tool call result does not follow tool call (2013)",'
                '"http_code":"400"},"request_id":"06170aa9dc23d267899a0ae64353a3ad"}',
            ],
            done=False,
        ),
        headers=dict(SSE_HEADERS),
    )
)


def specs_for(module: str) -> list[CassetteSpec]:
    return [s for s in SPECS.values() if s.module == module]
