"""Generate a pytest suite from an API description (``specmock testgen``).

One test module per tag (or resource), a test per operation that calls it with valid
input through the plugin's ``smart_mock_client`` and checks the answer with
``specmock_validate``; pre-generated answers in ``fixtures/`` with a test of their
structure; response-time tests; a ``conftest.py`` naming the description. The suite
passes against the mock and runs against a live API as a contract test
(``MOCK_MODE=disabled SPECMOCK_BASE_URL=...``).

Example:
    >>> from specmock.testgen import generate_tests
    >>> generate_tests("examples/petstore.yaml", "tests/api").tests  # doctest: +SKIP
    30
"""

from specmock.testgen.plan import Case, Suite, plan_suite
from specmock.testgen.webhook import WebhookEvent, changed_operations, generate_tests_from_webhook
from specmock.testgen.write import Report, TestgenError, generate_tests

__all__ = [
    "Case",
    "Report",
    "Suite",
    "TestgenError",
    "WebhookEvent",
    "changed_operations",
    "generate_tests",
    "generate_tests_from_webhook",
    "plan_suite",
]
