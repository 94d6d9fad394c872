"""Writes the LlamaIndex suite's vcrpy cassettes from MiniMax's published captures.

Run ``python -m tests.make_cassettes llama_index`` to regenerate ``tests/cassettes/llama_index``
(``--check`` reports stale cassettes instead).
Every cassette starts with a comment naming the capture (docs/wire-format.md 'Captured examples')
or wire rule (docs/wire-format.md) it reproduces. Response bodies of 'Example: plain answer with inline think (M2.7-highspeed)'/'Example: tool call with inline think (M2.1)'/'Example: tool call with split reasoning (M2.1)'/'Example: streamed answer with inline think and trailing usage chunk (M2.7)'/'Example: parallel tool calls reusing index 0'/'Example: native v2 answer with reasoning_content (M1)'/'Example: official stream example (M2.7)'/'Example: error envelopes'
are copied verbatim (docs/wire-format.md 'Example: tool call with inline think (M2.1)'/'Example: tool call with split reasoning (M2.1)' reasoning texts are shortened with "…" in the reference itself);
the other bodies are built in exactly the same envelope (``name: "MiniMax AI"``,
``audio_content``, sensitivity flags, ``base_resp``, ``call_function_<digits>_<n>`` ids).
Request bodies are representative (replay matches on method + URL only); tests assert on
what was actually sent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

from minimax_testing import wire
from minimax_testing.recorded import a10_errors, capture_json, sse_payloads

ROOT = Path(__file__).resolve().parents[1] / "cassettes" / "llama_index"
URL = "https://api.minimax.io/v1/chat/completions"


# ------------------------------------------------------------------------------ builders


def completion(
    content: str,
    *,
    model: str = "MiniMax-M2.7",
    rid: str = "0640a1b2c3d4e5f60718293a4b5c6d7e",
    finish: str = "stop",
    tool_calls: list[dict[str, Any]] | None = None,
    usage: dict[str, Any] | None = None,
    **message_extra: Any,
) -> dict[str, Any]:
    message: dict[str, Any] = {"content": content, **wire.ASSISTANT}
    if tool_calls:
        message["tool_calls"] = tool_calls
    message["audio_content"] = ""
    message.update(message_extra)
    usage = usage or {
        "total_tokens": 100,
        "total_characters": 0,
        "prompt_tokens": 60,
        "completion_tokens": 40,
    }
    return wire.completion(rid, message, model=model, finish=finish, usage=usage)


def call(cid: str, name: str, args: dict[str, Any] | str, index: int = 0) -> dict[str, Any]:
    arguments = args if isinstance(args, str) else json.dumps(args)
    return {
        "id": cid,
        "type": "function",
        "function": {"name": name, "arguments": arguments},
        "index": index,
    }


STREAM_CREATED = 1789671513


def chunk(
    delta: dict[str, Any],
    *,
    finish: str | None = None,
    rid: str = "06fb6b59",
    model: str = "MiniMax-M2.7",
    usage: Any = None,
) -> dict[str, Any]:
    return wire.chunk(
        rid,
        wire.assistant_delta(**delta),
        model=model,
        created=STREAM_CREATED,
        finish=finish,
        usage=usage,
    )


def usage_chunk(
    prompt: int,
    completion_: int,
    reasoning: int = 0,
    cached: int = 0,
    rid: str = "06fb6b59",
    model: str = "MiniMax-M2.7",
) -> dict[str, Any]:
    usage: dict[str, Any] = {
        "total_tokens": prompt + completion_,
        "total_characters": 0,
        "prompt_tokens": prompt,
        "completion_tokens": completion_,
    }
    if reasoning:
        usage["completion_tokens_details"] = {"reasoning_tokens": reasoning}
    if cached:
        usage["prompt_tokens_details"] = {"cached_tokens": cached}
    return wire.usage_chunk(rid, usage, model=model, created=STREAM_CREATED)


def sse(events: list[Any], done: bool = True) -> str:
    return wire.sse(events, done=done).decode("utf-8")


def interaction(
    response_body: Any,
    *,
    stream: bool = False,
    status: int = 200,
    request: dict[str, Any] | None = None,
) -> dict[str, Any]:
    if isinstance(response_body, str):
        body = response_body
    else:
        body = json.dumps(response_body, ensure_ascii=False)
    ctype = "text/event-stream" if stream else "application/json"
    req = request or {
        "model": "MiniMax-M2.7",
        "messages": [{"role": "user", "content": "…"}],
        "max_completion_tokens": 16384,
        "reasoning_split": True,
    }
    if stream:
        req = {**req, "stream": True, "stream_options": {"include_usage": True}}
    messages = {
        200: "OK",
        400: "Bad Request",
        401: "Unauthorized",
        429: "Too Many Requests",
        500: "Internal Server Error",
    }
    return {
        "request": {
            "body": json.dumps(req, ensure_ascii=False),
            "headers": {"Content-Type": ["application/json"], "Authorization": ["<scrubbed>"]},
            "method": "POST",
            "uri": URL,
        },
        "response": {
            "status": {"code": status, "message": messages.get(status, "")},
            "headers": {"Content-Type": [ctype + ("; charset=utf-8" if not stream else "")]},
            "body": {"string": body},
        },
    }


CASSETTES: dict[str, tuple[str, list[dict[str, Any]]]] = {}


def cassette(path: str, comment: str, *interactions: dict[str, Any]) -> None:
    CASSETTES[path] = (comment, list(interactions))


# ------------------------------------------------------------------------------ captures

A1 = capture_json("a1_inline_think.json")
A2 = capture_json("a2_tool_call_inline_think.json")
A3 = capture_json("a3_tool_call_split.json")
A5 = sse(sse_payloads("a5_stream_inline_usage.sse"))
A9 = capture_json("a9_stream_events.json")
A6_FILLER = capture_json("a6_filler_chunk.json")
A6_SAME_INDEX = sse(sse_payloads("a6_same_index_different_ids.sse"))
A7 = capture_json("a7_m1_reasoning_content.json")
A10_AUTH = capture_json("a10_http200_base_resp_1004.json")
A10_CONTEXT = capture_json("a10_http400_context_window.json")
A10_SYSTEM = a10_errors()[7]

M3_SPLIT = {  # M3 split shape (cc-skills M3-EMPIRICAL.md), in docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)' capture's envelope
    "reasoning_content": "Average speed = total distance / total time = 120 km / 3 h.",
    "reasoning_details": [
        {
            "type": "reasoning.text",
            "id": "reasoning-text-1",
            "format": "MiniMax-response-v1",
            "index": 0,
            "text": "Average speed = total distance / total time = 120 km / 3 h.",
        }
    ],
}


# ------------------------------------------------------------------------------ test_chat

cassette(
    "test_li_chat/a1_inline_think.yaml",
    "docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)' verbatim: non-streamed, inline <think> in content (M2.7-highspeed). Rules 'Reasoning formats', 'Replay and interleaved thinking'.",
    interaction(A1),
)
cassette(
    "test_li_chat/a5_stream_inline_usage.yaml",
    "docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)' verbatim: streamed inline <think>, finish on last content chunk, trailing usage chunk "
    "with choices:[] (reasoning_tokens 25, cached_tokens 443). Rules docs/wire-format.md 'Inline think tags in content', 'Streaming'.",
    interaction(A5, stream=True),
)
cassette(
    "test_li_chat/a9_stream_hello.yaml",
    "docs/wire-format.md 'Example: official stream example (M2.7)' verbatim (M2.7 OpenAPI stream example) + [DONE]: the first chunk is already "
    "'<think>\\nThe user'. No usage chunk. Rules docs/wire-format.md 'Inline think tags in content', 'Streaming'.",
    interaction(sse(A9), stream=True),
)
cassette(
    "test_li_chat/a7_m1_reasoning_content.yaml",
    "docs/wire-format.md 'Example: native v2 answer with reasoning_content (M1)' verbatim: MiniMax-M1 native reasoning in message.reasoning_content. Rule 'Reasoning formats'.",
    interaction(A7),
)
cassette(
    "test_li_chat/m3_split.yaml",
    "M3 split shape (docs/wire-format.md 'Structured reasoning fields', 'Example: M3 split message' appendix 'M3 split shape'): clean content + reasoning_content + "
    "reasoning_details. Rules docs/wire-format.md 'Requesting split reasoning', 'Reasoning formats'.",
    interaction(
        completion(
            "**40 km/h**\n\nTotal distance: 120 km over 3 h.",
            model="MiniMax-M3",
            usage={
                "total_tokens": 90,
                "total_characters": 0,
                "prompt_tokens": 40,
                "completion_tokens": 50,
                "completion_tokens_details": {"reasoning_tokens": 30},
            },
            **M3_SPLIT,
        )
    ),
)
SPLIT_STREAM = [
    # docs/wire-format.md 'Cumulative or incremental reasoning' / issue MiniMax-AI/MiniMax-M2#95: incremental reasoning_details[].text fragments.
    A6_FILLER,
    chunk(
        {
            "content": "",
            "reasoning_details": [
                {
                    "type": "reasoning.text",
                    "id": "reasoning-text-1",
                    "format": "MiniMax-response-v1",
                    "index": 0,
                    "text": "The user",
                }
            ],
        }
    ),
    chunk(
        {
            "content": "",
            "reasoning_details": [
                {
                    "type": "reasoning.text",
                    "id": "reasoning-text-1",
                    "format": "MiniMax-response-v1",
                    "index": 0,
                    "text": " is asking how I am.",
                }
            ],
        }
    ),
    chunk({"content": "I'm doing well, thanks"}),
    chunk({"content": " for asking!"}, finish="stop"),
    usage_chunk(30, 20, reasoning=8),
]
cassette(
    "test_li_chat/split_stream_incremental.yaml",
    "Split-mode stream (reasoning_split:true): incremental delta.reasoning_details fragments "
    "(issue MiniMax-AI/MiniMax-M2#95), led by docs/wire-format.md 'Example: filler chunk (M2.5)' capture's filler chunk (role:'', zero usage). "
    "Rules docs/wire-format.md 'Cumulative or incremental reasoning', 'Streaming'.",
    interaction(sse(SPLIT_STREAM), stream=True),
)
REASONING_FIRST = [
    chunk({"reasoning_content": "First"}),
    chunk({"reasoning_content": " second."}),
    chunk({"content": "Done."}, finish="stop"),
    usage_chunk(12, 9, reasoning=4),
]
cassette(
    "test_li_chat/reasoning_only_first_chunk.yaml",
    "docs/wire-format.md 'Structured reasoning fields' reasoning_content stream whose FIRST chunk holds only reasoning (the chunk "
    "llama-index-llms-openai's async stream path drops). Rule docs/wire-format.md 'Cumulative or incremental reasoning'.",
    interaction(sse(REASONING_FIRST), stream=True),
)
cassette(
    "test_li_chat/replay_inline.yaml",
    "docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)' verbatim, then a follow-up answer: the second request must carry the first "
    "assistant turn byte-for-byte (docs/wire-format.md 'Replay and interleaved thinking', 'Replay and interleaved thinking').",
    interaction(A1),
    interaction(completion("<think>\nDouble 56.\n</think>\n\n112")),
)
cassette(
    "test_li_chat/replay_split.yaml",
    "M3 split shape, then a follow-up: the second request must carry reasoning_details and "
    "reasoning_content verbatim (docs/wire-format.md 'Replay and interleaved thinking', 'Replay and interleaved thinking').",
    interaction(completion("**40 km/h**", model="MiniMax-M3", **M3_SPLIT)),
    interaction(completion("It would take 1.5 h.", model="MiniMax-M3")),
)
cassette(
    "test_li_chat/handbuilt_thinking.yaml",
    "One plain answer; the request carries a hand-built ThinkingBlock, sent in the canonical "
    "inline form (docs/wire-format.md 'Replay and interleaved thinking').",
    interaction(completion("<think>\nOK.\n</think>\n\nSure.")),
)


# ------------------------------------------------------------------------------ test_tools

cassette(
    "test_li_tools/a2_inline_tool_call.yaml",
    "docs/wire-format.md 'Example: tool call with inline think (M2.1)' verbatim (tool call, inline <think>, M2.1), then a final answer after the tool "
    "result: the 2nd request must replay docs/wire-format.md 'Example: tool call with inline think (M2.1)' capture's content and tool_calls ('Replay and interleaved thinking', 'History validation').",
    interaction(A2),
    interaction(
        completion(
            "<think>\nThe tool says 24℃ and sunny.\n</think>\n\nIt is 24℃ and "
            "sunny in San Francisco.",
            model="MiniMax-M2.1",
        )
    ),
)
cassette(
    "test_li_tools/a3_split_tool_call.yaml",
    "docs/wire-format.md 'Example: tool call with split reasoning (M2.1)' verbatim (tool call, reasoning_split, reasoning_details), then a final answer: the "
    "2nd request must replay reasoning_details verbatim (docs/wire-format.md 'Replay and interleaved thinking').",
    interaction(A3),
    interaction(
        completion(
            "It is 24℃ and sunny in San Francisco.",
            model="MiniMax-M2.1",
            reasoning_details=[
                {
                    "type": "reasoning.text",
                    "id": "reasoning-text-1",
                    "format": "MiniMax-response-v1",
                    "index": 0,
                    "text": "The tool answered.",
                }
            ],
        )
    ),
)
FRAGMENTS = [
    # docs/wire-format.md 'Streamed tool-call shapes' "incremental argument fragments, id only on the first delta" (M2.7 production),
    # with the zero usage objects of intermediate chunks (docs/wire-format.md 'Streaming').
    chunk({"content": "<think>\nI need the weather tool.\n</think>\n\n"}),
    chunk(
        {
            "tool_calls": [
                {
                    "id": "call_function_jpaq2z2bgfh7_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": ""},
                    "index": 0,
                }
            ]
        },
        usage={"total_tokens": 0, "total_characters": 0},
    ),
    chunk(
        {"tool_calls": [{"function": {"arguments": '{"location": '}, "index": 0}]},
        usage={"total_tokens": 0, "total_characters": 0},
    ),
    chunk(
        {"tool_calls": [{"function": {"arguments": '"Paris", "unit": "c"}'}, "index": 0}]},
        finish="tool_calls",
        usage={"total_tokens": 0, "total_characters": 0},
    ),
    usage_chunk(120, 40, reasoning=10),
]
cassette(
    "test_li_tools/stream_fragments.yaml",
    "docs/wire-format.md 'Streamed tool-call shapes' streamed tool call: id+name on the first delta, argument fragments after, zero usage "
    "objects on intermediates, trailing usage chunk. Rules docs/wire-format.md 'Streamed tool-call shapes', 'Streaming'.",
    interaction(sse(FRAGMENTS), stream=True),
)
WHOLE = [
    chunk({"content": "<think>\nRead the file.\n</think>\n\n"}),
    chunk(
        {
            "tool_calls": [
                {
                    "id": "call_function_jpaq2z2bgfh7_2",
                    "type": "function",
                    "function": {
                        "name": "read_file",
                        "arguments": '{"paths": ["src/providers/minimax.rs"]}',
                    },
                    "index": 0,
                }
            ]
        },
        finish="tool_call",
    ),
    usage_chunk(80, 30),
]
cassette(
    "test_li_tools/stream_whole_call.yaml",
    "docs/wire-format.md 'Streamed tool-call shapes' whole call in one delta on the finish chunk (M2.7 production line), with the "
    "singular finish_reason 'tool_call' observed in production. Rule docs/wire-format.md 'Streamed tool-call shapes'.",
    interaction(sse(WHOLE), stream=True),
)
cassette(
    "test_li_tools/stream_same_index.yaml",
    "docs/wire-format.md 'Example: parallel tool calls reusing index 0' devrix fixture verbatim: two parallel calls reusing index 0 with different ids "
    "(M2.7 bug). Rule docs/wire-format.md 'Streamed tool-call shapes'.",
    interaction(A6_SAME_INDEX, stream=True),
)
NO_INDEX = [
    chunk(
        {
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "add", "arguments": '{"a": 1, "b": 2}'},
                }
            ]
        },
        model="abab6.5s-chat",
    ),
    chunk(
        {
            "tool_calls": [
                {
                    "id": "call_2",
                    "type": "function",
                    "function": {"name": "add", "arguments": '{"a": 3, "b": 4}'},
                }
            ]
        },
        finish="tool_calls",
        model="abab6.5s-chat",
    ),
]
cassette(
    "test_li_tools/stream_no_index.yaml",
    "docs/wire-format.md 'Models and the catalog profile'/'Tool-call responses' abab: two complete calls in two chunks without 'index' (cherry-studio#10958; "
    "OpenAI-style clients key calls by the missing index). Rule docs/wire-format.md 'Streamed tool-call shapes'.",
    interaction(sse(NO_INDEX), stream=True),
)
OBJECT_ARGS = [
    chunk(
        {
            "tool_calls": [
                {
                    "id": "call_function_5550001111_1",
                    "type": "function",
                    "function": {"name": "add", "arguments": {"a": 5, "b": 6}},
                    "index": 0,
                }
            ]
        },
        finish="tool_calls",
    ),
    usage_chunk(50, 12),
]
cassette(
    "test_li_tools/stream_object_arguments.yaml",
    "docs/wire-format.md 'Streamed tool-call shapes' arguments sent as a JSON object instead of a string (Coding-Plan stream, "
    "oh-my-pi#1779). Rule docs/wire-format.md 'Streamed tool-call shapes'.",
    interaction(sse(OBJECT_ARGS), stream=True),
)
REPEATED = [
    chunk(
        {
            "tool_calls": [
                {
                    "id": "call_function_7770001111_1",
                    "type": "function",
                    "function": {"name": "add", "arguments": '{"a": 1, "b": 2}'},
                }
            ]
        },
        model="abab6.5s-chat",
    ),
    chunk(
        {
            "tool_calls": [
                {
                    "id": "call_function_7770001111_1",
                    "type": "function",
                    "function": {"name": "add", "arguments": '{"a": 1, "b": 2}'},
                }
            ]
        },
        finish="tool_calls",
        model="abab6.5s-chat",
    ),
]
cassette(
    "test_li_tools/stream_repeated_call.yaml",
    "docs/wire-format.md 'Models and the catalog profile' abab: the full call repeated in several chunks (dify#4271); must stay ONE call with "
    "id 'call_function_7770001111_1', not 'call_…_1call_…_1'. Rule docs/wire-format.md 'Streamed tool-call shapes'.",
    interaction(sse(REPEATED), stream=True),
)
cassette(
    "test_li_tools/bad_json_arguments.yaml",
    "docs/wire-format.md 'Example: tool call with inline think (M2.1)' envelope with truncated arguments ('Tool definitions' 'invalid function arguments json string' "
    "class of bug, DeepScientist#48): must surface, never become {}. Rules docs/wire-format.md 'Streamed tool-call shapes', 'History validation'.",
    interaction(
        completion(
            "<think>\nCall it.\n</think>\n\n",
            finish="tool_calls",
            tool_calls=[call("call_function_9990001111_1", "get_weather", '{"location": "San Fr')],
        )
    ),
)
cassette(
    "test_li_tools/parallel_calls.yaml",
    "docs/wire-format.md 'tool_choice and forcing emulation' parallel calls (several invokes → tool_calls index 0, 1; ids call_function_<n>_1/_2) "
    "in docs/wire-format.md 'Example: tool call with inline think (M2.1)' capture's envelope.",
    interaction(
        completion(
            "<think>\nTwo cities.\n</think>\n\n",
            finish="tool_calls",
            tool_calls=[
                call("call_function_3141592653_1", "get_weather", {"location": "Paris"}, 0),
                call("call_function_3141592653_2", "get_weather", {"location": "Tokyo"}, 1),
            ],
        )
    ),
)
cassette(
    "test_li_tools/no_tool_call.yaml",
    "docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)' verbatim: a plain answer where a tool could have been called.",
    interaction(A1),
)


# ------------------------------------------------------------------------------ test_structured

PERSON_ARGS = {"name": "Ada Lovelace", "age": 36}
cassette(
    "test_li_structured/tool_call.yaml",
    "structured_predict via FunctionCallingProgram: docs/wire-format.md 'Example: tool call with inline think (M2.1)'-shaped tool call to the 'Person' tool "
    "(forced tool_choice is emulated for M2.x, docs/wire-format.md 'tool_choice and forcing emulation').",
    interaction(
        completion(
            '<think>\nExtract name and age. {"name": "wrong"}\n</think>\n\n',
            finish="tool_calls",
            tool_calls=[call("call_function_2718281828_1", "Person", PERSON_ARGS)],
        )
    ),
)
cassette(
    "test_li_structured/forcing_emulated.yaml",
    "docs/wire-format.md 'tool_choice and forcing emulation' / 'tool_choice and forcing emulation': M2.7 ignores a forced tool_choice and answers in text (cc-skills "
    "chat-completion-tools.md); the transport re-asks once with a reminder and gets the call.",
    interaction(completion("<think>\nJust answer.\n</think>\n\nAda Lovelace is 36.")),
    interaction(
        completion(
            "<think>\nUse the tool.\n</think>\n\n",
            finish="tool_calls",
            tool_calls=[call("call_function_2718281828_2", "Person", PERSON_ARGS)],
        )
    ),
)
PERSON_STREAM = [
    chunk({"content": "<think>\nExtract the fields.\n</think>\n\n"}),
    chunk(
        {
            "tool_calls": [
                {
                    "id": "call_function_1618033988_1",
                    "type": "function",
                    "function": {"name": "Person", "arguments": '{"name": "Ada '},
                    "index": 0,
                }
            ]
        }
    ),
    chunk({"tool_calls": [{"function": {"arguments": 'Lovelace", "age"'}, "index": 0}]}),
    chunk({"tool_calls": [{"function": {"arguments": ": 36}"}, "index": 0}]}, finish="tool_calls"),
    usage_chunk(90, 25),
]
cassette(
    "test_li_structured/stream_tool_call.yaml",
    "stream_structured_predict: docs/wire-format.md 'Streamed tool-call shapes' fragmented tool call to 'Person'. Rules 'Streamed tool-call shapes', 'Streaming'.",
    interaction(sse(PERSON_STREAM), stream=True),
)
cassette(
    "test_li_structured/text_mode.yaml",
    "Text path (PydanticProgramMode.LLM): docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)'-shaped inline think that itself contains JSON "
    "(a JSON parser reading the whole text would pick it up) before the JSON answer. Rule docs/wire-format.md 'Reasoning formats'.",
    interaction(
        completion(
            '<think>\nThe schema is {"name": str}. Maybe {"name": "x", '
            '"age": 0}? No: Ada, 36.\n</think>\n\n{"name": "Ada Lovelace", '
            '"age": 36}'
        )
    ),
)


# ------------------------------------------------------------------------------ test_agents

AGENT_THINK_1 = "The user wants 1 + 2. I should call the add tool."
AGENT_TOOL_TURN = [
    chunk({"content": f"<think>\n{AGENT_THINK_1}\n</think>\n\n"}),
    chunk(
        {
            "tool_calls": [
                {
                    "id": "call_function_4817203655_1",
                    "type": "function",
                    "function": {"name": "add", "arguments": ""},
                    "index": 0,
                }
            ]
        }
    ),
    chunk({"tool_calls": [{"function": {"arguments": '{"a": 1, '}, "index": 0}]}),
    chunk(
        {"tool_calls": [{"function": {"arguments": '"b": 2}'}, "index": 0}]}, finish="tool_calls"
    ),
    usage_chunk(210, 48, reasoning=20),
]
AGENT_FINAL = [
    chunk({"content": "<think>\nThe tool returned 3.\n</think>\n\nThe answer"}),
    chunk({"content": " is 3."}, finish="stop"),
    usage_chunk(270, 22, reasoning=9),
]
cassette(
    "test_li_agents/function_agent_inline.yaml",
    "FunctionAgent tool loop, inline <think> (docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)'-style chunks): 'Streamed tool-call shapes' fragmented call to 'add', "
    "then the final answer. The 2nd request must replay the first turn's raw content (docs/wire-format.md 'Replay and interleaved thinking').",
    interaction(sse(AGENT_TOOL_TURN), stream=True),
    interaction(sse(AGENT_FINAL), stream=True),
)
SPLIT_THINK = [
    {
        "type": "reasoning.text",
        "id": "reasoning-text-1",
        "format": "MiniMax-response-v1",
        "index": 0,
    }
]
SPLIT_TOOL_TURN = [
    chunk({"content": "", "reasoning_details": [{**SPLIT_THINK[0], "text": "Multiply "}]}),
    chunk(
        {"content": "", "reasoning_details": [{**SPLIT_THINK[0], "text": "6 by 7 with the tool."}]}
    ),
    chunk(
        {
            "content": "\n",
            "tool_calls": [
                {
                    "id": "call_function_6006006006_1",
                    "type": "function",
                    "function": {"name": "multiply", "arguments": '{"a": 6, "b": 7}'},
                    "index": 0,
                }
            ],
        },
        finish="tool_calls",
    ),
    usage_chunk(200, 40, reasoning=12),
]
SPLIT_FINAL = [
    chunk({"content": "", "reasoning_details": [{**SPLIT_THINK[0], "text": "Got 42."}]}),
    chunk({"content": "6 × 7 = 42."}, finish="stop"),
    usage_chunk(260, 15, reasoning=4),
]
cassette(
    "test_li_agents/agent_workflow_split.yaml",
    "AgentWorkflow (→ FunctionAgent) tool loop in split mode: incremental delta.reasoning_details "
    "(MiniMax-M2#95) and a whole call in one delta; the 2nd request must carry the "
    "reasoning_details back (docs/wire-format.md 'Replay and interleaved thinking', 'Cumulative or incremental reasoning').",
    interaction(sse(SPLIT_TOOL_TURN), stream=True),
    interaction(sse(SPLIT_FINAL), stream=True),
)
cassette(
    "test_li_agents/function_agent_nonstream.yaml",
    "FunctionAgent(streaming=False): docs/wire-format.md 'Example: tool call with inline think (M2.1)'-shaped non-streamed tool call, then a final answer.",
    interaction(
        completion(
            f"<think>\n{AGENT_THINK_1}\n</think>\n\n",
            finish="tool_calls",
            tool_calls=[call("call_function_4817203655_1", "add", {"a": 1, "b": 2})],
        )
    ),
    interaction(completion("<think>\nThe tool returned 3.\n</think>\n\nThe answer is 3.")),
)
REACT = [
    chunk({"content": "<think>\nThought: maybe I already know it.\nAnswer: 4\nNo wait, "}),
    chunk(
        {
            "content": "1 + 2 is 3.\n</think>\n\nThought: I can answer without using any more "
            "tools. I'll use the user's language to answer\n"
        }
    ),
    chunk({"content": "Answer: 3"}, finish="stop"),
    usage_chunk(300, 60, reasoning=25),
]
cassette(
    "test_li_agents/react_answer_in_reasoning.yaml",
    "ReActAgent: inline <think> that itself contains 'Answer: 4' before the real 'Answer: 3' "
    "(LlamaIndex's ReAct output parser takes the first 'Answer:' it sees). Rules docs/wire-format.md 'Reasoning formats', 'Inline think tags in content'.",
    interaction(sse(REACT), stream=True),
)


# ------------------------------------------------------------------------------ test_rag

cassette(
    "test_li_rag/query_engine.yaml",
    "RAG answer in docs/wire-format.md 'Example: plain answer with inline think (M2.7-highspeed)' capture's envelope (inline <think> then the answer). Rule 'Reasoning formats'.",
    interaction(
        completion(
            "<think>\nThe context says MiniMax is headquartered in Shanghai.\n"
            "</think>\n\nMiniMax is headquartered in Shanghai.",
            usage={
                "total_tokens": 435,
                "total_characters": 0,
                "prompt_tokens": 412,
                "completion_tokens": 23,
            },
        )
    ),
)
RAG_STREAM = [
    chunk({"content": "<think>\nThe context says Shang"}),
    chunk({"content": "hai.\n</think>\n\nShanghai"}),
    chunk({"content": "."}, finish="stop"),
    usage_chunk(405, 12, reasoning=8),
]
cassette(
    "test_li_rag/query_engine_stream.yaml",
    "Streaming RAG answer (docs/wire-format.md 'Example: streamed answer with inline think and trailing usage chunk (M2.7)'-style chunks, the think block split across chunks), with the "
    "trailing usage chunk. Rules docs/wire-format.md 'Inline think tags in content', 'Streaming'.",
    interaction(sse(RAG_STREAM), stream=True),
)


# ------------------------------------------------------------------------------ test_errors

cassette(
    "test_li_errors/http_500_three_times.yaml",
    "docs/wire-format.md 'Example: error envelopes' 'system error (1033)' as HTTP 500, three times, then a success that must NOT be "
    "requested with max_retries=2 (one retry layer, docs/wire-format.md 'Errors').",
    interaction(A10_SYSTEM, status=500),
    interaction(A10_SYSTEM, status=500),
    interaction(A10_SYSTEM, status=500),
    interaction(A1),
)
cassette(
    "test_li_errors/http_500_then_ok.yaml",
    "docs/wire-format.md 'Example: error envelopes' 'system error (1033)' as HTTP 500 once, then 'Example: plain answer with inline think (M2.7-highspeed)': retried once and succeeds ('Errors').",
    interaction(A10_SYSTEM, status=500),
    interaction(A1),
)
cassette(
    "test_li_errors/stream_500_then_ok.yaml",
    "HTTP 500 on a streamed request, then docs/wire-format.md 'Example: official stream example (M2.7)': retried before the first event ('Errors').",
    interaction(A10_SYSTEM, status=500),
    interaction(sse(A9), stream=True),
)
cassette(
    "test_li_errors/base_resp_1004.yaml",
    "docs/wire-format.md 'Example: error envelopes' verbatim: HTTP 200 with base_resp.status_code 1004 (auth). Not retried; the 2nd "
    "interaction must stay unplayed (docs/wire-format.md 'Errors').",
    interaction(A10_AUTH),
    interaction(A1),
)
cassette(
    "test_li_errors/context_window_2013.yaml",
    "docs/wire-format.md 'Example: error envelopes' verbatim: HTTP 400 'context window exceeds limit (2013)'. Not retried ('Errors').",
    interaction(A10_CONTEXT, status=400),
)


def render(comment: str, interactions: list[dict[str, Any]]) -> str:
    text = yaml.safe_dump(
        {"interactions": interactions, "version": 1},
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    header = "".join(f"# {line}\n" for line in comment.splitlines())
    return f"# Source: {header[2:]}# Generated by tests/llama_index/make_cassettes.py\n{text}"


def main(argv: list[str]) -> int:
    """Write the cassettes, or with ``--check`` list the stale ones and return 1."""
    check = "--check" in argv
    stale = []
    for rel, (comment, interactions) in CASSETTES.items():
        path = ROOT / rel
        text = render(comment, interactions)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for p in stale:
        print(f"stale: {p}", file=sys.stderr)
    if not check:
        print(f"wrote {len(CASSETTES)} cassettes under {ROOT}")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
