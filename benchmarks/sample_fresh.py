"""Sample corpus operations no fresh set has yet, and render them for labelling by hand.

    python benchmarks/sample_fresh.py OUT_DIR [--per-api 9] [--seed 20261129]
    python benchmarks/sample_fresh.py OUT_DIR --directory [--providers 240] [--per-api 3]

Writes ``OUT_DIR/sample.json`` (api, method, path, operationId, selection) and
``OUT_DIR/sample.md`` (one block per operation: method, path, operationId, tags, summary,
description, parameters, body fields, responses with their success bodies' top-level
fields). Per description: ``--per-api`` operations at random, plus up to 2 "enrichment"
ones whose path or operationId speaks of auth, upload or search. It reads the
descriptions with ``specmock.spec.load`` only, never the recogniser, so the readers who
label the sample see nothing of its output. This is how ``data/fresh3-labels.jsonl`` was
drawn (9 per description, seed 20261129, rendered operations split by description among
three readers, each labelling by ``../shared/patterns/README.md``).

With ``--directory`` it samples the APIs.guru directory instead (see
``openapi_directory.py``): ``--providers`` providers at random, leaving out those of
``../shared/patterns`` and of the corpus and those any ``ext*`` set already holds; one
description of each that loads; ``--per-api`` operations of it plus at most one
enrichment. This is how ``data/ext1-labels.jsonl`` to ``ext5`` were drawn (seeds
20261128, 20261129 and 20261130; the first 150 providers of a draw one set, the rest
another). ``--revisit --keep-unseen ext5`` draws other operations (of any of their
descriptions) of the providers the ext sets hold, less ext5's: ``ext6`` to ``ext15``
(seeds 20261201 to 20261210) were drawn so, unseen operations of APIs whose other
operations were read.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from pathlib import Path
from typing import Any

from openapi_directory import fetch, providers  # type: ignore[import-not-found]

from specmock.errors import SpecmockError
from specmock.spec import load

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1] / "shared" / "corpus"
ENRICH = re.compile(
    r"auth|login|logout|sign.?in|token|oauth|password|passwd|credential|api.?key|upload"
    r"|attachment|multipart|search|query",
    re.I,
)


def _deref(schema: Any, schemas: dict[str, Any]) -> dict[str, Any]:
    for _ in range(10):
        if not (isinstance(schema, dict) and "$ref" in schema):
            break
        schema = schemas.get(schema["$ref"], {})
    return schema if isinstance(schema, dict) else {}


def _type(schema: dict[str, Any]) -> str:
    value = schema.get("type")
    return "/".join(value) if isinstance(value, list) else (value or "")


def shape(schema: Any, schemas: dict[str, Any], depth: int = 0) -> str:
    """A one-line outline of a schema: fields (``*`` = required), types, formats."""
    s = _deref(schema, schemas)
    if depth > 2:
        return "…"
    for key in ("allOf", "oneOf", "anyOf"):
        if key in s and "properties" not in s:
            return f"{key}[" + " | ".join(shape(x, schemas, depth + 1) for x in s[key][:4]) + "]"
    if "items" in s:
        return f"array<{shape(s['items'], schemas, depth + 1)}>"
    props = s.get("properties")
    if not props:
        return (_type(s) or "any") + (f"({s['format']})" if s.get("format") else "")
    required = set(s.get("required", ()))
    parts = []
    for name, sub in list(props.items())[:30]:
        sub_s = _deref(sub, schemas)
        kind = _type(sub_s)
        if "items" in sub_s:
            kind = f"array<{shape(sub_s['items'], schemas, depth + 2) if depth < 1 else '…'}>"
        elif sub_s.get("properties") and depth < 1:
            kind = shape(sub_s, schemas, depth + 1)
        if sub_s.get("format"):
            kind += f"({sub_s['format']})"
        parts.append(f"{name}{'*' if name in required else ''}:{kind}")
    more = f", …+{len(props) - 30}" if len(props) > 30 else ""
    return "{" + ", ".join(parts) + more + "}"


def _clip(text: str, size: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[:size] + "…"


def render(api: str, op: Any, schemas: dict[str, Any]) -> str:
    """What a reader needs to label one operation."""
    lines = [f"### {api} :: {op.method.upper()} {op.path}  [operationId: {op.operation_id}]"]
    if op.tags:
        lines.append(f"tags: {', '.join(op.tags)}")
    if op.summary:
        lines.append(f"summary: {_clip(op.summary, 200)}")
    if op.description:
        lines.append(f"description: {_clip(op.description, 500)}")
    for p in op.parameters:
        star = "*" if p.required else ""
        lines.append(
            f"param {p.location.value} {p.name}{star}: {shape(p.schema, schemas)}"
            f" — {_clip(p.description, 100)}"
        )
    if op.body:
        for media, content in op.body.content.items():
            body = shape(content.schema, schemas) if content.schema else "-"
            lines.append(f"body {media}: {body}")
    for status, response in op.responses.items():
        headers = f" headers: {', '.join(response.headers)}" if response.headers else ""
        if not response.content:
            lines.append(f"response {status}: {_clip(response.description, 80)}{headers}")
        for media, content in response.content.items():
            success = content.schema and str(status).startswith("2")
            body = shape(content.schema, schemas) if success else ""
            lines.append(
                f"response {status} {media}: {_clip(response.description, 80)} {body}{headers}"
            )
    return "\n".join(lines)


def _known_providers() -> set[str]:
    """Providers whose endpoints were seen: the labelled set's and the corpus's vendors'."""
    known = {p.name for p in (CORPUS.parent / "patterns" / "specs").iterdir() if p.is_dir()}
    with (CORPUS / "MANIFEST.tsv").open() as manifest:
        for entry in csv.DictReader(manifest, delimiter="\t"):
            known.add(entry["name"].split("-")[0].lower())
            known.add(entry["repo"].split("/")[0].lower())
    return known


def _directory_sample(
    args: argparse.Namespace, rng: random.Random
) -> list[tuple[str, Any, list[Any]]]:
    """(api, spec, operations) of ``--providers`` providers of the directory: unseen ones,
    or with ``--revisit`` ones the ext sets hold, less those of ``--keep-unseen`` sets,
    offering only operations no set labels."""
    specs = fetch()
    known = _known_providers()
    taken: dict[str, set[str]] = {}  # ext set -> its providers
    labelled = set()
    for labels in sorted(HERE.glob("data/ext*-labels.jsonl")):
        name = labels.name.removesuffix("-labels.jsonl")
        for line in labels.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                taken.setdefault(name, set()).add(row["api"].split("/")[0].removesuffix(".json"))
                labelled.add((row["api"], row["method"], row["path"]))
    found = providers(specs)
    every = set().union(*taken.values()) if taken else set()
    if args.revisit:
        kept = set().union(*(taken.get(name, set()) for name in args.keep_unseen))
        names = sorted(every - kept)
    else:
        names = sorted(
            name
            for name in found
            if name not in every and not (set(re.split(r"[.\-]", name.lower())) & known)
        )
    rng.shuffle(names)
    out: list[tuple[str, Any, list[Any]]] = []
    for name in names:
        if len(out) == args.providers:
            break
        api = rng.choice(found[name])
        try:
            spec = load(str(specs / api))
        except SpecmockError:
            continue
        ops = [op for op in spec.operations if (api, op.method, op.path) not in labelled]
        if ops:
            out.append((api, spec, ops))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-api", type=int, default=9)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--directory", action="store_true", help="sample the APIs.guru one")
    parser.add_argument("--providers", type=int, default=240)
    parser.add_argument(
        "--revisit", action="store_true", help="providers the ext sets hold, other operations"
    )
    parser.add_argument(
        "--keep-unseen", nargs="*", default=[], help="ext sets whose providers --revisit skips"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if args.directory:
        return _write(args, _directory_sample(args, rng), rng, enrich=1)
    seen = set()
    for labels in HERE.glob("data/fresh*-labels.jsonl"):
        for line in labels.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                seen.add((row["api"], row["method"], row["path"]))
    chosen: list[tuple[str, Any, list[Any]]] = []
    with (CORPUS / "MANIFEST.tsv").open() as manifest:
        for entry in csv.DictReader(manifest, delimiter="\t"):
            api = f"{entry['name']}/{entry['entry']}"
            spec = load(str(CORPUS / "specs" / api))
            ops = [op for op in spec.operations if (api, op.method, op.path) not in seen]
            chosen.append((api, spec, ops))
    return _write(args, chosen, rng, enrich=2)


def _write(
    args: argparse.Namespace,
    chosen: list[tuple[str, Any, list[Any]]],
    rng: random.Random,
    *,
    enrich: int,
) -> int:
    """Pick ``--per-api`` operations of each description, plus ``enrich`` enrichment ones,
    and write ``sample.json`` and ``sample.md``."""
    sample: list[dict[str, Any]] = []
    blocks: list[str] = []
    for api, spec, candidates in chosen:
        ops = sorted(candidates, key=lambda op: (op.path, op.method))
        picked = rng.sample(ops, min(args.per_api, len(ops)))
        rest = [
            op
            for op in ops
            if op not in picked and ENRICH.search(f"{op.path} {op.operation_id or ''}")
        ]
        for op in picked + rng.sample(rest, min(enrich, len(rest))):
            selection = "random" if op in picked else "enrichment"
            sample.append(
                {
                    "api": api,
                    "method": op.method,
                    "path": op.path,
                    "operationId": op.operation_id,
                    "selection": selection,
                }
            )
            blocks.append(render(api, op, dict(spec.schemas)) + f"\nselection: {selection}")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "sample.json").write_text(json.dumps(sample, indent=0))
    (args.out / "sample.md").write_text("\n\n".join(blocks))
    print(f"{len(sample)} operations from {len({s['api'] for s in sample})} descriptions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
