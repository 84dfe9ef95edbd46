"""What every new case file starts with: two tags and the record types of asylum work."""

from __future__ import annotations

from casefile.domain.model import CLAIM, TESTIMONY, FieldSpec

BUILTIN_TAGS: tuple[tuple[str, str], ...] = (
    (CLAIM, "#f4b400"),  # amber: what someone asserts
    (TESTIMONY, "#4a90d9"),  # blue: what someone witnessed
)


def next_tag_color(existing: int) -> str:
    """The colour a new tag gets when the user names none: the palette, in turn."""
    return DEFAULT_TAG_COLORS[existing % len(DEFAULT_TAG_COLORS)]


DEFAULT_TAG_COLORS = (
    "#e06666", "#93c47d", "#8e7cc3", "#f6b26b", "#76a5af", "#c27ba0", "#6fa8dc", "#ffd966",
)  # fmt: skip


def _f(key: str, label: str, kind: str = "text") -> FieldSpec:
    return FieldSpec(key, label, kind)


ISSUE = "issue"  # a disputed issue: the schedule and the matrix are built per issue

BUILTIN_RECORD_TYPES: tuple[tuple[str, str, tuple[FieldSpec, ...]], ...] = (
    (
        "asylum-refusal",
        "Asylum refusal",
        (
            _f("applicant", "Applicant"),
            _f("nationality", "Nationality"),
            _f("host_country", "Host country"),
            _f("authority", "Authority"),
            _f("decision_date", "Decision date", "date"),
            _f("outcome", "Outcome"),
            _f("reference", "Reference"),
        ),
    ),
    (
        "person",
        "Person",
        (
            _f("role", "Role"),
            _f("nationality", "Nationality"),
            _f("born", "Born", "date"),
            _f("affiliation", "Affiliation"),
        ),
    ),
    (
        "decision",
        "Decision",
        (
            _f("authority", "Authority"),
            _f("reference", "Reference"),
            _f("decision_date", "Decision date", "date"),
            _f("outcome", "Outcome"),
        ),
    ),
    (
        "event",
        "Event",
        (
            _f("place", "Place"),
            _f("actors", "Actors"),
            _f("description", "Description", "longtext"),
        ),
    ),
    (
        "deportation",
        "Deportation",
        (
            _f("person", "Person"),
            _f("from_country", "From"),
            _f("to_country", "To"),
            _f("authority", "Authority"),
        ),
    ),
    (
        "agreement",
        "Agreement",
        (
            _f("parties", "Parties"),
            _f("signed", "Signed", "date"),
            _f("in_force", "In force", "date"),
            _f("subject", "Subject"),
        ),
    ),
    (
        "organisation",
        "Organisation",
        (
            _f("country", "Country"),
            _f("kind", "Kind"),
            _f("website", "Website"),
        ),
    ),
    (
        ISSUE,
        "Disputed issue",
        (
            _f("question", "Question", "longtext"),
            _f("position", "Our position", "longtext"),
        ),
    ),
)
