"""The stand-ins are independent systems (issue 19, deliverable 2): NRW's service, Bavaria's
database fill and BW's service import nothing from the graph or from the sources' search,
ranking, vocabulary, formats, subjects, protocol or engine code; each has its own. Only the
launcher (regions.standins.services, which is `shg serve`'s, not a Land's system) reads the
sources' configuration and private files. Checked on the source by AST (test_layers' reader),
so an import inside a function is caught too."""

from __future__ import annotations

from pathlib import Path

from tests.unit.test_layers import _imports, _modules

FORBIDDEN = (
    "graph",
    "regions.sources",  # all of it: search, vocabulary, formats, subjects, protocol, engine, ..
)
LAUNCHER = "regions.standins.services"
LAUNCHER_MAY = ("regions.sources.config", "regions.sources.private_files")


def _offending(name: str, targets: set[str]) -> list[str]:
    allowed = LAUNCHER_MAY if name == LAUNCHER else ()
    return [
        f"{name} -> {target}"
        for target in sorted(targets)
        if any(target == bad or target.startswith(bad + ".") for bad in FORBIDDEN)
        and not any(target == ok or target.startswith(ok + ".") for ok in allowed)
    ]


def test_stand_ins_import_nothing_of_the_graph_or_the_sources() -> None:
    known = _modules()
    standins = {n: p for n, p in known.items() if n.startswith("regions.standins")}
    assert {"regions.standins.nrw.app", "regions.standins.bw.app"} <= set(standins)
    assert "regions.standins.bavaria.demo" in standins
    found = [bad for n, p in standins.items() for bad in _offending(n, _imports(n, p, known))]
    assert found == []


def test_the_check_catches_a_stand_in_importing_search(tmp_path: Path) -> None:
    known = {
        "regions.standins.nrw.queries": tmp_path / "q.py",
        "regions.sources.search.criteria": tmp_path,
        "regions.sources.config": tmp_path,
    }
    (tmp_path / "q.py").write_text(
        "def f():\n    from regions.sources.search.criteria import score\n"
        "from regions.sources import config\n"
    )
    name = "regions.standins.nrw.queries"
    found = _offending(name, _imports(name, tmp_path / "q.py", known))
    assert found == [
        f"{name} -> regions.sources.config",
        f"{name} -> regions.sources.search.criteria",
    ]
    assert _offending(LAUNCHER, {"regions.sources.config"}) == []
    assert _offending(LAUNCHER, {"regions.sources.engine"}) == [
        f"{LAUNCHER} -> regions.sources.engine"
    ]
