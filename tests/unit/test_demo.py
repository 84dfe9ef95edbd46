"""The demonstration case a new user sees first."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.domain.errors import CaseFileOpenError
from casefile.domain.model import Relation
from casefile.services import Case
from casefile.services.demo import build_demo


def test_the_demo_is_a_real_case_in_three_scripts(tmp_path: Path) -> None:
    with build_demo(tmp_path / "demo.casefile") as case:
        sources = case.sources()
        assert {s.language for s in sources} == {"en", "ru", "ko"}
        assert all(s.publisher and s.published for s in sources)
        excerpts = case.excerpts()
        claim, testimony = case.tag_named("Claim").id, case.tag_named("Testimony").id
        assert any(claim in e.tag_ids for e in excerpts)
        assert any(testimony in e.tag_ids for e in excerpts)
        for excerpt in excerpts:
            assert case.text(excerpt.source_id)[excerpt.start : excerpt.end] == excerpt.exact
            assert excerpt.pinpoint.startswith("para. ")
            assert excerpt.links, f"excerpt {excerpt.id} is linked to no record"
        refusal = next(r for r in case.records() if r.type_key == "asylum-refusal")
        linked = case.excerpts(record_id=refusal.id)
        relations = {
            link.relation for e in linked for link in e.links if link.record_id == refusal.id
        }
        assert relations == {Relation.SUPPORTS, Relation.CONTRADICTS}
        scripts = "".join(e.exact for e in excerpts)
        assert any("\u0400" <= ch <= "\u04ff" for ch in scripts)  # Cyrillic
        assert any("\uac00" <= ch <= "\ud7a3" for ch in scripts)  # Hangul
        assert case.info()["author"]
    with Case.open(tmp_path / "demo.casefile") as reopened:
        assert len(reopened.excerpts()) == len(excerpts)


def test_the_demo_does_not_overwrite_a_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.casefile"
    path.write_text("precious", encoding="utf-8")
    with pytest.raises(CaseFileOpenError, match="already exists"):
        build_demo(path)
    assert path.read_text(encoding="utf-8") == "precious"
