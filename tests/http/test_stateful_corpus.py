"""Stateful mode over every corpus description: each collection the mock keeps takes a
create, answers it from the state and validly, and each read beside it answers the
created item, enveloped or not, by the id the create gave (``tests/round_trips.py``).

Skipped when ../shared is absent.
"""

from __future__ import annotations

import pytest

from corpus import CorpusEntry, corpus_entries, requires_corpus
from round_trips import round_trips
from specmock.engine import Engine

pytestmark = [requires_corpus, pytest.mark.corpus]

ENTRIES = corpus_entries()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_corpus_created_items_are_stored_and_read_back(entry: CorpusEntry) -> None:
    trips = round_trips(Engine.from_source(entry.path))
    if trips.creates == 0:
        pytest.skip("no collection the mock keeps: nothing is created")
    assert trips.failures == [], "\n".join(trips.failures[:20])
    assert trips.stored == trips.creates
    assert trips.missed == 0  # a read answers the created item, or says why it cannot
