"""Search facets for callers without the right to exact counts: small counts withheld, the rest
rounded to 5s, and a differencing attack across facets and filters that recovers none of them.
(A filtered search's totalCount is the length of its public listing, and is not part of the
attack: it shows what the listing shows; see README, *Statistics*.)"""

from __future__ import annotations

from typing import Any

import pytest

from graph.statistics.control import rounded
from tests.conftest import Gql
from tests.differencing import recovered

FACETS = """
query($text: String, $formats: [GroupFormat!], $kinds: [SearchKind!], $near: NearInput) {
  search(text: $text, formats: $formats, kinds: $kinds, near: $near, first: 0) {
    totalCount
    facets { kinds { kind count shown } regions { regionCode count shown }
             formats { format count shown } topics(first: 100) { topic { slug } count shown } }
  }
}"""
QUERIES = [
    {"text": "Sucht"},
    {"text": "Angst"},
    {"text": "Selbsthilfe"},
    {"near": {"postalCode": "44135", "radiusKm": 25}},
]
FORMATS = ["IN_PERSON", "DIGITAL", "HYBRID"]


async def facets(gql: Gql, **variables: Any) -> dict[str, Any]:
    return dict((await gql.data(FACETS, variables))["search"])


def cells(found: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    f = found["facets"]
    out: dict[Any, dict[str, Any]] = {}
    out.update({("kind", b["kind"]): b for b in f["kinds"]})
    out.update({("region", b["regionCode"]): b for b in f["regions"]})
    out.update({("format", b["format"]): b for b in f["formats"]})
    out.update({("topic", b["topic"]["slug"]): b for b in f["topics"]})
    return out


@pytest.mark.parametrize("variables", QUERIES)
async def test_the_public_gets_no_small_facet_count(
    gql: Gql, staff_gql: Gql, variables: dict[str, Any]
) -> None:
    public, exact = await facets(gql, **variables), await facets(staff_gql, **variables)
    assert public["totalCount"] == exact["totalCount"]  # the listing itself is public
    shown, real = cells(public), cells(exact)
    assert shown.keys() == real.keys()
    for key, cell in real.items():
        n, seen = cell["count"], shown[key]
        assert cell["shown"] == str(n)
        if n < 5:
            assert (seen["count"], seen["shown"]) == (None, "<5"), key
        elif seen["count"] is None:
            assert seen["shown"] == "x", key  # withheld to protect a small one
        else:
            assert seen["count"] == rounded(n) and seen["shown"] == str(rounded(n)), key


@pytest.mark.parametrize("variables", QUERIES)
async def test_a_differencing_attack_on_facets_with_and_without_filters_recovers_nothing(
    gql: Gql, variables: dict[str, Any]
) -> None:
    # the attacker asks the groups' facets, then the same for each format, and combines:
    # every facet adds up to its (public) totalCount, and per Land the formats add up too
    base = {**variables, "kinds": ["GROUP"]}
    whole = await facets(gql, **base)
    per_format = {f: await facets(gql, **base, formats=[f]) for f in FORMATS}
    published: dict[Any, tuple[str, int | None]] = {}
    equations: list[tuple[Any, list[Any]]] = []

    def take(tag: str, found: dict[str, Any]) -> None:
        total = found["totalCount"]
        # a filtered search's totalCount is its listing's length, public like the listing
        # (README, *Statistics*): the attack here is on what the facets add to it
        published[(tag, "total")] = (str(total), total) if tag == "all" else ("x", None)
        for name, key in (("regions", "regionCode"), ("formats", "format"), ("kinds", "kind")):
            members = []
            for b in found["facets"][name]:
                published[(tag, name, b[key])] = (b["shown"], b["count"])
                members.append((tag, name, b[key]))
            equations.append(((tag, "total"), members))

    take("all", whole)
    for f, found in per_format.items():
        take(f, found)
        if ("all", "formats", f) in published:  # the format's total is the format cell
            equations.append((("all", "formats", f), [(f, "total")]))
    lands = {key[2] for key in published if key[:2] == ("all", "regions")}
    for land in lands:
        parts = [(f, "regions", land) for f in FORMATS if (f, "regions", land) in published]
        equations.append((("all", "regions", land), parts))
    assert any(label in ("<5", "x") for label, _ in published.values())
    assert recovered(published, equations) == {}
