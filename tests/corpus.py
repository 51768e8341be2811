"""Where the corpus and the examples are; corpus tests skip when ../shared is absent."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
EXAMPLES = REPO / "examples"

__all__ = ["CORPUS", "EXAMPLES", "REPO", "CorpusEntry", "corpus_entries", "requires_corpus"]


@dataclass(frozen=True)
class CorpusEntry:
    name: str
    version: str
    path: Path


def corpus_entries() -> list[CorpusEntry]:
    """Every description listed in ../shared/corpus/MANIFEST.tsv (empty when absent)."""
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        CorpusEntry(row["name"], row["spec_version"], CORPUS / "specs" / row["name"] / row["entry"])
        for row in rows
    ]


requires_corpus = pytest.mark.skipif(
    not (CORPUS / "MANIFEST.tsv").exists(),
    reason="../shared/corpus is absent (a user's clone): corpus tests skipped",
)
