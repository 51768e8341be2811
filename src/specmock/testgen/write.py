"""Writing a suite into a folder: only what changed, never a file a person took over.

Rules:

- A file is written only when its text differs from what is there, so a second run
  leaves every byte and modification time as it was.
- A file without the generated marker (its header line, or a fixture's
  ``"_generated_by"`` key) is a person's: it is left alone and reported as ``kept``.
- Generated files the plan no longer has (a removed operation, an emptied module) are
  deleted; only generated files are ever deleted.
- ``modules`` limits a run to some test modules (and the fixtures of their operations):
  every other file stays byte-identical. The webhook uses this.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from specmock.errors import SpecmockError
from specmock.spec import Spec, load
from specmock.spec.model import Operation
from specmock.testgen.plan import Case, Suite, module_of, plan_suite
from specmock.testgen.render import (
    MARKER,
    fixture_text,
    header,
    render_conftest,
    render_module,
    render_performance,
    render_structure,
)

__all__ = ["Report", "TestgenError", "generate_tests", "is_generated", "suite_files"]

CONFTEST = "conftest.py"
STRUCTURE = "test_mock_structure.py"
PERFORMANCE = "test_performance.py"
FIXTURES = "fixtures"


class TestgenError(SpecmockError, ValueError):
    """A suite cannot be generated (bad output folder, bad webhook event)."""

    __test__ = False  # not a pytest test class, whatever its name says


@dataclass(frozen=True, slots=True)
class Report:
    """What a run did, file by file (paths relative to the output folder).

    Attributes:
        written: files created or changed.
        unchanged: generated files whose text was already right.
        removed: generated files of operations or modules that no longer exist.
        kept: files without the generated marker, left alone (hand edits).
        tests: test items the suite collects (one per operation, fixture and timing).
        skipped: ``"GET /x: reason"`` for each operation whose test is skipped.
        xfailed: ``"GET /x: reason"`` for each test expected to fail against the mock.
        operations: the operations whose tests were (re)generated.
    """

    out_dir: str
    written: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    tests: int = 0
    skipped: tuple[str, ...] = ()
    xfailed: tuple[str, ...] = ()
    operations: tuple[str, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        """The report as plain JSON (``specmock testgen --json``)."""
        return {
            "out_dir": self.out_dir,
            "written": list(self.written),
            "unchanged": list(self.unchanged),
            "removed": list(self.removed),
            "kept": list(self.kept),
            "tests": self.tests,
            "skipped": list(self.skipped),
            "xfailed": list(self.xfailed),
            "operations": list(self.operations),
        }


def is_generated(path: Path) -> bool:
    """True when ``path`` still carries the generated marker (so it may be rewritten)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if path.suffix == ".json":
        try:
            document = json.loads(text)
        except ValueError:
            return False
        return isinstance(document, dict) and MARKER in str(document.get("_generated_by", ""))
    return text.startswith(f"# {MARKER}")


def generate_tests(
    spec: str | PathLike[str] | Spec,
    out_dir: str | PathLike[str],
    *,
    seed: int = 0,
    modules: Collection[str] | None = None,
    progress: Callable[[Operation], None] | None = None,
) -> Report:
    """Write (or bring up to date) the pytest suite of a description in ``out_dir``.

    Args:
        spec: the description (a path or URL, or an already loaded ``Spec``).
        out_dir: the suite's folder, created when missing.
        seed: varies the generated values; the same seed gives byte-identical files.
        modules: only these test modules (names without ``test_``/``.py``) and their
            operations' fixtures are written; ``None`` writes the whole suite.
        progress: called once per operation planned (for a progress bar).

    Example:
        >>> report = generate_tests("examples/petstore.yaml", "tests/api")  # doctest: +SKIP
        >>> report.tests, len(report.written)  # doctest: +SKIP
        (30, 24)

    Raises:
        SpecError: the description cannot be read.
        TestgenError: ``out_dir`` is not a folder.
    """
    loaded = spec if isinstance(spec, Spec) else load(spec)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise TestgenError(f"{out} is not a folder; give -o a folder for the suite")
    selected = None if modules is None else frozenset(modules)
    only = None
    if selected is not None:
        only = frozenset(op.key for op in loaded.operations if module_of(op) in selected)
    timing = only is None
    if selected is not None and only is not None and _performance_touched(out, loaded, only):
        only |= {op.key for op in loaded.operations if op.method == "get"}
        timing = True
    suite = plan_suite(loaded, seed=seed, only=only, progress=progress)
    files = suite_files(loaded, suite, out, seed=seed, modules=selected, timing=timing)
    return _write(out, files, suite, selected, only)


def _performance_touched(out: Path, spec: Spec, only: frozenset[str]) -> bool:
    """True when the timing module is missing, times a given operation or a removed one."""
    path = out / PERFORMANCE
    if not path.exists():
        return True
    text = path.read_text(encoding="utf-8", errors="replace")
    timed = set(re.findall(r'"""([A-Z]+ \S+) answers within the budget', text))
    known = {op.key for op in spec.operations}
    return bool(timed & only) or bool(timed - known)


def suite_files(
    spec: Spec,
    suite: Suite,
    out: Path,
    *,
    seed: int = 0,
    modules: frozenset[str] | None = None,
    timing: bool = True,
) -> dict[str, str]:
    """Every file of the suite (or of the selected modules): relative path -> text."""
    root = _project_root(out)
    shown_spec, spec_ref, is_url = _spec_names(spec.source, out, root)
    shown_out = _shown(out.resolve(), root)
    command = f"specmock testgen {shown_spec} -o {shown_out}"
    if seed:
        command += f" --seed {seed}"
    head = header(shown_spec, command)
    files: dict[str, str] = {}
    if modules is None:
        files[CONFTEST] = render_conftest(head, spec_ref, is_url=is_url, out_hint=shown_out)
        files[STRUCTURE] = render_structure(head)
    if timing:
        files[PERFORMANCE] = render_performance(head, suite.performance)
    for module, cases in suite.modules().items():
        if modules is not None and module not in modules:
            continue
        files[f"test_{module}.py"] = render_module(head, module, cases)
        for case in cases:
            if case.fixture is not None:
                files[f"{FIXTURES}/{case.name}.json"] = fixture_text(shown_spec, case, case.fixture)
    return files


def _write(
    out: Path,
    files: Mapping[str, str],
    suite: Suite,
    modules: frozenset[str] | None,
    only: frozenset[str] | None,
) -> Report:
    written: list[str] = []
    unchanged: list[str] = []
    kept: list[str] = []
    removed: list[str] = []
    for name in sorted(files):
        path = out / name
        text = files[name]
        if path.exists():
            if not is_generated(path):
                kept.append(name)
                continue
            if path.read_bytes() == text.encode("utf-8"):
                unchanged.append(name)
                continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        written.append(name)
    for name in _stale(out, files, suite, modules):
        (out / name).unlink()
        removed.append(name)
    planned = [c for c in suite.cases if only is None or c.operation in only]
    in_scope = [c for c in planned if modules is None or c.module in modules]
    fixtures = sum(1 for c in suite.cases if c.fixture is not None)
    return Report(
        out_dir=str(out),
        written=tuple(written),
        unchanged=tuple(unchanged),
        removed=tuple(removed),
        kept=tuple(kept),
        tests=len(suite.cases) + len(suite.performance) + fixtures + 1,
        skipped=tuple(f"{c.operation}: {c.skip}" for c in in_scope if c.skip),
        xfailed=tuple(f"{c.operation}: {c.xfail}" for c in in_scope if c.xfail),
        operations=tuple(c.operation for c in in_scope),
    )


def _stale(
    out: Path, files: Mapping[str, str], suite: Suite, modules: frozenset[str] | None
) -> list[str]:
    """Generated files the plan no longer has, within the run's scope."""
    if not out.is_dir():
        return []
    candidates: list[str] = [p.name for p in sorted(out.glob("test_*.py"))]
    candidates += [f"{FIXTURES}/{p.name}" for p in sorted((out / FIXTURES).glob("*.json"))]
    stale: list[str] = []
    mine = {c.name for c in suite.cases if modules is None or c.module in modules}
    for name in candidates:
        if name in files or name in (STRUCTURE, PERFORMANCE) or not is_generated(out / name):
            continue
        if modules is not None:
            if name.startswith(f"{FIXTURES}/"):
                # Another module's fixture stays unless its operation is gone altogether.
                stem = name.removeprefix(f"{FIXTURES}/").removesuffix(".json")
                if stem in {c.name for c in suite.cases} and stem not in mine:
                    continue
                if not _fixture_gone(out / name, suite, modules):
                    continue
            elif name.removeprefix("test_").removesuffix(".py") not in modules:
                continue
        stale.append(name)
    return stale


def _fixture_gone(path: Path, suite: Suite, modules: frozenset[str]) -> bool:
    """True when a fixture's operation was removed or now belongs to a selected module."""
    try:
        operation = json.loads(path.read_text(encoding="utf-8")).get("operation")
    except (OSError, ValueError, AttributeError):
        return False
    case = next((c for c in suite.cases if c.operation == operation), None)
    return case is None or case.module in modules


def _project_root(out: Path) -> Path:
    """The folder names are shown from: the nearest project root above ``out``, else cwd."""
    start = out.resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").exists() or (folder / ".git").exists():
            return folder
    return Path.cwd().resolve()


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return path.as_posix()


def _spec_names(source: str, out: Path, root: Path) -> tuple[str, str, bool]:
    """(shown name, reference from the suite's folder, is a URL) of the description."""
    if source.startswith(("http://", "https://")):
        return source, source, True
    path = Path(source.removeprefix("file://")).resolve()
    target = out.resolve()
    if os.path.commonpath([path, target]) == target.anchor:
        return _shown(path, root), path.as_posix(), False  # nothing in common: absolute
    relative = Path(os.path.relpath(path, target)).as_posix()
    return _shown(path, root), relative, False


def case_of(suite: Suite, operation: str) -> Case | None:
    """The planned case of an operation key, if the description has it."""
    return next((c for c in suite.cases if c.operation == operation), None)
