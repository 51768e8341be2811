"""Schema compilation: normalised schemas become generators and validators, once.

``Compiler(registry, quality, direction).compile(schema, name)`` returns
``gen(rng) -> JSON value`` (always valid for the schema); ``compile_validator(schema,
registry)`` returns a memoised :class:`Validator` backed by ``jsonschema_rs``.
"""

from __future__ import annotations

from specmock.schema.compile import BUILDERS, Compiler
from specmock.schema.formats import FORMATS
from specmock.schema.semantics import PROVIDERS
from specmock.schema.validate import Direction, Validator, Violation, compile_validator

__all__ = [
    "BUILDERS",
    "FORMATS",
    "PROVIDERS",
    "Compiler",
    "Direction",
    "Validator",
    "Violation",
    "compile_validator",
]
