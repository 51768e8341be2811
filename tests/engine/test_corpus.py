"""Every corpus description loads and every documented JSON response it has is valid.

Validity is judged by openapi-schema-validator with its format checker, against the
schema as written in the original document. Skipped when ../shared is absent.
"""

from __future__ import annotations

import pytest

from corpus import CorpusEntry, corpus_entries, requires_corpus
from judge import Judge
from specmock.config import Quality, Strategy
from specmock.engine import Engine
from specmock.spec import load

pytestmark = [requires_corpus, pytest.mark.corpus]

ENTRIES = corpus_entries()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_corpus_description_generates_only_valid_bodies(entry: CorpusEntry) -> None:
    spec = load(entry.path)
    judge = Judge(spec)
    failures: list[str] = []
    for quality, strategy in (
        (Quality.BASIC, Strategy.DYNAMIC),
        (Quality.REALISTIC, None),  # the description's own examples where valid
        (Quality.PRODUCTION, Strategy.DYNAMIC),
    ):
        engine = Engine(spec, quality=quality)
        for op, response, media in engine.documented_json_responses():
            result = engine.generate(
                op, status=response.status, media_type=media.name, strategy=strategy
            )
            if strategy is Strategy.DYNAMIC and result.problems:
                failures.append(f"{quality} {op.key} {response.status}: {result.problems[0]}")
            if media.source is None or media.schema is None:
                continue
            for problem in judge.errors(media, result.body)[:1]:
                failures.append(f"{quality} {op.key} {response.status} {media.name}: {problem}")
    assert failures == [], "\n".join(failures[:20])
