"""Every item model passes pytest-qt's model tester, with real data from the demo case."""

from __future__ import annotations

from pathlib import Path

from casefile.domain.model import Tag
from casefile.services.chronology import chronology
from casefile.services.demo import build_demo
from casefile.ui.models import ChronologyModel, ExcerptsModel, RecordsModel, SourcesModel
from casefile.ui.tag_model import TagTreeModel


def test_table_models(qtmodeltester: object, tmp_path: Path) -> None:
    with build_demo(tmp_path / "demo.casefile") as case:
        sources, excerpts, records = case.sources(), case.excerpts(), case.records()
        models = []
        for model, rows in ((SourcesModel(), sources), (ExcerptsModel(), excerpts),
                            (RecordsModel(), records)):  # fmt: skip
            model.set_rows(rows)
            models.append(model)
        models[1].tags = {t.id: t for t in case.tags()}  # type: ignore[attr-defined]
        models[1].sources = {s.id: s for s in sources}  # type: ignore[attr-defined]
        entries = chronology(records, excerpts, {s.id: s for s in sources})
        timeline = ChronologyModel()
        timeline.set_rows(entries)
        models.append(timeline)
        for model in models:
            qtmodeltester.check(model)  # type: ignore[attr-defined]
        assert models[1].data(models[1].index(0, 1)) in {"Claim", "Testimony"}
        dates = [e.sort_key for e in entries]
        assert dates == sorted(dates) and entries[0].date == "2015-09-02"


def test_tag_tree_model_with_a_hierarchy(qtmodeltester: object) -> None:
    model = TagTreeModel()
    model.set_tags([
        Tag(1, "Claim", "#f4b400", None, True, 3),
        Tag(2, "Testimony", "#4a90d9", None, True, 5),
        Tag(3, "Risk on return", "#e06666", 2, False, 1),
        Tag(4, "Torture", "#990000", 3, False, 2),
        Tag(5, "Credibility", "#93c47d", None, False, 0),
    ])  # fmt: skip
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    testimony = model.index(1, 0)
    assert model.data(testimony) == "Testimony"
    risk = model.index(0, 0, testimony)
    assert model.data(risk) == "Risk on return"
    assert model.data(model.index(0, 0, risk)) == "Torture"
    assert model.parent(risk) == testimony
    assert model.index_of(4).parent() == risk
