"""Every real description in the shared corpus loads, with every schema $ref a registry key.

The corpus lives beside the repository (``../shared/corpus``); without it these tests
are skipped. Broken parts of a description are expected in ``spec.skipped``, never an
exception.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from specmock.spec import load

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
MANIFEST = CORPUS / "MANIFEST.tsv"


def entries() -> list[Any]:
    if not MANIFEST.is_file():
        return [pytest.param(None, id="no-corpus")]
    with MANIFEST.open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [pytest.param(row, id=row["name"]) for row in rows]


#: Keywords whose values are data, not schemas: a "$ref" in them is just data.
DATA = frozenset({"example", "examples", "default", "enum", "const"})
MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})


def refs_in(schema: Any) -> Iterator[str]:
    """Every ``$ref`` (and discriminator mapping value) in a normalised schema."""
    if isinstance(schema, list):
        for item in schema:
            yield from refs_in(item)
        return
    if not isinstance(schema, dict):
        return
    for key, member in schema.items():
        if key == "$ref":
            yield member
        elif key == "discriminator":
            yield from member.get("mapping", {}).values()
        elif key in MAPS and isinstance(member, dict):
            for sub in member.values():
                yield from refs_in(sub)
        elif key not in DATA:
            yield from refs_in(member)


@pytest.mark.corpus
@pytest.mark.parametrize("row", entries())
def test_corpus_description_loads(row: dict[str, str] | None) -> None:
    if row is None:
        pytest.skip(f"corpus not found at {CORPUS.resolve()}")
    spec = load(CORPUS / "specs" / row["name"] / row["entry"])

    webhooks_only = not spec.documents[next(iter(spec.documents))].get("paths")
    assert spec.operations or webhooks_only
    assert spec.version == row["spec_version"]
    for key, schema in spec.schemas.items():
        for ref in refs_in(schema):
            assert ref in spec.schemas, f"{ref} (in {key}) is not a schema key"
    for op in spec.operations:
        media = [m for r in op.responses.values() for m in r.content.values()]
        media += list(op.body.content.values()) if op.body else []
        for schema in [m.schema for m in media] + [p.schema for p in op.parameters]:
            for ref in refs_in(schema):
                assert ref in spec.schemas, f"{ref} (in {op.key}) is not a schema key"
