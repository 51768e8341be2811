"""Logging: structlog over the standard library, JSON in production, readable in development.

Rules:

- specmock's modules log through ``logging.getLogger("specmock....")``; :func:`configure`
  routes those records through structlog's ``ProcessorFormatter``: one JSON object per
  line for ``staging``, ``integration`` and ``production``, a readable console line for
  ``development`` and ``testing``. Libraries keep their own loggers and levels.
- ``debug`` (``--debug`` or ``MOCK_DEBUG=1``) turns on the per-request trace of the
  server (``specmock.trace``): the operation, the pattern match (pattern, confidence,
  evidence), the strategy, the cache outcome and where the answer came from.
- Nothing is logged that recording would have redacted: the trace logs the operation
  template and path parameters' names, never bodies, headers or query values.
- Called once per entry point (``specmock serve``); libraries embedding specmock keep
  their own logging untouched.
"""

from __future__ import annotations

import logging
import sys

import structlog

from specmock.config import Environment

__all__ = ["JSON_ENVIRONMENTS", "TRACE", "configure"]

#: Environments whose logs are machine-read: one JSON object per line.
JSON_ENVIRONMENTS = frozenset(
    {Environment.STAGING, Environment.INTEGRATION, Environment.PRODUCTION}
)


def configure(environment: Environment, *, debug: bool = False) -> None:
    """Route specmock's logs through structlog on stderr.

    Example:
        >>> configure(Environment.PRODUCTION)
        >>> logging.getLogger("specmock.http").handlers[0].formatter is not None
        True
    """
    shared: list[structlog.typing.Processor] = [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),  # a record's extra fields become event keys
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if environment in JSON_ENVIRONMENTS
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        foreign_pre_chain=shared,
    )
    handler = logging.StreamHandler()
    handler.setFormatter(formatter)
    logger = logging.getLogger("specmock")
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


#: The per-request trace's logger (records at DEBUG, fields in ``extra``).
TRACE = logging.getLogger("specmock.trace")
