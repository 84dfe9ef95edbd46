"""Operations on the codebook: create, rename, recolour, re-parent, merge, delete tags."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from casefile.domain.errors import Conflict, InvalidInput, NotFound
from casefile.services.changes import Changes
from casefile.services.codec import register_sentinel
from casefile.services.operation import Applied, Batch, Operation, check_unchanged, fingerprint
from casefile.storage import schema as s

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_UNSET: Any = object()


def check_color(color: str) -> str:
    if not _COLOR.match(color):
        raise InvalidInput(f"{color!r} is not a colour; write it as #RRGGBB")
    return color.lower()


def _check_name(session: Session, name: str, tag_id: int | None) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput("a tag needs a name")
    for other_id, other in session.execute(select(s.Tag.id, s.Tag.name)):
        if other_id != tag_id and other.casefold() == name.casefold():
            raise InvalidInput(f"there is already a tag named {other!r}")
    return name


def _check_parent(session: Session, tag_id: int | None, parent_id: int | None) -> None:
    seen = {tag_id}
    while parent_id is not None:
        if parent_id in seen:
            raise InvalidInput("a tag cannot be placed inside itself or its own children")
        parent = session.get(s.Tag, parent_id)
        if parent is None:
            raise NotFound(f"there is no tag {parent_id}")
        seen.add(parent_id)
        parent_id = parent.parent_id


class CreateTag(Operation):
    label = "New Tag"

    def __init__(self, name: str, color: str, parent_id: int | None = None) -> None:
        self.name, self.color, self.parent_id = name, check_color(color), parent_id

    def apply(self, session: Session) -> Applied:
        name = _check_name(session, self.name, None)
        _check_parent(session, None, self.parent_id)
        row = s.Tag(name=name, color=self.color, parent_id=self.parent_id, builtin=False)
        session.add(row)
        session.flush()
        inverse = DeleteTag(row.id, expect=tag_state(session, row.id))
        return Applied(Changes.of(tags={row.id}), inverse, row.id)


def tag_state(session: Session, tag_id: int) -> dict[str, Any] | None:
    """A tag, the excerpts it tags and its children: what an undo checks."""
    row = session.execute(select(s.Tag.__table__).where(s.Tag.id == tag_id)).first()
    if row is None:
        return None
    tagged = session.scalars(select(s.ExcerptTag.excerpt_id).where(s.ExcerptTag.tag_id == tag_id))
    children = session.scalars(select(s.Tag.id).where(s.Tag.parent_id == tag_id))
    return {"tag": dict(row._mapping), "excerpts": sorted(tagged), "children": sorted(children)}


class UpdateTag(Operation):
    """Rename, recolour or re-parent; arguments left out stay as they are."""

    label = "Edit Tag"

    def __init__(
        self, tag_id: int, *, name: str | None = None, color: str | None = None,
        parent_id: int | None = _UNSET, expect: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        self.tag_id, self.name, self.parent_id = tag_id, name, parent_id
        self.expect = fingerprint(expect) if expect is not None else None  # for an undo
        self.color = check_color(color) if color is not None else None
        if name is not None:
            self.label = "Rename Tag"
        elif color is not None:
            self.label = "Recolour Tag"
        elif parent_id is not _UNSET:
            self.label = "Move Tag"

    def apply(self, session: Session) -> Applied:
        row = session.get(s.Tag, self.tag_id)
        if self.expect is not None:
            current = {k: getattr(row, k) for k in self.expect} if row else None
            check_unchanged(f"tag {self.tag_id}", self.expect, current)
        if row is None:
            raise NotFound(f"there is no tag {self.tag_id}")
        inverse = UpdateTag(self.tag_id, expect={})
        assert inverse.expect is not None
        if self.name is not None:
            inverse.name = row.name
            row.name = _check_name(session, self.name, row.id)
            inverse.expect["name"] = fingerprint(row.name)
        if self.color is not None:
            inverse.color = row.color
            row.color = self.color
            inverse.expect["color"] = fingerprint(row.color)
        if self.parent_id is not _UNSET:
            _check_parent(session, row.id, self.parent_id)
            inverse.parent_id = row.parent_id
            row.parent_id = self.parent_id
            inverse.expect["parent_id"] = fingerprint(row.parent_id)
        return Applied(Changes.of(tags={row.id}), inverse, row.id)


class DeleteTag(Operation):
    """Delete a tag. Its excerpts stay (with their other tags); its children move up."""

    label = "Delete Tag"

    def __init__(self, tag_id: int, expect: dict[str, Any] | None = None) -> None:
        self.tag_id = tag_id
        self.expect = fingerprint(expect) if expect is not None else None  # for an undo

    def apply(self, session: Session) -> Applied:
        if self.expect is not None:
            state = tag_state(session, self.tag_id)
            what = f"tag {state['tag']['name']!r}" if state else f"tag {self.tag_id}"
            check_unchanged(what, self.expect["tag"], state["tag"] if state else None)
            assert state is not None
            if state["excerpts"] != sorted(self.expect["excerpts"]):
                raise Conflict(f"{what} was given to or taken from highlights since")
            if state["children"] != sorted(self.expect["children"]):
                raise Conflict(f"tags were moved into or out of {what} since")
        row = session.get(s.Tag, self.tag_id)
        if row is None:
            raise NotFound(f"there is no tag {self.tag_id}")
        if row.builtin:
            raise InvalidInput(f"{row.name!r} is built in and cannot be deleted")
        snapshot: dict[str, Any] = {
            "tag": {c.key: getattr(row, c.key) for c in s.Tag.__table__.columns},
            "excerpts": list(
                session.scalars(
                    select(s.ExcerptTag.excerpt_id).where(s.ExcerptTag.tag_id == row.id)
                )
            ),
            "children": list(session.scalars(select(s.Tag.id).where(s.Tag.parent_id == row.id))),
        }
        session.execute(
            update(s.Tag).where(s.Tag.parent_id == row.id).values(parent_id=row.parent_id)
        )
        session.delete(row)
        changes = Changes.of(
            tags={self.tag_id, *snapshot["children"]}, excerpts=set(snapshot["excerpts"])
        )
        inverse = RestoreTag(snapshot)
        return Applied(changes, inverse)


class RestoreTag(Operation):
    label = "Restore Tag"

    def __init__(self, snapshot: dict[str, Any]) -> None:
        self.snapshot = snapshot

    def apply(self, session: Session) -> Applied:
        snap = self.snapshot
        tag = snap["tag"]
        tag_id = tag["id"]
        if session.get(s.Tag, tag_id) is not None:
            raise Conflict(f"tag {tag['name']!r} is already there (restored by another change)")
        for other_id, other in session.execute(select(s.Tag.id, s.Tag.name)):
            if other.casefold() == tag["name"].casefold():
                raise Conflict(f"another tag named {other!r} was made since (tag {other_id})")
        if tag["parent_id"] is not None and session.get(s.Tag, tag["parent_id"]) is None:
            raise Conflict(f"the parent of tag {tag['name']!r} was deleted since")
        session.execute(insert(s.Tag), [tag])
        # Only children still where the deletion moved them go back; only excerpts
        # that still exist get the tag again: another writer's changes stay.
        children = list(
            session.scalars(
                select(s.Tag.id).where(
                    s.Tag.id.in_(snap["children"]),
                    s.Tag.parent_id.is_(None)
                    if tag["parent_id"] is None
                    else s.Tag.parent_id == tag["parent_id"],
                )
            )
        )
        if children:
            session.execute(update(s.Tag).where(s.Tag.id.in_(children)).values(parent_id=tag_id))
        excerpts = list(
            session.scalars(select(s.Excerpt.id).where(s.Excerpt.id.in_(snap["excerpts"])))
        )
        if excerpts:
            session.execute(
                insert(s.ExcerptTag), [{"excerpt_id": e, "tag_id": tag_id} for e in excerpts]
            )
        session.flush()
        changes = Changes.of(tags={tag_id, *children}, excerpts=set(excerpts))
        inverse = DeleteTag(tag_id, expect=tag_state(session, tag_id))
        return Applied(changes, inverse, tag_id)


class _MoveTagging(Operation):
    """Give every excerpt tagged ``source`` the tag ``target`` too (a merge step)."""

    label = "Merge Tags"

    def __init__(
        self, source_id: int, target_id: int, excerpt_ids: list[int] | None = None
    ) -> None:
        self.source_id, self.target_id, self.excerpt_ids = source_id, target_id, excerpt_ids

    def apply(self, session: Session) -> Applied:
        if self.excerpt_ids is not None:  # the inverse: take the added tagging away again
            for eid in self.excerpt_ids:
                row = session.get(s.ExcerptTag, (eid, self.target_id))
                if row is not None:
                    session.delete(row)
            changes = Changes.of(excerpts=set(self.excerpt_ids), tags={self.target_id})
            return Applied(changes, _MoveTagging(self.source_id, self.target_id))
        tagged = set(
            session.scalars(
                select(s.ExcerptTag.excerpt_id).where(s.ExcerptTag.tag_id == self.source_id)
            )
        )
        already = set(
            session.scalars(
                select(s.ExcerptTag.excerpt_id).where(s.ExcerptTag.tag_id == self.target_id)
            )
        )
        added = sorted(tagged - already)
        if added:
            session.execute(
                insert(s.ExcerptTag), [{"excerpt_id": e, "tag_id": self.target_id} for e in added]
            )
        changes = Changes.of(excerpts=set(added), tags={self.target_id})
        return Applied(changes, _MoveTagging(self.source_id, self.target_id, added))


def merge_tags(source_id: int, target_id: int) -> Operation:
    """Merge ``source`` into ``target``: its excerpts get ``target``, then it is deleted."""
    if source_id == target_id:
        raise InvalidInput("a tag cannot be merged into itself")
    return Batch(
        "Merge Tags", [_MoveTagging(source_id, target_id), DeleteTag(source_id)], destructive=True
    )


register_sentinel("tag_ops.unset", _UNSET)
