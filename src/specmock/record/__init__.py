"""Recording real traffic safely, and replaying it exactly.

``exchange`` (the values), ``redact`` (what never reaches a store, cache or log),
``matchers`` (which recording answers a request), ``formats`` (VCR.py cassettes, HAR).
"""
