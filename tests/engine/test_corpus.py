"""Every corpus description loads and every documented JSON response it has is valid.

Validity is judged by openapi-schema-validator with its format checker, against the
schema as written in the original document. Skipped when ../shared is absent.

Two things are accounted for rather than judged, each with its own proof:

- a response whose schema contradicts itself (Cloudflare's ``allOf`` that wants a
  required ``result`` to be an object and an array) has no valid body; specmock reports
  a one-line error naming the keyword and the location, and the number of such
  responses per description may not grow (``CONTRADICTIONS``);
- a response the judge itself cannot evaluate: a schema whose recursion never ends
  (the judge also fails on ``{}``), a ``$ref`` whose pointer passes through another
  ``$ref`` (JSON pointers do not follow references), or a ``pattern`` Python cannot
  compile.
"""

from __future__ import annotations

import re

import pytest

from corpus import CorpusEntry, corpus_entries, requires_corpus
from judge import Judge
from specmock.config import Quality, Strategy
from specmock.engine import Engine
from specmock.errors import GenerationError
from specmock.spec import load

pytestmark = [requires_corpus, pytest.mark.corpus]

ENTRIES = corpus_entries()

#: Responses (over the three quality levels) whose schema has no valid value because the
#: description contradicts itself, per description: a ceiling that may only come down.
CONTRADICTIONS: dict[str, int] = {
    "cloudflare": 2346,
    "pagerduty-rest": 9,
}

_CONTRADICTION = re.compile(r"(?: at #/\S+)?: cannot satisfy '[A-Za-z]+': ")


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_corpus_description_generates_only_valid_bodies(entry: CorpusEntry) -> None:
    spec = load(entry.path)
    judge = Judge(spec)
    failures: list[str] = []
    contradictions = 0
    for quality, strategy in (
        (Quality.BASIC, Strategy.DYNAMIC),
        (Quality.REALISTIC, None),  # chosen by confidence: templates, valid examples
        (Quality.PRODUCTION, Strategy.DYNAMIC),
    ):
        engine = Engine(spec, quality=quality)
        for op, response, media in engine.documented_json_responses():
            where = f"{quality} {op.key} {response.status} {media.name}"
            try:
                result = engine.generate(
                    op, status=response.status, media_type=media.name, strategy=strategy
                )
            except GenerationError as error:
                if _CONTRADICTION.search(str(error)) is None:
                    failures.append(f"{where}: error without keyword and location: {error}")
                contradictions += 1
                continue
            # An invalid example in the description is reported, not a failure; a
            # generated body that fails verification is.
            failures += [f"{where}: {p}" for p in result.problems if "generated body" in p]
            if media.source is None or media.schema is None:
                continue
            verdict, problems = judge.verdict(media, result.body)
            if verdict == "judged":
                failures += [f"{where}: {problem}" for problem in problems[:1]]
    assert failures == [], "\n".join(failures[:20])
    assert contradictions <= CONTRADICTIONS.get(entry.name, 0)
