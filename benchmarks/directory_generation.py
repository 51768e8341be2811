"""Generation over the whole APIs.guru directory: every description loads, every
documented JSON response is generated and judged.

    python benchmarks/directory_generation.py [--per-description 60] [--seconds 1500]

Fetches the directory once (``openapi_directory.py``), then, in a fixed shuffled order,
loads each description, generates up to ``--per-description`` documented JSON responses
of it at the realistic quality (the strategy the engine picks, as serving does) and
judges each body with openapi-schema-validator and its format checker (``tests/judge.py``)
against the schema as written. Prints one line per problem (``CRASH`` for an exception
that is not specmock's reported error, ``INVALID`` for a body the judge rejects) and a
summary: descriptions, responses, reported errors (a description that contradicts
itself), valid, not judgeable (a reason the judge proves), judge failed (it recursed
without end), invalid, crashes. No third-party data is kept.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))

from openapi_directory import fetch  # type: ignore[import-not-found]  # noqa: E402

from judge import Judge  # noqa: E402
from specmock.config import Quality  # noqa: E402
from specmock.engine import Engine  # noqa: E402
from specmock.errors import SpecmockError  # noqa: E402
from specmock.spec import load  # noqa: E402
from specmock.spec.model import MediaType, Spec  # noqa: E402


def judged(judge: Judge, media: MediaType, body: Any) -> tuple[str, str]:
    """The judge's verdict on a body: ``(kind, first problem)``, kind one of ``valid``,
    ``unjudgeable`` (a reason the judge proves), ``judge_failed`` and ``invalid``."""
    if media.source is None or media.schema is None:
        return "valid", ""  # a synthesised schema: nothing as written to judge against
    try:
        verdict, problems = judge.verdict(media, body)
    except (RecursionError, AttributeError, TypeError):
        # the judge recursed without end on a cyclic schema, or met a schema that is no
        # schema (a string in an allOf)
        return "judge_failed", ""
    if verdict == "unjudgeable":
        return "unjudgeable", ""
    return ("invalid", problems[0]) if problems else ("valid", "")


def loaded(
    files: list[Path], api: Path, deadline: float, counts: MutableMapping[str, int]
) -> Iterator[tuple[Path, Spec]]:
    """Each description that loads, by its name under ``api``, until ``deadline``
    (``time.perf_counter()``): a reported error (a description that contradicts itself)
    is passed over, any other exception counted and printed as a ``CRASH``."""
    for path in files:
        if time.perf_counter() > deadline:
            return
        name = path.relative_to(api)
        try:
            spec = load(path)
        except SpecmockError:
            continue  # reported as a one-line error; the corpus tests check those
        except Exception as error:
            counts["crashes"] += 1
            print(f"CRASH load {name}: {error!r}", flush=True)
            continue
        yield name, spec


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-description", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=1500.0, help="stop after this long")
    parser.add_argument("--seed", type=int, default=7, help="the order descriptions are read")
    args = parser.parse_args()
    api = fetch()
    files = sorted(p for p in api.rglob("*") if p.suffix in (".json", ".yaml", ".yml"))
    random.Random(args.seed).shuffle(files)
    counts = dict.fromkeys(
        (
            "descriptions",
            "responses",
            "errors",
            "valid",
            "unjudgeable",
            "judge_failed",
            "invalid",
            "crashes",
        ),
        0,
    )
    started = time.perf_counter()
    for name, spec in loaded(files, api, started + args.seconds, counts):
        counts["descriptions"] += 1
        judge = Judge(spec)
        engine = Engine(spec, quality=Quality.REALISTIC, seed=0)
        for op, response, media in list(engine.documented_json_responses())[: args.per_description]:
            counts["responses"] += 1
            try:
                body = engine.generate(op, status=response.status, media_type=media.name).body
            except SpecmockError:
                counts["errors"] += 1
                continue
            except Exception as error:
                counts["crashes"] += 1
                print(f"CRASH {name} {op.key} {response.status}: {error!r}", flush=True)
                continue
            kind, problem = judged(judge, media, body)
            counts[kind] += 1
            if problem:
                print(f"INVALID {name} {op.key} {response.status}: {problem}", flush=True)
    counts["seconds"] = round(time.perf_counter() - started)
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
