"""Operations to JSON and back, for the journal. Never pickle: a case file may come
from anyone, so only registered classes can be named by it.

Operations are registered by class name (``Operation.registry``); plain values
(dataclasses and enums the operations hold) are registered here. A value the
registry does not know fails loudly when written, and an unknown name read
from a case file is refused with a message.
"""

from __future__ import annotations

import base64
import dataclasses
import enum
from collections.abc import Callable
from typing import Any

from casefile.domain.errors import InvalidInput
from casefile.domain.model import FieldSpec, Relation
from casefile.domain.text import Block, BlockKind, ExtractedText, SourceMetadata
from casefile.services.operation import Operation

_DATACLASSES: dict[str, type] = {}
_ENUMS: dict[str, type[enum.Enum]] = {}
_CUSTOM: dict[str, tuple[type, Callable[[Any], Any], Callable[[Any], Any]]] = {}
_SENTINELS: dict[str, object] = {}


def register_value(cls: type, encode: Callable[[Any], Any] | None = None,
                   decode: Callable[[Any], Any] | None = None) -> None:  # fmt: skip
    """Let operations hold values of ``cls`` (a dataclass, an enum, or with encode/decode)."""
    if encode is not None and decode is not None:
        _CUSTOM[cls.__name__] = (cls, encode, decode)
    elif isinstance(cls, type) and issubclass(cls, enum.Enum):
        _ENUMS[cls.__name__] = cls
    elif dataclasses.is_dataclass(cls):
        _DATACLASSES[cls.__name__] = cls
    else:
        raise TypeError(f"{cls!r} needs encode and decode functions")


def register_sentinel(name: str, value: object) -> None:
    """A module's "argument left out" marker, kept as itself through a round trip."""
    _SENTINELS[name] = value


for _cls in (FieldSpec, Block, SourceMetadata, ExtractedText, BlockKind, Relation):
    register_value(_cls)


def encode(value: Any) -> Any:
    plain_number = isinstance(value, bool | int | float) and not isinstance(value, enum.Enum)
    if value is None or plain_number:
        return value
    for name, sentinel in _SENTINELS.items():
        if value is sentinel:
            return {"$": "sentinel", "name": name}
    if isinstance(value, enum.Enum):
        name = type(value).__name__
        if _ENUMS.get(name) is not type(value):
            raise TypeError(f"{name} is not registered with casefile.services.codec")
        return {"$": "enum", "type": name, "value": value.value}
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return {"$": "bytes", "b64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, Operation):
        state = {key: encode(item) for key, item in vars(value).items()}
        return {"$": "op", "type": type(value).__name__, "state": state}
    custom = _CUSTOM.get(type(value).__name__)
    if custom is not None and custom[0] is type(value):
        return {"$": "value", "type": type(value).__name__, "data": encode(custom[1](value))}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _DATACLASSES.get(name) is not type(value):
            raise TypeError(f"{name} is not registered with casefile.services.codec")
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$": "data", "type": name, "fields": fields}
    if isinstance(value, tuple):
        return {"$": "tuple", "items": [encode(v) for v in value]}
    if isinstance(value, set | frozenset):
        return {"$": "set", "items": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value) and "$" not in value:
            return {k: encode(v) for k, v in value.items()}
        return {"$": "map", "items": [[encode(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"an operation holds a {type(value).__name__}, which the journal cannot store")


def _unknown(kind: str, name: str) -> InvalidInput:
    return InvalidInput(f"the history holds {kind} {name!r} that this Casefile does not know")


def _load_operations() -> dict[str, type[Operation]]:
    """Import every services module, so that every operation class is registered.

    The CLI imports only what a command needs; undoing a step from the history may
    need an operation class no command has loaded yet.
    """
    import importlib
    import pkgutil

    import casefile.services as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return Operation.registry


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        return data
    tag = data.get("$")
    if tag is None:
        return {k: decode(v) for k, v in data.items()}
    if tag == "op":
        cls = Operation.registry.get(data["type"]) or _load_operations().get(data["type"])
        if cls is None:
            raise _unknown("an operation", data["type"])
        operation = cls.__new__(cls)
        operation.__dict__.update({k: decode(v) for k, v in data["state"].items()})
        return operation
    if tag == "data":
        dcls = _DATACLASSES.get(data["type"])
        if dcls is None:
            raise _unknown("a value", data["type"])
        return dcls(**{k: decode(v) for k, v in data["fields"].items()})
    if tag == "enum":
        ecls = _ENUMS.get(data["type"])
        if ecls is None:
            raise _unknown("a value", data["type"])
        return ecls(data["value"])
    if tag == "value":
        custom = _CUSTOM.get(data["type"])
        if custom is None:
            raise _unknown("a value", data["type"])
        return custom[2](decode(data["data"]))
    if tag == "sentinel":
        if data["name"] not in _SENTINELS:
            raise _unknown("a marker", data["name"])
        return _SENTINELS[data["name"]]
    if tag == "bytes":
        return base64.b64decode(data["b64"])
    if tag == "tuple":
        return tuple(decode(v) for v in data["items"])
    if tag == "set":
        return frozenset(decode(v) for v in data["items"])
    if tag == "map":
        return {decode(k): decode(v) for k, v in data["items"]}
    raise _unknown("an entry of kind", str(tag))


def to_json(operation: Operation) -> dict[str, Any]:
    encoded: dict[str, Any] = encode(operation)
    return encoded


def from_json(data: dict[str, Any]) -> Operation:
    operation = decode(data)
    if not isinstance(operation, Operation):
        raise InvalidInput("the history holds an entry that is not an operation")
    return operation
