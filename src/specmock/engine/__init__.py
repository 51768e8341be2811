"""The engine: turns an operation of a loaded description into a valid answer."""

from specmock.engine.core import Engine, Generated

__all__ = ["Engine", "Generated"]
