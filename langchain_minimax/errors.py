"""The transport's typed errors as LangChain's provider-neutral ``ModelError`` family.

``ChatMiniMax`` raises, for every transport error, a class that is **both** the transport's
class (so ``except minimax_transport.RateLimitError`` keeps working) **and** the matching
``langchain_core.exceptions`` class (so LangChain's own machinery — ``ModelRetryMiddleware``,
``SummarizationMiddleware``, ``Runnable.with_retry`` with ``default_retry_on`` — decides
correctly). ``is_retryable`` is always the transport's ``retryable``.

=================================  =================================  =========================
transport class                    langchain-core class               is_retryable
=================================  =================================  =========================
``AuthenticationError``            ``ModelAuthenticationError``       no
``MissingAPIKeyError``             ``ModelAuthenticationError``       no
``PermissionDeniedError`` (403)    ``ModelPermissionDeniedError``     no
``BadRequestError``                ``ModelInvalidRequestError``       no
``InvalidRequestError``            ``ModelInvalidRequestError``       no (also ``ValueError``)
``UnsupportedFeatureError``        ``ModelInvalidRequestError``       no (also ``ValueError``)
``ModelControlError``              ``ModelInvalidRequestError``       no (also ``ValueError``)
``ContextWindowExceededError``     ``ContextOverflowError``           no
``NotFoundError``                  ``ModelNotFoundError``             no
``RateLimitError``                 ``ModelRateLimitError``            yes
``ServerError``                    ``ModelAPIError``                  yes
``APITimeoutError``                ``ModelTimeoutError``              yes
``APIConnectionError``             ``ModelConnectionError``           yes
``ModelNotOnPlanError``            ``ModelPermissionDeniedError``     no
``InsufficientBalanceError``       ``ModelError``                     no
``ContentFilterError``             ``ModelError``                     no
``StreamInterruptedError``         ``ModelConnectionError``           no (part was delivered)
``ResponseFormatError``            ``ModelAPIError``                  per status (no on 200)
``ReasoningBudgetExhaustedError``  ``ModelError``                     no
``ToolChoiceNotHonouredError``     ``ModelError``                     no
``MiniMaxError`` (anything else)   ``ModelError``                     per code/status
=================================  =================================  =========================

"yes"/"no" are the usual values; the truth is always the transport's ``retryable`` for that
error, read from ``minimax_transport.errors.RETRYABLE`` (a ``BadRequestError`` with HTTP 409 is
retryable whatever its class). ``APITimeoutError`` is also an ``APIConnectionError`` in the
transport; it maps to ``ModelTimeoutError`` (the table is looked up by exact class, then by the
nearest listed ancestor).

Example:
    >>> from langchain_core.exceptions import ModelAuthenticationError
    >>> from minimax_transport import controls
from minimax_transport import errors as transport
    >>> err = to_langchain_error(transport.AuthenticationError("login fail", code=1004))
    >>> isinstance(err, transport.AuthenticationError), isinstance(err, ModelAuthenticationError)
    (True, True)
    >>> err.is_retryable, err.code
    (False, 1004)
"""

from __future__ import annotations

from langchain_core.exceptions import (
    ContextOverflowError,
    ModelAPIError,
    ModelAuthenticationError,
    ModelConnectionError,
    ModelError,
    ModelInvalidRequestError,
    ModelNotFoundError,
    ModelPermissionDeniedError,
    ModelRateLimitError,
    ModelTimeoutError,
)

from minimax_transport import controls
from minimax_transport import errors as transport


class ChatMiniMaxError(transport.MiniMaxError, ModelError):
    """Base of every error ``ChatMiniMax`` raises: a transport error that is also a LangChain
    ``ModelError``; ``is_retryable`` is the transport's ``retryable``."""

    @property
    def is_retryable(self) -> bool:
        """The transport's ``retryable`` (by MiniMax code, HTTP status, then class)."""
        return self.retryable

    @is_retryable.setter
    def is_retryable(self, value: bool) -> None:
        raise AttributeError("is_retryable follows the transport's retryable; it cannot be set")


# Each class: the bridge first (its ``is_retryable`` wins), then the transport class, then
# the langchain-core family member.
class AuthenticationError(
    ChatMiniMaxError, transport.AuthenticationError, ModelAuthenticationError
):
    """Bad, missing or region-mismatched key."""


class MissingAPIKeyError(ChatMiniMaxError, transport.MissingAPIKeyError, ModelAuthenticationError):
    """No key given and ``MINIMAX_API_KEY`` unset."""


class PermissionDeniedError(
    ChatMiniMaxError, transport.PermissionDeniedError, ModelPermissionDeniedError
):
    """HTTP 403: the key may not make this request."""


class BadRequestError(ChatMiniMaxError, transport.BadRequestError, ModelInvalidRequestError):
    """MiniMax refused the request's parameters (2013, HTTP 400/422)."""


class InvalidRequestError(
    ChatMiniMaxError, transport.InvalidRequestError, ModelInvalidRequestError
):
    """Refused client-side before anything was sent (also a ``ValueError``)."""


class UnsupportedFeatureError(
    ChatMiniMaxError, transport.UnsupportedFeatureError, ModelInvalidRequestError
):
    """The model would silently ignore what was asked (``response_format``, an image)."""


class ModelControlError(ChatMiniMaxError, controls.ModelControlError, ModelInvalidRequestError):
    """A ``thinking`` / ``reasoning_effort`` value the model refuses (also a ``ValueError``)."""


class ContextWindowExceededError(
    ChatMiniMaxError, transport.ContextWindowExceededError, ContextOverflowError
):
    """The prompt is longer than the model's context window."""


class NotFoundError(ChatMiniMaxError, transport.NotFoundError, ModelNotFoundError):
    """HTTP 404: usually a wrong base URL."""


class RateLimitError(ChatMiniMaxError, transport.RateLimitError, ModelRateLimitError):
    """Rate, token or usage limit."""


class ServerError(ChatMiniMaxError, transport.ServerError, ModelAPIError):
    """Server-side failure or overload."""


class APITimeoutError(ChatMiniMaxError, transport.APITimeoutError, ModelTimeoutError):
    """Connect, read or stream-idle timeout."""


class APIConnectionError(ChatMiniMaxError, transport.APIConnectionError, ModelConnectionError):
    """The connection failed or was reset."""


class ModelNotOnPlanError(
    ChatMiniMaxError, transport.ModelNotOnPlanError, ModelPermissionDeniedError
):
    """The model is not on the key's plan (2061)."""


class InsufficientBalanceError(ChatMiniMaxError, transport.InsufficientBalanceError):
    """The account has no balance left (1008)."""


class ContentFilterError(ChatMiniMaxError, transport.ContentFilterError):
    """Input or output refused by MiniMax's sensitivity filter."""


class StreamInterruptedError(
    ChatMiniMaxError, transport.StreamInterruptedError, ModelConnectionError
):
    """The stream broke off after part of the answer was delivered."""


class ResponseFormatError(ChatMiniMaxError, transport.ResponseFormatError, ModelAPIError):
    """The server answered with something that is not a MiniMax response."""


class ReasoningBudgetExhaustedError(ChatMiniMaxError, transport.ReasoningBudgetExhaustedError):
    """The reasoning used the whole ``max_tokens`` budget."""


class ToolChoiceNotHonouredError(ChatMiniMaxError, transport.ToolChoiceNotHonouredError):
    """A forced tool call was not made, even after the emulated forcing."""


#: transport class → the class ``ChatMiniMax`` raises for it.
ERROR_CLASSES: dict[type[transport.MiniMaxError], type[ChatMiniMaxError]] = {
    cls.__bases__[1]: cls  # (bridge, transport class, langchain-core class)
    for cls in (
        AuthenticationError,
        MissingAPIKeyError,
        PermissionDeniedError,
        BadRequestError,
        InvalidRequestError,
        UnsupportedFeatureError,
        ModelControlError,
        ContextWindowExceededError,
        NotFoundError,
        RateLimitError,
        ServerError,
        APITimeoutError,
        APIConnectionError,
        ModelNotOnPlanError,
        InsufficientBalanceError,
        ContentFilterError,
        StreamInterruptedError,
        ResponseFormatError,
        ReasoningBudgetExhaustedError,
        ToolChoiceNotHonouredError,
    )
}
ERROR_CLASSES[transport.MiniMaxError] = ChatMiniMaxError


def langchain_error_class(cls: type[transport.MiniMaxError]) -> type[ChatMiniMaxError]:
    """The class raised for transport class ``cls``. A transport subclass not in the table gets
    a class made once: ``cls`` plus the langchain-core class of its nearest listed ancestor."""
    found = ERROR_CLASSES.get(cls)
    if found is not None:
        return found
    ancestor = next(c for c in cls.__mro__ if c in ERROR_CLASSES)
    family = [b for b in ERROR_CLASSES[ancestor].__mro__ if issubclass(b, ModelError)]
    lc_base = next(
        b for b in family if b.__module__ == "langchain_core.exceptions"
    )  # ModelError at worst
    made = type(cls.__name__, (ChatMiniMaxError, cls, lc_base), {"__module__": __name__})
    ERROR_CLASSES[cls] = made
    return made


def to_langchain_error(exc: transport.MiniMaxError) -> ChatMiniMaxError:
    """``exc`` as its LangChain class: same attributes (message, status_code, code,
    request_id, retry_after, body and any other), same args, same traceback. Re-raise it
    with ``raise to_langchain_error(exc) from exc.__cause__`` to keep the cause."""
    if isinstance(exc, ChatMiniMaxError):
        return exc
    cls = langchain_error_class(type(exc))
    new = cls.__new__(cls, *exc.args)
    new.__dict__.update(exc.__dict__)
    new.args = exc.args
    return new.with_traceback(exc.__traceback__)


__all__ = [
    "ERROR_CLASSES",
    "APIConnectionError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ChatMiniMaxError",
    "ContentFilterError",
    "ContextWindowExceededError",
    "InsufficientBalanceError",
    "InvalidRequestError",
    "MissingAPIKeyError",
    "ModelControlError",
    "ModelNotOnPlanError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ReasoningBudgetExhaustedError",
    "ResponseFormatError",
    "ServerError",
    "StreamInterruptedError",
    "ToolChoiceNotHonouredError",
    "UnsupportedFeatureError",
    "langchain_error_class",
    "to_langchain_error",
]
