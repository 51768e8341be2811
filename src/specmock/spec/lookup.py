"""Find an operation by name: its ``operationId`` or ``"METHOD /path"``.

Rules: an exact ``operationId`` wins; otherwise ``"METHOD /path"`` with the method in
any case and the path template exactly as written. A miss raises ``OperationNotFound``
whose one-line message lists the nearest names (difflib), so a typo explains itself.
"""

from __future__ import annotations

import difflib

from specmock.errors import OperationNotFound
from specmock.spec.model import Operation, Spec

__all__ = ["find_operation"]


def find_operation(spec: Spec, name: str) -> Operation:
    """The operation called ``name`` (an operationId or ``"GET /pets/{id}"``).

    Example:
        >>> find_operation(spec, "get /pets/{id}").operation_id  # doctest: +SKIP
        'showPetById'

    Raises:
        OperationNotFound: naming up to three nearest operations.
    """
    for op in spec.operations:
        if op.operation_id == name:
            return op
    method, _, path = name.strip().partition(" ")
    key = f"{method.upper()} {path.strip()}"
    for op in spec.operations:
        if op.key == key:
            return op
    names = [op.operation_id for op in spec.operations if op.operation_id]
    names += [op.key for op in spec.operations]
    nearest = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    if not nearest and path:
        nearest = difflib.get_close_matches(key, names, n=3, cutoff=0.5)
    if nearest:
        hint = "nearest: " + ", ".join(repr(n) for n in nearest)
    elif spec.operations:
        hint = f"none close among {len(spec.operations)} operations"
    else:
        hint = "the description has no operations"
    title = f" in {spec.title!r}" if spec.title else ""
    raise OperationNotFound(f"no operation {name!r}{title}; {hint}")
