"""Read an API description (Swagger 2.0, OpenAPI 3.0 or 3.1) into one normalised ``Spec``.

Example:
    >>> from specmock.spec import load
    >>> spec = load("openapi.yaml")  # doctest: +SKIP
    >>> spec.operation("GET /pets/{id}").responses["200"].content  # doctest: +SKIP
"""

from specmock.spec.lookup import find_operation
from specmock.spec.model import (
    Body,
    Header,
    MediaType,
    Operation,
    Parameter,
    ParamLocation,
    ResponseSpec,
    Schema,
    Skipped,
    Spec,
)
from specmock.spec.normalize import load

__all__ = [
    "Body",
    "Header",
    "MediaType",
    "Operation",
    "ParamLocation",
    "Parameter",
    "ResponseSpec",
    "Schema",
    "Skipped",
    "Spec",
    "find_operation",
    "load",
]
