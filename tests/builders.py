"""Builders that write tiny descriptions inline, so a test reads top to bottom."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

__all__ = ["json_response", "openapi", "write_spec"]


def write_spec(directory: Path, document: dict[str, object] | str, name: str = "api.yaml") -> Path:
    """Write a description (a dict is dumped as YAML or JSON by ``name``) and return its path."""
    path = directory / name
    if isinstance(document, str):
        path.write_text(document)
    elif name.endswith(".json"):
        path.write_text(json.dumps(document))
    else:
        path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def openapi(
    paths: dict[str, object], *, version: str = "3.1.0", **extra: object
) -> dict[str, object]:
    """A minimal OpenAPI document around ``paths``."""
    return {"openapi": version, "info": {"title": "t", "version": "1"}, "paths": paths, **extra}


def json_response(schema: dict[str, object], **media: object) -> dict[str, object]:
    """A ``200`` response with one ``application/json`` media type."""
    return {
        "200": {"description": "ok", "content": {"application/json": {"schema": schema, **media}}}
    }


def path_param(name: str, schema: dict[str, object] | None = None) -> dict[str, object]:
    """A required path parameter (a string unless ``schema`` says otherwise)."""
    return {"name": name, "in": "path", "required": True, "schema": schema or {"type": "string"}}


def query_param(name: str, kind: str = "integer") -> dict[str, object]:
    """An optional query parameter of one type."""
    return {"name": name, "in": "query", "schema": {"type": kind}}
