"""``python -m specmock``: the same as the ``specmock`` command."""

from specmock.cli import main

main()
