"""Load a description and normalise it: Swagger 2.0, OpenAPI 3.0 and 3.1 become one ``Spec``.

Rules:

- Only the structure of the root document is fatal: unreadable or malformed text, no
  ``openapi``/``swagger`` key, an unsupported version, or a ``paths`` that cannot be
  resolved raise ``SpecError``. Anything below (an operation, a response, a media type)
  that is broken is left out and listed in ``Spec.skipped``.
- Version differences end here (see ``schemas.Flavour``); nothing downstream asks which
  version a description was.
- Work is linear in the size of the documents: every document is parsed once and every
  referenced schema is normalised once.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import replace
from typing import Any

from specmock.errors import Location, SpecError
from specmock.spec import openapi3, swagger2
from specmock.spec.context import Context
from specmock.spec.model import Spec
from specmock.spec.parse_cache import ParseCache
from specmock.spec.read import Located, Reader, display, gc_paused, line_of, source_uri
from specmock.spec.schemas import Flavour, Schemas

__all__ = ["load"]

_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?$")


def load(
    source: str | os.PathLike[str],
    *,
    timeout: float = 5.0,
    parse_cache: ParseCache | None = None,
) -> Spec:
    """Read and normalise an API description from a file, a folder or an http(s) URL.

    Args:
        source: a file, a folder holding the root document (``openapi.yaml``, ...), or a URL.
        timeout: seconds to wait for each remote document.
        parse_cache: where large parsed YAML documents are kept between processes
            (``None``: parse every time).

    Example:
        >>> spec = load("tests/data/petstore.yaml")  # doctest: +SKIP
        >>> spec.operation("GET /pets").operation_id  # doctest: +SKIP
        'listPets'

    Raises:
        SpecError: the description cannot be read or is not an API description; the
            message (one line) names the file, the line or pointer, and the problem.
    """
    reader = Reader(timeout=timeout, parse_cache=parse_cache)
    try:
        with gc_paused():
            return _load(source, reader)
    except SpecError as exc:
        raise _with_line(exc, reader) from None


def _with_line(error: SpecError, reader: Reader) -> SpecError:
    """``error`` with the line of its pointer filled in, when a document can tell."""
    where = error.location
    if where is None or where.line is not None or not where.pointer.startswith("#"):
        return error
    for uri, document in reader.documents.items():
        if display(uri) == where.file:
            line = line_of(document.raw, where.pointer[1:])
            if line is not None:
                return type(error)(error.message, location=replace(where, line=line))
    return error


def _load(source: str | os.PathLike[str], reader: Reader) -> Spec:
    root_uri = source_uri(source)
    document = reader.document(root_uri)
    version, flavour = _version(document.data, root_uri)
    root = Located(root_uri, "", document.data)
    ctx = Context(reader, Schemas(reader, flavour, root_uri), root)
    if flavour is Flavour.SWAGGER2:
        operations = ctx.operations(swagger2.operation)
        servers = swagger2.servers(document.data)
        schemes = document.data.get("securityDefinitions")
    else:
        operations = ctx.operations(openapi3.operation)
        servers = openapi3.servers(document.data)
        schemes = _security_schemes(ctx)
    base_paths = tuple(dict.fromkeys(openapi3.base_path(url) for url in servers)) or ("",)
    info = document.data.get("info")
    info = info if isinstance(info, dict) else {}
    digest = hashlib.sha256()
    for uri in sorted(reader.documents):
        digest.update(reader.documents[uri].raw)
    return Spec(
        source=os.fspath(source),
        version=version,
        title=str(info.get("title", "")),
        api_version=str(info.get("version", "")),
        servers=servers,
        base_paths=base_paths,
        operations=tuple(operations),
        schemas=ctx.schemas.usable,
        documents={uri: doc.data for uri, doc in reader.documents.items()},
        digest=digest.hexdigest(),
        skipped=tuple(ctx.skipped),
        security_schemes=(
            {str(k): v for k, v in schemes.items() if isinstance(v, dict)}
            if isinstance(schemes, dict)
            else {}
        ),
    )


def _version(data: Any, uri: str) -> tuple[str, Flavour]:
    """The version as written and its flavour; a ``SpecError`` for anything unsupported."""
    where = Location(display(uri))
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise SpecError(
            f"not an API description: the document is {kind}, not a mapping", location=where
        )
    if "openapi" in data:
        key, supported = "openapi", {(3, 0): Flavour.OPENAPI30, (3, 1): Flavour.OPENAPI31}
    elif "swagger" in data:
        key, supported = "swagger", {(2, 0): Flavour.SWAGGER2}
    else:
        raise SpecError(
            "not an API description: no top-level 'openapi' or 'swagger' key", location=where
        )
    version = str(data[key])
    match = _VERSION.match(version)
    flavour = supported.get((int(match[1]), int(match[2]))) if match else None
    if flavour is None:
        known = "3.0.x and 3.1.x" if key == "openapi" else "2.0"
        raise SpecError(
            f"unsupported {key} version {version!r} (supported: {known})", location=where
        )
    return version, flavour


def _security_schemes(ctx: Context) -> dict[str, Any]:
    """``components.securitySchemes`` with ``$ref``s followed; a broken one is skipped."""
    try:
        components = ctx.member(ctx.root, "components", "components")
        listed = (
            ctx.member(components, "securitySchemes", "securitySchemes") if components else None
        )
    except SpecError as exc:
        ctx.skip("#/components/securitySchemes", exc)
        return {}
    found: dict[str, Any] = {}
    for name, written in listed.items() if listed is not None else ():
        try:
            found[name] = ctx.follow(written).value
        except SpecError as exc:
            ctx.skip(f"#/components/securitySchemes/{name}", exc)
    return found
