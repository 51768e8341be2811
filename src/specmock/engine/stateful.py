"""Stateful answers: what clients create is stored, read, listed, updated and deleted.

Rules:

- Only collections the recogniser sees as CRUD take part, and only those with a create
  operation whose answer is an entity with an id field: anything else (read-only
  resources, searches, uploads) is answered from the description as usual.
- A collection is its path template (``/pets`` for ``/pets`` and ``/pets/{petId}``)
  with its parent parameters filled in (``/owners/7/pets``), plus the schema of its
  entities; parameter names do not matter (``{id}`` and ``{ownerId}`` agree).
- One world: a collection under a parent (``/owners/{ownerId}/pets``) whose kind of
  entity is also read or listed at one path of no parameters (``/pets/{petId}``,
  ``/pets``) keeps its items there, its home, and only notes which of them each parent
  holds. So a pet created under owner 7 is ``GET /pets/{id}``, is in ``GET /pets`` and
  in ``GET /owners/7/pets``, not in ``GET /owners/8/pets``; ids come from the home's one
  sequence; a pet created at ``/pets`` whose ``owner_id`` names owner 7 is owner 7's too;
  naming, under a parent, an item made elsewhere adds it to that parent (a delete there
  takes it out again); a delete at the home, or under the parent that made it, removes
  it from every listing. An update does not move an item to another parent, and a
  replace keeps the parent fields the stored item has unless its body names others.
- ``POST`` stores the template's answer for the create (the posted fields merged into a
  full entity) under a new id from the store's sequence, skipping ids already stored, or
  under the id the client names in the body (a 409 problem+json when it is taken);
  an entity the answer wraps in an envelope (``{"order": {...}, "errors": []}``,
  ``{"data": {...}}``) is stored unwrapped and answered in each operation's own envelope;
  ``GET`` item returns it; ``GET`` collection pages through the stored items in
  creation order with the template's own paging parameters and fields, keeping those
  that match its filters (``?status=sold``) and search term (``?q=rex``); ``PUT`` replaces
  (the posted fields on a full entity), ``PATCH`` merges the posted top-level fields;
  ``DELETE`` removes. An id that is not stored answers the documented 404 (generated
  from the description), or a problem+json 404 when none is documented.
- Nothing invalid is stored or returned: an entity is checked with the engine's
  validator against the entity schema and the answer's schema first; when it fails, the
  stateless answer is given with an ``X-Specmock-Warning`` and nothing is stored.
- ``Prefer: code=`` and ``Prefer: example=`` ask for the description's answer: they
  bypass the state.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from specmock.config import Strategy
from specmock.engine.respond import Prepared, Responder, error_response
from specmock.engine.state import State, id_key
from specmock.engine.templates import ParentField, item_parents
from specmock.errors import GenerationError, SpecmockError
from specmock.http.problem import problem
from specmock.models import Response

if TYPE_CHECKING:
    from specmock.engine.core import Engine
    from specmock.engine.templates import Plan, Template
    from specmock.models import Request
    from specmock.spec.model import MediaType, Operation, Schema

__all__ = ["Collection", "Member", "Role", "Stateful", "roles_of"]

#: How many sequence numbers a create tries before it gives up on a free id.
ID_ATTEMPTS = 8
#: How many stored items a filtered or searched listing looks through.
FILTERED_AT_MOST = 10_000
_ITEM_KINDS = frozenset({"read", "update", "delete"})
_PARAM = re.compile(r"\{[^}]+\}")
#: The store's record of which parents' listings hold an item, beside its collection.
_PARENTS = " parents"


@dataclass(frozen=True, slots=True)
class Collection:
    """A stateful collection: where its entities are created and what they look like."""

    path: str  # the collection's path template with parameter names blanked ("/o/{}/pets")
    entity_type: str  # the plan's entity type (a schema key or a collection path)
    entity_schema: Schema
    create: Operation
    create_media: MediaType
    # where the items of a collection under a parent live: the one path of no parameters
    # its kind is read or listed at ("/pets" for "/owners/{}/pets"), else None
    home: str | None = None

    @property
    def label(self) -> str:
        """The entity part of the store's collection name (a schema pointer when it has one)."""
        _, hash_mark, pointer = self.entity_type.partition("#")
        return pointer if hash_mark else ""

    def named(self, path: str) -> str:
        """The store's name of this collection at a filled ``path``."""
        return f"{path}#{self.label}" if self.label else path


@dataclass(frozen=True, slots=True)
class Role:
    """What one operation does to a stateful collection."""

    kind: str  # create, read, update, delete, list
    collection: Collection
    id_param: str | None
    media: MediaType | None  # the JSON media of the default answer, when it has a plan
    returns_entity: bool  # the default answer is the entity itself (or a list of them)
    # the collections under parents whose items live where this one's do (its home, or
    # itself when it is the home), each with where its items name their parents
    members: tuple[Member, ...] = ()


@dataclass(frozen=True, slots=True)
class Member:
    """A collection under a parent that keeps its items at a home, and where its items
    name the parents its path names (``owner_id``, ``owner.id``)."""

    collection: Collection
    parents: tuple[ParentField, ...]


def roles_of(engine: Engine) -> dict[str, Role]:
    """The stateful role of every operation that has one, by operation key.

    Example:
        >>> roles = roles_of(Engine.from_source("examples/petstore.yaml"))  # doctest: +SKIP
        >>> roles["DELETE /pets/{petId}"].kind  # doctest: +SKIP
        'delete'
    """
    found: list[tuple[Operation, str, str, str | None, MediaType | None, Plan | None]] = []
    for op in engine.spec.operations:
        crud = next((m for m in engine.patterns(op) if m.name == "crud" and m.recognised), None)
        if crud is None or crud.detail not in _ITEM_KINDS | {"create", "list"}:
            continue
        id_param = crud.params.get("id_param")
        path = _PARAM.sub("{}", op.path)
        if crud.detail in _ITEM_KINDS:
            if not id_param or not op.path.endswith("/{" + id_param + "}"):
                continue
            path = path.removesuffix("/{}") or "/"
        media = _success_json(engine, op)
        plan = engine.plan(op, media) if media is not None else None
        found.append((op, crud.detail, path, id_param, media, plan))

    collections: dict[tuple[str, str], Collection] = {}
    for op, kind, path, _, media, plan in found:
        if kind != "create" or media is None or plan is None or plan.lists:
            continue
        if plan.id_field is None or plan.entity_schema is None:
            continue
        collections.setdefault(
            (path, plan.entity_type),
            Collection(path, plan.entity_type, plan.entity_schema, op, media),
        )
    collections = _homed(engine, collections, found)
    by_path: dict[str, list[Collection]] = {}
    members: dict[tuple[str, str], list[Member]] = {}
    for (path, _), collection in collections.items():
        by_path.setdefault(path, []).append(collection)
        if collection.home is not None:
            plan = engine.plan(collection.create, collection.create_media)
            assert plan is not None, "a kept collection's create has a plan"
            parents = item_parents(collection.create, plan, engine.spec.schemas)
            member = Member(collection, tuple(parents))
            members.setdefault((collection.home, collection.entity_type), []).append(member)
    for home_key, nested in members.items():
        if home_key not in collections:
            # the home has no create of its own: its reads and listings join the first
            # collection that keeps its items there
            collections[home_key] = nested[0].collection
            by_path.setdefault(home_key[0], []).append(nested[0].collection)

    roles: dict[str, Role] = {}
    for op, kind, path, id_param, media, plan in found:
        shaped = plan is not None and plan.lists == (kind == "list")
        entity_type = plan.entity_type if plan is not None and shaped else None
        joined = collections.get((path, entity_type or ""))
        returns_entity = joined is not None
        if joined is None and kind in ("update", "delete") and len(by_path.get(path, ())) == 1:
            joined = by_path[path][0]  # an answer without the entity (204) still acts
        if joined is not None:
            where = joined.home or joined.path
            kept = tuple(members.get((where, joined.entity_type), ()))
            roles[op.key] = Role(kind, joined, id_param, media, returns_entity, kept)
    return roles


def _homed(
    engine: Engine,
    collections: dict[tuple[str, str], Collection],
    found: list[tuple[Operation, str, str, str | None, MediaType | None, Plan | None]],
) -> dict[tuple[str, str], Collection]:
    """``collections`` with the home of each one under a parent: the one path of no
    parameters, its words the nested path's less its parents', where its kind of entity
    is read, updated or deleted by its id alone (``/channels/{id}`` for
    ``/guilds/{}/channels``, though ``/users/@me/channels`` lists them too), else the
    one such path where it is created or listed; and whose answers take the items it
    creates (Stripe's fee refunds, made under a fee, are not the refunds of
    ``/v1/refunds``). A path whose own create is not kept (its answer holds no entity
    with an id) is no home: what it creates could not be read there."""
    by_id: dict[str, set[str]] = {}
    flat: dict[str, set[str]] = {}
    schemas: dict[str, list[Schema]] = {}
    unkept: set[str] = set()
    for _, kind, path, _, _, plan in found:
        if "{}" in path:
            continue
        entity_type = plan.entity_type if plan is not None else None
        if kind == "create" and (path, entity_type or "") not in collections:
            unkept.add(path)
        if entity_type is not None and plan is not None and plan.lists == (kind == "list"):
            flat.setdefault(entity_type, set()).add(path)
            if kind in _ITEM_KINDS:
                by_id.setdefault(entity_type, set()).add(path)
            if plan.entity_schema is not None:
                schemas.setdefault(path, []).append(plan.entity_schema)
    homed = {}
    for key, collection in collections.items():
        kind = collection.entity_type
        paths = by_id.get(kind) or flat.get(kind, set())
        home = next(iter(paths)) if len(paths) == 1 and not paths & unkept else None
        # the same noun at the end of both (a collection named by its parent's parameter,
        # "/instances/{type}", lives under its parents, not beside them)
        if (
            home
            and "{}" in collection.path
            and _last(collection.path) == _last(home)
            and _beneath(home, collection.path)
            and _fits(engine, collection, schemas.get(home, []))
        ):
            collection = replace(collection, home=home)
        homed[key] = collection
    return homed


def _fits(engine: Engine, collection: Collection, schemas: list[Schema]) -> bool:
    """Whether an item the collection creates is an entity of each of ``schemas``."""
    template = engine.template(collection.create, collection.create_media)
    if template is None:
        return False
    try:
        made = template.entity(template.id_at(1))
    except SpecmockError:
        return False  # the create cannot be answered from its schema: nothing is stored
    return all(engine.validator(schema).is_valid(made) for schema in schemas)


def _last(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _beneath(home: str, nested: str) -> bool:
    """Whether ``nested`` is ``home`` with parents put in: the home's words are the
    nested path's, in order, less some (``/v1/charges/{}/refunds`` of ``/v1/refunds``;
    not ``/services/{}/integrations`` of ``/workflows/integrations``)."""
    words = iter(nested.split("/"))
    return all(word in words for word in home.split("/"))


def _success_json(engine: Engine, op: Operation) -> MediaType | None:
    response = op.responses.get(engine.default_status(op)) if op.responses else None
    return next(response.json_media(), None) if response is not None else None


class Stateful:
    """Answers CRUD requests from a :class:`~specmock.engine.state.State`.

    The roles are computed once per engine (a reloaded description gets new ones); the
    responder does routing, validation, negotiation and serialisation as always.

    Example:
        >>> from specmock.engine.state import MemoryState
        >>> stateful = Stateful(MemoryState())
        >>> # response = await stateful.respond(responder, request)
    """

    def __init__(self, state: State) -> None:
        self.state = state
        self._roles: tuple[Engine, dict[str, Role]] | None = None

    def roles(self, engine: Engine) -> dict[str, Role]:
        """The roles of ``engine``'s operations (kept until the engine changes)."""
        if self._roles is None or self._roles[0] is not engine:
            self._roles = (engine, roles_of(engine))
        return self._roles[1]

    async def respond(self, responder: Responder, request: Request) -> Response:
        """The answer to ``request``: from the state for CRUD roles, else as usual."""
        try:
            prepared = responder.prepare(request)
            if isinstance(prepared, Response):
                return prepared
            role = self.roles(responder.engine).get(prepared.route.operation.key)
            prefs = prepared.prefs
            if role is None or prefs.code is not None or prefs.example is not None:
                return responder.generated(prepared)
            try:
                return await _Exchange(self.state, responder, prepared, role).run()
            except GenerationError as error:
                # the kept item cannot be drawn from its schema (an id pattern no string
                # satisfies): the description's own answer, saying why nothing was kept
                return _with_warning(responder.generated(prepared), f"not kept: {error}")
        except SpecmockError as error:
            return error_response(error)


class _Exchange:
    """One stateful request: its collection name, template and answers."""

    def __init__(self, state: State, responder: Responder, prepared: Prepared, role: Role) -> None:
        self.state = state
        self.responder = responder
        self.engine = responder.engine
        self.prepared = prepared
        self.role = role
        collection = role.collection
        self.template = self._template(collection.create, collection.create_media)
        own = _filled_path(prepared, role.kind in _ITEM_KINDS)
        home = collection.home
        # where the items live, and (under a parent, when they live at their home) the
        # listing of the ones this parent holds
        self.name = collection.named(home or own)
        self.index = collection.named(own) if home is not None and own != home else None

    def _template(self, op: Operation, media: MediaType) -> Template:
        prefs = self.prepared.prefs
        template = self.engine.template(op, media, quality=prefs.quality, seed=prefs.seed)
        assert template is not None, "a stateful role always has a planned answer"
        return template

    async def run(self) -> Response:
        kind = self.role.kind
        if kind == "create":
            return await self._create()
        if kind == "list":
            return await self._list()
        raw = self.prepared.inputs.path.get(self.role.id_param or "")
        id_value = self.template.coerce_id(raw) if raw is not None else None
        stored = None if id_value is None else await self._held(id_key(id_value))
        if stored is None:
            return self._not_found(raw)
        if kind == "read":
            return self._entity_answer(stored)
        if kind == "update":
            return await self._update(id_value, stored)
        await self._remove(id_key(id_value))
        return self._entity_answer(stored)

    async def _held(self, key: str) -> Any | None:
        """The stored item of this id, where this request's parent holds it."""
        if self.index is not None and await self.state.get(self.index, key) is None:
            return None
        return await self.state.get(self.name, key)

    # -- which parents hold an item ---------------------------------------------------

    async def _note_parents(self, key: str, id_value: Any, entity: Any) -> None:
        """Note the item in the listing of each parent that holds it: the one whose path
        it was created under, and each one its fields name (``owner_id``). These own it:
        a delete under any of them removes it everywhere."""
        held = [self.index] if self.index is not None else []
        for listing in self._named_parents(entity):
            if listing not in held and listing != self.name:
                held.append(listing)
        if not held:
            return
        for listing in held:
            await self.state.put(listing, key, id_value)
        await self.state.put(self.name + _PARENTS, key, {"owners": held, "held": held})

    async def _parents(self, key: str) -> dict[str, list[str]]:
        """Which parents own an item (``owners``) and which hold it (``held``)."""
        record = await self.state.get(self.name + _PARENTS, key)
        if not isinstance(record, dict):
            return {"owners": [], "held": []}
        return {
            name: [str(n) for n in record.get(name, ()) if isinstance(n, str)]
            for name in ("owners", "held")
        }

    async def _link(self, key: str, id_value: Any) -> None:
        """An item made elsewhere, added to this request's parent (a team added to a
        runner's teams): it is listed there too, and that parent does not own it."""
        assert self.index is not None
        record = await self._parents(key)
        await self.state.put(self.index, key, id_value)
        record["held"] = [*record["held"], self.index]
        await self.state.put(self.name + _PARENTS, key, record)

    async def _remove(self, key: str) -> None:
        """A delete: under a parent that does not own the item, the item leaves that
        parent only (a team removed from a runner's teams); else it is gone from
        everywhere, every parent's listing included."""
        record = await self._parents(key)
        if self.index is not None and self.index not in record["owners"]:
            await self.state.delete(self.index, key)
            record["held"] = [h for h in record["held"] if h != self.index]
            await self.state.put(self.name + _PARENTS, key, record)
            return
        await self.state.delete(self.name, key)
        for listing in record["held"]:
            await self.state.delete(listing, key)
        await self.state.delete(self.name + _PARENTS, key)

    def _named_parents(self, entity: Any) -> list[str]:
        """The listings (store names) of the parents ``entity``'s fields name, in each
        collection under a parent that keeps its items where this one does."""
        if not isinstance(entity, dict):
            return []
        found = []
        for member in self.role.members:
            values: dict[str, str] = {}
            for parent in member.parents:
                value = entity.get(parent.field)
                if parent.nested is not None:
                    value = value.get(parent.nested) if isinstance(value, dict) else None
                if isinstance(value, str | int) and not isinstance(value, bool):
                    values.setdefault(parent.param, str(value))
            path = member.collection.create.path
            names = [m.group(0)[1:-1] for m in _PARAM.finditer(path)]
            if names and all(name in values for name in names):
                found.append(member.collection.named(_fill(path, values)))
        return found

    def _keep_parents(self, entity: Any, stored: Any, posted: Any) -> None:
        """A replace keeps the parents the stored item names, unless the body names
        others: ``PUT /pets/1`` with a new name leaves the pet with owner 7."""
        if not isinstance(entity, dict) or not isinstance(stored, dict):
            return
        sent = posted if isinstance(posted, dict) else {}
        for member in self.role.members:
            for parent in member.parents:
                if parent.field in stored and parent.field not in sent:
                    entity[parent.field] = stored[parent.field]

    async def _create(self) -> Response:
        posted = self.prepared.inputs.body
        new_id: Any = self.template.posted_id(posted)
        # the client names the item's id: it is kept, and cannot be taken twice; under a
        # parent, naming an item made elsewhere adds it to the parent
        stored = None if new_id is None else await self.state.get(self.name, id_key(new_id))
        linked = self.index is not None and stored is not None
        if linked and await self.state.get(self.index or "", id_key(new_id)) is None:
            await self._link(id_key(new_id), new_id)
            return self._entity_answer(stored)
        if stored is not None:
            return problem(
                409,
                f"item {new_id} already exists in {self.name.partition('#')[0]}",
                type="https://specmock.dev/problems/conflict",
            )
        for _ in range(ID_ATTEMPTS if new_id is None else 0):
            candidate = self.template.id_at(await self.state.next_id(self.name))
            if await self.state.get(self.name, id_key(candidate)) is None:
                new_id = candidate
                break
        if new_id is None:
            return self._generated(f"no free id in {ID_ATTEMPTS} tries: the item was not stored")
        prepared = self.prepared
        entity = self.template.entity_with(
            new_id, posted, prepared.route.operation, prepared.inputs
        )
        body = self._wrapped(entity)
        failure = self._invalid(entity, body)
        if failure is not None:
            return self._generated(f"the created item was not stored: {failure}")
        await self.state.put(self.name, id_key(new_id), entity)
        await self._note_parents(id_key(new_id), new_id, entity)
        return self.responder.answer(self.prepared, body, "state")

    async def _update(self, id_value: Any, stored: Any) -> Response:
        posted = self.prepared.inputs.body
        if self.prepared.route.operation.method.upper() == "PATCH":
            entity = self.template.merged(stored, posted)
        else:
            prepared = self.prepared
            entity = self.template.entity_with(
                id_value, posted, prepared.route.operation, prepared.inputs
            )
            self._keep_parents(entity, stored, posted)
        body = self._wrapped(entity)
        failure = self._invalid(entity, body)
        if failure is not None:
            return self._generated(f"the update was not stored: {failure}")
        await self.state.put(self.name, id_key(id_value), entity)
        return (
            self.responder.answer(self.prepared, body, "state")
            if body is not None
            else self._done()
        )

    async def _list(self) -> Response:
        prepared, role = self.prepared, self.role
        if role.media is None or prepared.media is not role.media:
            return self.responder.generated(prepared)  # another media type: no plan for it
        op, inputs, prefs = prepared.route.operation, prepared.inputs, prepared.prefs
        template = self._template(op, role.media)
        offset, size = template.window(op, inputs)
        selection = template.selection(inputs.query)
        if selection:
            # filters and a search term: the matching items, counted and paged
            every, _ = await self._stored(0, FILTERED_AT_MOST)
            chosen = [item for item in every if template.selects(item, selection)]
            items, total = chosen[offset : offset + size], len(chosen)
        else:
            items, total = await self._stored(offset, size)
        plain = self.engine.generate(
            op,
            status=prepared.status,
            media_type=role.media.name,
            quality=prefs.quality,
            seed=prefs.seed,
            strategy=Strategy.DYNAMIC,
            inputs=inputs,
        ).body
        body = template.page(plain, op, inputs, items, offset, total, size)
        failure = self._invalid_answer(body)
        if failure is not None:
            return self._generated(f"the stored items do not fit this answer: {failure}")
        return self.responder.answer(prepared, body, "state", stored=total)

    async def _stored(self, offset: int, size: int) -> tuple[list[Any], int]:
        """A window of the stored items this request lists (its parent's, under a
        parent), in creation order, and how many there are."""
        if self.index is None:
            return await self.state.list(self.name, offset, size)
        held, total = await self.state.list(self.index, offset, size)
        found = [await self.state.get(self.name, id_key(id_value)) for id_value in held]
        return [item for item in found if item is not None], total

    # -- answers ---------------------------------------------------------------------

    def _answers_entity(self) -> bool:
        prepared = self.prepared
        return (
            self.role.returns_entity
            and prepared.media is not None
            and prepared.code not in (204, 205, 304)
        )

    def _wrapped(self, entity: Any) -> Any:
        """This operation's answer holding ``entity``: the entity itself, or the
        operation's own envelope around it; ``None`` when the answer is not the entity."""
        if not self._answers_entity():
            return None
        prepared, media = self.prepared, self.role.media
        if media is None or prepared.media is not media:
            return entity
        template = self._template(prepared.route.operation, media)
        if template.plan.entity_field is None:
            return entity
        return template.wrap(entity, self._plain)

    def _plain(self) -> Any:
        """The operation's answer generated from its schema alone (an envelope to fill)."""
        prepared = self.prepared
        assert prepared.media is not None
        return self.engine.generate(
            prepared.route.operation,
            status=prepared.status,
            media_type=prepared.media.name,
            quality=prepared.prefs.quality,
            seed=prepared.prefs.seed,
            strategy=Strategy.DYNAMIC,
            inputs=prepared.inputs,
        ).body

    def _entity_answer(self, entity: Any) -> Response:
        body = self._wrapped(entity)
        if body is None:
            return self._done()
        failure = self._misfit(entity, body)
        if failure is not None:
            return self._generated(f"the stored item does not fit this answer: {failure}")
        return self.responder.answer(self.prepared, body, "state")

    def _done(self) -> Response:
        """The answer of an update or delete whose answer is not the entity."""
        prepared = self.prepared
        if prepared.media is None or prepared.code in (204, 205, 304):
            return self.responder.answer(prepared, None, "state")
        return self._generated()

    def _generated(self, warning: str | None = None) -> Response:
        """The description's answer; with a warning when the state could not be used."""
        response = self.responder.generated(self.prepared)
        return response if warning is None else _with_warning(response, warning)

    def _not_found(self, raw: Any) -> Response:
        """The documented 404 for an id the collection does not hold."""
        op = self.prepared.route.operation
        detail = f"no item {raw} in {self.name.partition('#')[0]}"
        try:
            answer = self.responder.with_status(self.prepared, 404)
        except SpecmockError:
            answer = None
        if not isinstance(answer, Prepared):
            return problem(404, detail, type="https://specmock.dev/problems/not-found")
        if answer.media is None:
            return self.responder.answer(answer, None, "state")
        try:
            generated = self.engine.generate(
                op,
                status=answer.status,
                media_type=answer.media.name,
                quality=answer.prefs.quality,
                seed=answer.prefs.seed,
                inputs=answer.inputs,
            )
        except SpecmockError as error:
            return error_response(error)
        body = generated.body
        if isinstance(body, dict):
            # A problem-shaped 404 says what was missing, where its schema allows it.
            validator = self.engine.validator(answer.media)
            for name, value in (("status", 404), ("title", "Not Found"), ("detail", detail)):
                patched = {**body, name: value}
                if name in body and validator.is_valid(patched):
                    body = patched
        return self.responder.answer(answer, body, generated.source, generated.problems)

    # -- validity --------------------------------------------------------------------

    def _invalid(self, entity: Any, body: Any) -> str | None:
        """Why an entity may not be stored, answered as ``body`` (``None``: it may)."""
        schema = self.role.collection.entity_schema
        for violation in self.engine.validator(schema).errors(entity)[:1]:
            return f"{violation.message} at {violation.instance_path or '/'}"
        return self._misfit(entity, body) if body is not None else None

    def _misfit(self, entity: Any, body: Any) -> str | None:
        """Why ``body`` cannot answer ``entity``: it breaks the answer's schema, or the
        envelope's item field does not take the entity (``None``: it can)."""
        failure = self._invalid_answer(body)
        if failure is None and body is not entity:
            media = self.role.media
            assert media is not None, "a body is wrapped only with the role's media"
            template = self._template(self.prepared.route.operation, media)
            if template.item_of(body) != entity:
                failure = f"the envelope's {template.plan.entity_field!r} does not take it"
        return failure

    def _invalid_answer(self, body: Any) -> str | None:
        media = self.prepared.media
        if media is None or media.schema is None:
            return None
        for violation in self.engine.validator(media).errors(body)[:1]:
            return f"{violation.message} at {violation.instance_path or '/'}"
        return None


def _with_warning(response: Response, warning: str) -> Response:
    """``response`` with an ``X-Specmock-Warning`` saying why the state was not used."""
    headers = (("x-specmock-warning", warning.encode("ascii", "replace").decode()),)
    rest = tuple(h for h in response.headers if h[0] != "x-specmock-warning")
    return Response(response.status, rest + headers, response.body, response.source)


def _filled_path(prepared: Prepared, item: bool) -> str:
    """The request's collection path, its parent parameters filled in (``/owners/7/pets``)."""
    path = prepared.route.operation.path
    if item:
        path = path.rsplit("/", 1)[0] or "/"
    return _fill(path, prepared.route.params)


def _fill(path: str, values: Mapping[str, str]) -> str:
    """``path`` with each parameter replaced by its value (quoted), or by nothing."""
    return _PARAM.sub(lambda m: quote(values.get(m.group(0)[1:-1], ""), safe=""), path)
