"""A record type's field as a user writes it: ``KEY[:LABEL[:KIND]]`` (CLI and GUI alike)."""

from __future__ import annotations

from casefile.domain.errors import InvalidInput
from casefile.domain.model import FieldSpec

FIELD_KINDS = ("text", "date", "longtext")


def field_spec(text: str) -> FieldSpec:
    """``KEY[:LABEL[:KIND]]`` as typed after ``--field`` / ``--add-field`` or in the GUI."""
    key, _, rest = text.partition(":")
    label, _, kind = rest.partition(":")
    key = key.strip()
    if not key or any(c.isspace() for c in key):
        raise InvalidInput(
            f"field {text!r}: write it as KEY[:LABEL[:KIND]], the key without spaces"
        )
    kind = kind.strip() or "text"
    if kind not in FIELD_KINDS:
        raise InvalidInput(f"field {text!r}: the kind must be one of {', '.join(FIELD_KINDS)}")
    label = label.strip() or key.replace("_", " ").replace("-", " ").capitalize()
    return FieldSpec(key, label, kind)
