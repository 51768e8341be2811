"""The engine: the one place where an operation's documented response becomes a body.

Rules: everything it produces is valid against the description or says why not. It
chooses the response (lowest documented 2xx unless asked), the media type (JSON first),
and the strategy (the description's own example when it is valid, else a generated
value). Generated values are verified by a compiled validator and regenerated with a
derived seed within a small budget; a value that still fails is returned with the
failing keyword and location in ``Generated.problems``. Compilers and validators are
built once per schema and kept for the engine's life.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from os import PathLike
from random import Random
from typing import Any

from specmock.config import Quality, Strategy
from specmock.engine.seeding import rng_for
from specmock.engine.templates import ParentField, Plan, Template, item_parents, plan_for
from specmock.errors import GenerationError, Location, OperationNotFound
from specmock.models import Inputs, Request, Response
from specmock.patterns import PatternMatch, recognise, strategy_for
from specmock.patterns.vocabulary import singular
from specmock.schema import Compiler, Direction, Validator, Violation, compile_validator
from specmock.spec import Spec, load
from specmock.spec.model import MediaType, Operation, Parameter, ParamLocation, ResponseSpec, Schema
from specmock.spec.read import display as display_uri
from specmock.tracing import span

__all__ = ["Engine", "Generated"]

#: How many derived seeds are tried before an invalid value is reported.
VERIFY_BUDGET = 3
#: A path that lists a collection under a parent: ``/owners/{ownerId}/pets``.
_NESTED_LISTING = re.compile(r"\{[^{}/]+\}/[^{}/]+/?$")


@dataclass(frozen=True, slots=True)
class Generated:
    """One generated answer for an operation's documented response."""

    operation: Operation
    status: str
    media_type: str | None
    body: Any
    source: str  # "example" (the description's own) or "generated"
    example_name: str | None = None
    strategy: Strategy | None = None
    patterns: tuple[PatternMatch, ...] = ()
    problems: tuple[str, ...] = ()


class Engine:
    """Generates valid answers for the operations of one description.

    Example:
        >>> engine = Engine.from_source("examples/petstore.yaml")  # doctest: +SKIP
        >>> engine.generate("GET /pets/{petId}").body["id"]  # doctest: +SKIP
        1
    """

    def __init__(
        self,
        spec: Spec,
        *,
        quality: Quality = Quality.REALISTIC,
        seed: int = 0,
        verify: bool = True,
    ) -> None:
        self.spec = spec
        self.quality = quality
        self.seed = seed
        self.verify = verify
        # 3.1 leaves readOnly/writeOnly to JSON Schema, where ``required`` still holds.
        self._required_hidden = spec.version.startswith("3.1")
        self._compilers: dict[tuple[Quality, Direction], Compiler] = {}
        self._example_checks: dict[tuple[int, str], str | None] = {}
        self._patterns: dict[str, tuple[PatternMatch, ...]] = {}
        self._plans: dict[tuple[str, int], Plan | None] = {}
        self._items_read: dict[str, Operation] | None = None
        self._reader_index: dict[str, tuple[Operation, MediaType]] | None = None
        self._scopes: dict[str, tuple[ParentField, ...]] | None = None
        self._templates: dict[tuple[str, int, Quality, int, int], Template | None] = {}

    @classmethod
    def from_source(cls, source: str | PathLike[str], **options: Any) -> Engine:
        """Load a description (file, folder or URL) and build an engine for it."""
        return cls(load(source), **options)

    # -- choosing what to answer -------------------------------------------------------

    def operation(self, name: str | Operation) -> Operation:
        """The operation named by operationId or ``"METHOD /path"``."""
        return name if isinstance(name, Operation) else self.spec.operation(name)

    @staticmethod
    def default_status(operation: Operation) -> str:
        """The lowest documented 2xx status, else ``default``, else the first documented."""
        success = sorted(s for s in operation.responses if s[:1] == "2")
        if success:
            exact = [s for s in success if s.isdigit()]
            return exact[0] if exact else success[0]
        if "default" in operation.responses:
            return "default"
        if operation.responses:
            return next(iter(operation.responses))
        raise OperationNotFound(f"{operation.key} documents no responses")

    @staticmethod
    def choose_media(response: ResponseSpec, wanted: str | None = None) -> MediaType | None:
        """The media type to answer with: ``wanted`` if documented, else JSON first."""
        if not response.content:
            return None
        if wanted is not None:
            media = response.content.get(wanted)
            if media is None:
                documented = ", ".join(response.content) or "none"
                raise OperationNotFound(
                    f"media type {wanted!r} is not documented for status {response.status} "
                    f"(documented: {documented})"
                )
            return media
        return next(response.json_media(), None) or next(iter(response.content.values()))

    def respond(self, request: Request) -> Response:
        """Answer an HTTP request (route, validate, generate); see ``engine/respond.py``."""
        from specmock.engine.respond import respond

        return respond(self, request)

    # -- generating ----------------------------------------------------------------------

    def generate(
        self,
        operation: str | Operation,
        *,
        status: str | None = None,
        media_type: str | None = None,
        quality: Quality | None = None,
        seed: int | None = None,
        strategy: Strategy | None = None,
        index: int = 0,
        inputs: Inputs | None = None,
    ) -> Generated:
        """Generate the body of one documented response.

        Args:
            operation: the operation, or its operationId or ``"METHOD /path"``.
            status: the documented status as written (``"200"``, ``"4XX"``, ``"default"``);
                the lowest 2xx when omitted.
            media_type: a documented media type; JSON first when omitted.
            quality: overrides the engine's quality level.
            seed: overrides the engine's seed.
            strategy: ``STATIC`` prefers the description's examples, ``DYNAMIC`` always
                generates from the schema, ``TEMPLATE``/``INTELLIGENT`` shape the answer
                by the recognised pattern and the request; ``None`` chooses by the
                pattern's confidence (see :meth:`choose_strategy`).
            index: the n-th of several bodies for the same response (``--count``).
            inputs: the request's parameters and body, so the answer agrees with them.

        Raises:
            OperationNotFound: the operation, status or media type is not documented.
            GenerationError: the schema cannot be satisfied.
        """
        op = self.operation(operation)
        with span("specmock.engine.generate", operation=op.key, status=status):
            return self._generate(op, status, media_type, quality, seed, strategy, index, inputs)

    def _generate(
        self,
        op: Operation,
        status: str | None,
        media_type: str | None,
        quality: Quality | None,
        seed: int | None,
        strategy: Strategy | None,
        index: int,
        inputs: Inputs | None,
    ) -> Generated:
        code = status if status is not None else self.default_status(op)
        response = op.responses.get(code)
        if response is None:
            documented = ", ".join(op.responses) or "none"
            raise OperationNotFound(
                f"status {code} is not documented for {op.key} (documented: {documented})"
            )
        media = self.choose_media(response, media_type)
        matches = self.patterns(op)
        if media is None or (media.schema is None and not media.examples):
            name = media.name if media else None
            return Generated(op, code, name, None, "generated", patterns=matches)

        chosen = strategy or self.choose_strategy(op, code, media)
        problems: list[str] = []
        if chosen is Strategy.STATIC:
            name, problem = self._first_valid_example(media)
            if name is not None:
                body = media.examples[name]
                return Generated(op, code, media.name, body, "example", name, chosen, matches)
            if problem:
                problems.append(problem)
            chosen = Strategy.DYNAMIC
        if media.schema is None:
            # Examples exist but none is usable and there is nothing to generate from.
            return Generated(
                op, code, media.name, None, "generated", None, chosen, matches, tuple(problems)
            )

        level = quality or self.quality
        use_seed = self.seed if seed is None else seed
        where = (self.spec.digest, op.key, code, media.name, level, use_seed, index)
        template = (
            self._template(op, media, level, use_seed, index)
            if chosen in (Strategy.TEMPLATE, Strategy.INTELLIGENT)
            else None
        )
        if template is None:
            value = self._verified_value(media, level, where, problems)
        else:
            try:
                value = template.shape(
                    lambda: self._verified_value(media, level, where, []), op, inputs or Inputs()
                )
                shaped = not self.verify or self._validator(media).is_valid(value)
            except GenerationError:
                # An item the template must make cannot be (an enum of strings under an
                # integer type): the plain answer may still exist (an empty list).
                shaped = False
            if not shaped:
                # The template could not be applied validly: the plain answer stands.
                value = self._verified_value(media, level, where, problems)
        return Generated(
            op, code, media.name, value, "generated", None, chosen, matches, tuple(problems)
        )

    def choose_strategy(self, op: Operation, status: str, media: MediaType) -> Strategy:
        """The strategy by confidence, as in the brief.

        A recognised pattern at >= 0.9 gives ``TEMPLATE``, 0.7-0.9 ``INTELLIGENT`` (both
        shape success answers, ``default`` too when no 2xx is documented, by the pattern
        and the request) when the response has a
        shape the pattern's template knows; otherwise the description's own valid
        examples (``STATIC``) when it has some, else ``DYNAMIC``.
        """
        banded = strategy_for(self.patterns(op))
        # "default" is the success when no 2xx is documented (it is answered as 200)
        success = status[:1] == "2" or (
            status == "default" and not any(s[:1] == "2" for s in op.responses)
        )
        if banded is not Strategy.DYNAMIC and success and self.plan(op, media):
            return banded
        return Strategy.STATIC if media.examples else Strategy.DYNAMIC

    def plan(self, op: Operation, media: MediaType) -> Plan | None:
        """Where a pattern template finds entities, ids and paging fields (computed once)."""
        key = (op.key, id(media))
        if key not in self._plans:
            self._plans[key] = plan_for(
                op, media, self.patterns(op), self.spec.schemas, self._item_param(op)
            )
        return self._plans[key]

    def _item_param(self, op: Operation) -> Parameter | None:
        """The path parameter a collection's items are read by: ``Sid`` of a read
        ``GET /v1/Faxes/{Sid}`` beside ``GET /v1/Faxes`` (or ``POST /v1/Faxes``); for a
        collection under a parent with no read beside it, the read of the one path of no
        parameters ending in the same noun (``note_id`` of ``GET /notes/{note_id}`` for
        ``POST /contacts/{id}/notes``), so the ids it hands out can be read there."""
        if self._items_read is None:
            self._items_read = {}
            for other in self.spec.operations:
                head, _, last = other.path.rstrip("/").rpartition("/")
                if other.method == "get" and re.fullmatch(r"\{[^{}]+\}", last):
                    self._items_read.setdefault(head, other)
        path = op.path.rstrip("/")
        read = self._items_read.get(path)
        if read is None and "{" in path:
            noun = "/" + path.rpartition("/")[2]
            flat = [h for h in self._items_read if h.endswith(noun) and "{" not in h]
            read = self._items_read[flat[0]] if len(flat) == 1 else None
        if read is None or read is op:
            return None
        crud = next((m for m in self.patterns(read) if m.name == "crud" and m.recognised), None)
        if crud is None or crud.detail != "read":
            return None
        name = crud.params.get("id_param")
        path = ParamLocation.PATH
        return next((p for p in read.parameters if p.name == name and p.location is path), None)

    def template(
        self,
        op: Operation,
        media: MediaType,
        *,
        quality: Quality | None = None,
        seed: int | None = None,
    ) -> Template | None:
        """The pattern template of one response (``None`` when it has no plan)."""
        level = quality or self.quality
        return self._template(op, media, level, self.seed if seed is None else seed, 0)

    def validator(self, media_or_schema: MediaType | Schema) -> Validator:
        """The validator answers are verified with: a media type's schema, or any schema."""
        if isinstance(media_or_schema, MediaType):
            return self._validator(media_or_schema)
        return compile_validator(media_or_schema, self.spec.schemas, self._response_direction)

    def patterns(self, operation: str | Operation) -> tuple[PatternMatch, ...]:
        """The recognised patterns of an operation, best first (computed once)."""
        op = self.operation(operation)
        found = self._patterns.get(op.key)
        if found is None:
            found = recognise(op, self.spec.schemas)
            self._patterns[op.key] = found
        return found

    def _id_sequence(
        self, stem: str, quality: Quality, seed: int, index: int
    ) -> Callable[[int], Any] | None:
        """The ids of the collection a field stem names (``owner`` -> ``GET /owners/{id}``)."""
        readers = self._readers()
        op_media = readers.get(stem.lower())
        if op_media is None:
            return None
        op, media = op_media
        template = self._template(op, media, quality, seed, index)
        return template.id_at if template is not None else None

    def _scope(self, kind: str) -> tuple[ParentField, ...]:
        """Where items of a kind name the parent that scopes their ids: the fields naming
        the nearest parent of the first listing of that kind under a parent's path
        (``owner_id`` of ``GET /owners/{ownerId}/pets``); none where it has no such one."""
        if self._scopes is None:
            index: dict[str, tuple[ParentField, ...]] = {}
            for op in self.spec.operations:
                if op.method != "get" or not _NESTED_LISTING.search(op.path):
                    continue
                media = self._success_json(op)
                plan = self.plan(op, media) if media is not None else None
                if plan is None or not plan.lists or plan.entity_type in index:
                    continue
                parents = item_parents(op, plan, self.spec.schemas)
                if parents:
                    nearest = parents[-1].param
                    index[plan.entity_type] = tuple(p for p in parents if p.param == nearest)
            self._scopes = index
        return self._scopes.get(kind, ())

    def _readers(self) -> dict[str, tuple[Operation, MediaType]]:
        """Each collection's read operation, by the singular of its resource name."""
        if self._reader_index is None:
            index: dict[str, tuple[Operation, MediaType]] = {}
            for op in self.spec.operations:
                crud = next((m for m in self.patterns(op) if m.name == "crud"), None)
                if crud is None or crud.detail != "read" or "id_param" not in crud.params:
                    continue
                media = self._success_json(op)
                resource = singular(crud.params.get("resource", "").lower())
                if media is not None and resource:
                    index.setdefault(resource, (op, media))
            self._reader_index = index
        return self._reader_index

    def _success_json(self, op: Operation) -> MediaType | None:
        try:
            response = op.responses[self.default_status(op)]
        except OperationNotFound:
            return None
        return next(response.json_media(), None)

    def _verified_value(
        self, media: MediaType, quality: Quality, where: tuple[object, ...], problems: list[str]
    ) -> Any:
        """A generated value, verified and regenerated with derived seeds within the budget."""
        value: Any = None
        violations: list[Violation] = []
        for attempt in range(VERIFY_BUDGET if self.verify else 1):
            value = self._generate_value(media, quality, rng_for(*where, attempt))
            if not self.verify:
                return value
            violations = self._validator(media).errors(value)
            if not violations:
                return value
        first = violations[0]
        problems.append(
            f"generated body fails '{first.keyword}' at {first.instance_path or '/'} "
            f"(schema {first.schema_path}): {first.message}"
        )
        return value

    def _template(
        self, op: Operation, media: MediaType, quality: Quality, seed: int, index: int
    ) -> Template | None:
        """The template of one response in one world (a world is quality, seed, index)."""
        key = (op.key, id(media), quality, seed, index)
        if key in self._templates:
            return self._templates[key]
        template: Template | None = None
        plan = self.plan(op, media)
        if plan is not None and media.schema is not None:
            compilers = self._compiler
            registry = self.spec.schemas

            def generate(schema: Schema, name: str | None, rng: Random, keyed: str | None) -> Any:
                return compilers(quality, Direction.RESPONSE).compile(schema, name)(rng, keyed)

            direction = self._response_direction

            def check(schema: Schema, value: Any) -> bool:
                return compile_validator(schema, registry, direction).is_valid(value)

            template = Template(
                plan,
                media.schema,
                registry,
                generate=generate,
                check=check,
                world=(self.spec.digest, quality, seed, index),
                related=lambda stem: self._id_sequence(stem, quality, seed, index),
                scope=lambda: self._scope(plan.entity_type),
            )
        self._templates[key] = template
        return template

    def documented_json_responses(self) -> Iterator[tuple[Operation, ResponseSpec, MediaType]]:
        """Every (operation, response, JSON media type) the description documents."""
        for op in self.spec.operations:
            for response in op.responses.values():
                for media in response.json_media():
                    yield op, response, media

    def _generate_value(self, media: MediaType, quality: Quality, rng: Random) -> Any:
        """One value for the media type's schema; errors name where the schema is."""
        assert media.schema is not None
        compiler = self._compiler(quality, Direction.RESPONSE)
        try:
            return compiler.compile(media.schema, source=media.source or "")(rng)
        except GenerationError as error:
            # Name the file as a path, and fall back to the media type's own place.
            where = error.location
            if where is not None and where.file:
                location = Location(display_uri(where.file), where.line, where.pointer)
            elif media.source is not None:
                file, _, pointer = media.source.partition("#")
                location = Location(file=display_uri(file), pointer="#" + pointer)
            else:
                raise
            raise GenerationError(error.message, location=location) from error

    # -- memoised pieces -----------------------------------------------------------------

    @property
    def _response_direction(self) -> Direction | None:
        """How answers are verified: 3.0/2.0 do not require writeOnly fields in responses."""
        return None if self._required_hidden else Direction.RESPONSE

    def _compiler(self, quality: Quality, direction: Direction) -> Compiler:
        key = (quality, direction)
        compiler = self._compilers.get(key)
        if compiler is None:
            compiler = Compiler(
                self.spec.schemas,
                quality=quality,
                direction=direction,
                required_hidden=self._required_hidden,
            )
            self._compilers[key] = compiler
        return compiler

    def _validator(self, media: MediaType) -> Validator:
        # the shared memo bounds how many compiled validators stay alive; keeping them
        # here as well would keep every one a large description ever used
        schema = media.schema if media.schema is not None else True
        return compile_validator(schema, self.spec.schemas, self._response_direction)

    def _first_valid_example(self, media: MediaType) -> tuple[str | None, str | None]:
        """The name of the first example that validates, and a report of invalid ones."""
        reports: list[str] = []
        for name, value in media.examples.items():
            key = (id(media), name)
            if key not in self._example_checks:
                self._example_checks[key] = self._check_example(media, name, value)
            report = self._example_checks[key]
            if report is None:
                return name, None
            reports.append(report)
        return None, "; ".join(reports) if reports else None

    def _check_example(self, media: MediaType, name: str, value: Any) -> str | None:
        if media.schema is None:
            return None
        violations = self._validator(media).errors(value)
        if not violations:
            return None
        first = violations[0]
        where = media.source or media.name
        return (
            f"example {name!r} for {where} is invalid ('{first.keyword}' at "
            f"{first.instance_path or '/'}: {first.message}); a generated value is used instead"
        )
