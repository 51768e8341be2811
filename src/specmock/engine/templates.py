"""Pattern templates: answers shaped by what an endpoint is and what the request asked.

Rules:

- A template never breaks validity: every value it places is checked against the schema
  of the field it goes into, and the engine verifies the whole body afterwards (falling
  back to the plain generated body if the shaped one fails).
- One world: an entity is generated from (its type, its identifier) alone, so
  ``GET /items/42``, item 42 inside ``GET /items`` and the object ``PUT /items/42``
  returns agree. The type of an entity is the schema it is described by (its ``$ref``
  key), or its collection path when it has none.
- Identifiers of a collection form a stable sequence (integers 1, 2, 3… where the id is
  an integer; derived strings otherwise), so pages, cursors and foreign keys point at
  items that exist. A collection's size is derived from its type, not the request.
- Plans (where the list, the id field and the paging fields are) are computed once per
  operation and media type; applying a plan is cheap.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from random import Random
from typing import Any

from specmock.engine.seeding import derive_seed, rng_for
from specmock.models import Inputs
from specmock.patterns import PatternMatch
from specmock.schema.navigate import (
    ObjectView,
    array_items,
    item_bounds,
    object_view,
    ref_key,
    types_of,
)
from specmock.schema.validate import is_hidden
from specmock.spec.model import MediaType, Operation, Schema

__all__ = ["Plan", "Template", "plan_for"]

#: Where a list of entities usually lives in an object body, best first.
_LIST_FIELDS = ("data", "items", "results", "records", "entries", "values", "list", "content")
#: Free-text fields that a search term is written into, best first.
_TEXT_FIELDS = ("name", "title", "display_name", "label", "summary", "description", "text")
_FILE_NAME_FIELDS = ("filename", "file_name", "fileName", "name", "original_name", "originalName")
_FILE_SIZE_FIELDS = ("size", "file_size", "fileSize", "bytes", "length", "content_length")
_FILE_TYPE_FIELDS = (
    "content_type",
    "contentType",
    "mime_type",
    "mimeType",
    "media_type",
    "mediaType",
    "type",
)
_CURSOR_PREFIX = "mock_cursor_"
_MIN_TOTAL, _MAX_TOTAL = 20, 120


@dataclass(frozen=True, slots=True)
class Plan:
    """Where things are in one operation's response, decided once."""

    crud: str | None  # create, read, update, delete, list
    entity_type: str  # the identity of the entity kind (a schema key or collection path)
    entity_schema: Schema | None  # the schema of one entity
    list_field: str | None  # the body's field holding the list ("" when the body is an array)
    id_param: str | None  # the path parameter naming the entity
    id_field: str | None  # the entity's identifier field
    id_schema: Schema | None
    paging: Mapping[str, str]  # names of paging parameters and fields (from the recogniser)
    search_param: str | None
    auth: bool
    upload: bool

    @property
    def lists(self) -> bool:
        return self.list_field is not None


def plan_for(
    op: Operation, media: MediaType, matches: tuple[PatternMatch, ...], registry: Mapping[str, Any]
) -> Plan | None:
    """Decide where the entities, ids and paging fields of a response are (``None``: no plan)."""
    if media.schema is None:
        return None
    by_name = {m.name: m for m in matches if m.recognised}
    crud = by_name.get("crud")
    paging = by_name.get("pagination")
    search = by_name.get("search")
    schema = media.schema
    list_field: str | None = None
    entity_schema: Schema | None = None
    items = array_items(schema, registry)
    if items is not None:
        list_field, entity_schema = "", items
    else:
        view = object_view(schema, registry)
        wanted = paging.params.get("items") if paging else None
        # Only a listing wraps its items; a single item may well have array fields.
        listing = paging is not None or search is not None or (crud and crud.detail == "list")
        list_field = _find_list_field(view, registry, wanted) if listing else None
        if list_field is not None:
            entity_schema = array_items(view.properties[list_field], registry)
        elif crud is None or crud.detail != "list":
            entity_schema = schema
    if crud is not None and crud.detail == "list" and list_field is None:
        return None
    if entity_schema is None:
        return None
    id_param = crud.params.get("id_param") if crud else None
    resource = crud.params.get("resource", "") if crud else ""
    entity_view = object_view(entity_schema, registry)
    id_field = _find_id_field(entity_view, id_param, resource)
    return Plan(
        crud=crud.detail if crud else None,
        entity_type=ref_key(entity_schema, registry) or _collection(op.path),
        entity_schema=entity_schema,
        list_field=list_field,
        id_param=id_param,
        id_field=id_field,
        id_schema=entity_view.get(id_field) if id_field else None,
        paging=dict(paging.params) if paging else {},
        search_param=search.params.get("query") if search else None,
        auth="auth" in by_name,
        upload="file_upload" in by_name,
    )


def _collection(path: str) -> str:
    """``/pets/{petId}`` and ``/pets`` both name the collection ``/pets``."""
    return re.sub(r"/\{[^}]+\}$", "", path) or "/"


def _find_list_field(
    view: ObjectView, registry: Mapping[str, Any], wanted: str | None
) -> str | None:
    """The field holding a listing's items: a list of objects (the one the recogniser
    names first), else the body's only list, of names or ids (AWS's
    ``{"ConfigurationSets": ["a", "b"], "NextToken": ...}``)."""
    candidates = [wanted] if wanted else []
    candidates += list(_LIST_FIELDS)
    candidates += sorted(view.properties)
    scalars: list[str] = []
    for name in candidates:
        sub = view.properties.get(name) if name else None
        if sub is None:
            continue
        items = array_items(sub, registry)
        if items is not None and "object" in (types_of(items, registry) or {"object"}):
            return name
        if items is not None and name not in scalars:
            scalars.append(name)
    return scalars[0] if len(scalars) == 1 else None


def _find_id_field(view: ObjectView, id_param: str | None, resource: str) -> str | None:
    """The entity's identifier: the field named like the path parameter (``username``
    for ``/users/{username}``), else ``id`` in any case (``Id``, ``ID``), else the
    resource's own id or key, else a ``uuid``, ``key`` or ``identifier``."""
    names = list(view.properties)
    named = [n for n in names if id_param and _norm(n) == _norm(id_param)]
    if named:
        return named[0]
    if "id" in view.properties:
        return "id"
    for name in names:
        if _norm(name) == "id":
            return name
    wanted = set()
    singular = _norm(resource).removesuffix("s")
    if singular:
        wanted |= {singular + "id", singular + "uuid", singular + "key"}
    for name in names:
        if _norm(name) in wanted:
            return name
    for name in names:
        if _norm(name) in {"uuid", "key", "identifier"}:
            return name
    return None


def _norm(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


# -- applying a plan ----------------------------------------------------------------------


Generate = Callable[[Schema, str | None, Random], Any]
Check = Callable[[Schema, Any], bool]
#: Given a field name such as ``owner_id``, the id sequence of the collection it points at.
Related = Callable[[str], Callable[[int], Any] | None]
_FOREIGN_KEY = re.compile(r"^(?P<stem>[A-Za-z][A-Za-z0-9]*?)_?(?:id|Id|ID)$")
#: How many items of a related collection foreign keys spread over (every collection has more).
_FOREIGN_SPREAD = _MIN_TOTAL


class Template:
    """Shapes one generated response by its plan and the request's inputs."""

    def __init__(
        self,
        plan: Plan,
        response_schema: Schema,
        registry: Mapping[str, Any],
        *,
        generate: Generate,
        check: Check,
        world: tuple[object, ...],
        related: Related | None = None,
    ) -> None:
        self.plan = plan
        self._generate = generate
        self._check = check
        self._related = related
        self._world = world  # what seeds entities: (spec digest, quality, seed)
        self._registry = registry
        self._response_view = object_view(response_schema, registry)
        self._entity_view = (
            object_view(plan.entity_schema, registry)
            if plan.entity_schema is not None
            else ObjectView()
        )
        list_schema = (
            response_schema
            if plan.list_field == ""
            else self._response_view.get(plan.list_field or "")
        )
        self._list_bounds = (
            item_bounds(list_schema, registry) if list_schema is not None else (0, None)
        )

    # -- entities ------------------------------------------------------------------------

    def entity(self, id_value: Any) -> Any:
        """The entity with this identifier: the same everywhere it appears."""
        plan = self.plan
        assert plan.entity_schema is not None
        rng = rng_for(*self._world, "entity", plan.entity_type, repr(id_value))
        value = self._generate(plan.entity_schema, None, rng)
        if isinstance(value, dict):
            if plan.id_field is not None:
                self._place(value, plan.id_field, plan.id_schema, id_value)
            self._link(value, rng)
        return value

    def _link(self, entity: dict[str, Any], rng: Random) -> None:
        """Foreign keys (``owner_id``) point at items the related collection has."""
        if self._related is None:
            return
        for name, schema in self._entity_view.properties.items():
            if name == self.plan.id_field or name not in entity:
                continue
            match = _FOREIGN_KEY.match(name)
            ids = self._related(match.group("stem")) if match else None
            if ids is not None:
                self._place(entity, name, schema, ids(1 + rng.randrange(_FOREIGN_SPREAD)))

    def id_at(self, index: int) -> Any:
        """The identifier of the ``index``-th item (1-based) of the collection."""
        schema = self.plan.id_schema
        if schema is None:
            return index
        if index >= 1 and self._check(schema, index):
            return index
        rng = rng_for(*self._world, "id", self.plan.entity_type, index)
        return self._generate(schema, self.plan.id_field, rng)

    def coerce_id(self, raw: Any) -> Any:
        """The path's identifier as the id field's type (``"42"`` -> ``42``, and ``42``
        typed by an integer path parameter -> ``"42"`` for a string id), if it fits."""
        schema = self.plan.id_schema
        candidates = [raw]
        if isinstance(raw, str) and re.fullmatch(r"-?\d{1,18}", raw):
            candidates.insert(0, int(raw))
        elif isinstance(raw, int | float) and not isinstance(raw, bool):
            candidates.append(str(raw))
        for candidate in candidates:
            if schema is None or self._check(schema, candidate):
                return candidate
        return None

    def total(self) -> int:
        """How many items the collection has: derived from its type only."""
        seed = derive_seed(*self._world, "total", self.plan.entity_type)
        return _MIN_TOTAL + seed % (_MAX_TOTAL - _MIN_TOTAL + 1)

    # -- shaping -------------------------------------------------------------------------

    def shape(self, plain: Callable[[], Any], op: Operation, inputs: Inputs) -> Any:
        """The answer shaped for the request.

        ``plain()`` gives the plain generated body; it is only called when the template
        builds on it (lists keep its envelope fields), not when an entity replaces it.
        """
        plan = self.plan
        body: Any = None
        if plan.lists:
            body = self._shape_list(plain(), op, inputs)
        elif plan.crud in ("read", "update", "delete") and plan.id_param:
            raw = inputs.path.get(plan.id_param)
            id_value = self.coerce_id(raw) if raw is not None else None
            entity = self.entity(id_value) if id_value is not None else None
            body = entity if isinstance(entity, dict) else plain()
            if plan.crud == "update" and isinstance(body, dict):
                self._overlay(body, inputs.body)
        elif plan.crud == "create":
            new_id = self._new_id(inputs) if plan.id_field is not None else None
            entity = self.entity(new_id) if new_id is not None else None
            body = entity if isinstance(entity, dict) else plain()
            if isinstance(body, dict):
                self._overlay(body, inputs.body)
        else:
            body = plain()
        if plan.upload and isinstance(body, dict) and inputs.files:
            self._describe_upload(body, inputs)
        if plan.auth and isinstance(body, dict):
            self._describe_token(body, inputs)
        return body

    def _describe_token(self, body: dict[str, Any], inputs: Inputs) -> None:
        """Token answers agree with the request: the scopes asked for, an hour's lifetime."""
        view = self._response_view
        posted = inputs.body if isinstance(inputs.body, Mapping) else {}
        scope = posted.get("scope", inputs.query.get("scope"))
        if scope is not None and "scope" in view.properties:
            self._place(body, "scope", view.get("scope"), scope)
        for name in ("expires_in", "expiresIn"):
            if name in view.properties:
                self._place(body, name, view.get(name), 3600)
        for name in ("token_type", "tokenType"):
            if name in view.properties:
                self._place(body, name, view.get(name), "Bearer")

    # -- stored entities (stateful mode) ----------------------------------------------

    def entity_with(self, id_value: Any, posted: Any) -> Any:
        """The posted fields merged into a full entity with this id (create, PUT)."""
        body = self.entity(id_value)
        if isinstance(body, dict):
            self._overlay(body, posted)
        return body

    def merged(self, stored: Any, posted: Any) -> Any:
        """A stored entity with the posted top-level fields merged onto it (PATCH)."""
        body = dict(stored) if isinstance(stored, Mapping) else stored
        if isinstance(body, dict):
            self._overlay(body, posted)
        return body

    def window(self, op: Operation, inputs: Inputs, default: int = 20) -> tuple[int, int]:
        """The offset and size of the page a list request asks for.

        The size is the request's size parameter, else that parameter's documented
        default, else ``default``; never more than the list's ``maxItems``.
        """
        paging = self.plan.paging
        name = paging.get("size", "")
        size = _as_int(inputs.query.get(name)) if name else None
        if size is None:
            documented = next((p for p in op.parameters if p.name == name), None)
            schema = documented.schema if documented is not None else None
            fallback = schema.get("default") if isinstance(schema, Mapping) else None
            size = _as_int(fallback) or default
        high = self._list_bounds[1]
        size = max(0, size if high is None else min(size, high))
        return self._offset(inputs, size), size

    def page(
        self,
        body: Any,
        op: Operation,
        inputs: Inputs,
        items: list[Any],
        offset: int,
        total: int,
        size: int,
    ) -> Any:
        """A list body holding ``items`` (one page of ``total``), with its paging fields."""
        body = _set_list(body, self.plan.list_field, list(items))
        if isinstance(body, dict) and self.plan.paging:
            self._paging_fields(body, op, inputs, offset, len(items), total, size)
        return body

    # -- shaping lists ---------------------------------------------------------------

    def _shape_list(self, body: Any, op: Operation, inputs: Inputs) -> Any:
        plan = self.plan
        paging = plan.paging
        query = inputs.query
        size = _as_int(query.get(paging.get("size", ""))) if paging else None
        offset = self._offset(inputs, size)
        total = self.total()
        items = _get_list(body, plan.list_field)
        if items is None:
            return body
        count = len(items) if size is None else size
        count = max(0, min(count, total - offset))
        count = self._fit_count(count)
        entities = [self.entity(self.id_at(offset + k + 1)) for k in range(count)]
        if plan.search_param is not None:
            term = query.get(plan.search_param)
            if isinstance(term, str) and term:
                for entity in entities:
                    self._mention(entity, term)
        for entity in entities:
            self._apply_filters(entity, query, exclude=set(paging.values()))
        body = _set_list(body, plan.list_field, entities)
        if isinstance(body, dict) and paging:
            self._paging_fields(body, op, inputs, offset, count, total, size)
        return body

    def _fit_count(self, count: int) -> int:
        """Clamp the item count to the list field's ``minItems``/``maxItems``."""
        low, high = self._list_bounds
        if high is not None:
            count = min(count, high)
        return max(count, low)

    def _offset(self, inputs: Inputs, size: int | None) -> int:
        paging = self.plan.paging
        query = inputs.query
        if "offset" in paging:
            return max(0, _as_int(query.get(paging["offset"])) or 0)
        if "cursor" in paging:
            return _decode_cursor(query.get(paging["cursor"]))
        if "page" in paging:
            page = _as_int(query.get(paging["page"]))
            if page is not None:
                return max(0, page - 1) * (size or 10)
        return 0

    def _paging_fields(
        self,
        body: dict[str, Any],
        op: Operation,
        inputs: Inputs,
        offset: int,
        count: int,
        total: int,
        size: int | None,
    ) -> None:
        paging = self.plan.paging
        more = offset + count < total
        view = self._response_view
        if "total" in paging:
            self._place_at(body, paging["total"], total)
        if "has_more" in paging:
            self._place_at(body, paging["has_more"], more)
        if "page_field" in paging and size:
            self._place_at(body, paging["page_field"], offset // size + 1)
        if "total_pages" in paging and size:
            self._place_at(body, paging["total_pages"], -(-total // size))
        if "size" in paging and paging["size"] in view.properties and size is not None:
            self._place(body, paging["size"], view.get(paging["size"]), size)
        next_field = paging.get("next")
        found = self._field(body, next_field) if next_field else None
        if found is not None:
            cursor = _encode_cursor(offset + count) if more else None
            self._place_next(*found, cursor, op, inputs)

    def _field(
        self, body: dict[str, Any], name: str
    ) -> tuple[dict[str, Any], str, Schema | None, ObjectView] | None:
        """Where a response field the recogniser names lives: ``(the object holding it,
        its own name, its schema, that object's view)``. A dotted name (``meta.total``,
        ``links.next``) is a path through nested objects, made where the answer lacks
        them; ``None`` when the schema does not declare the path."""
        view = self._response_view
        if "." not in name or name in view.properties:
            return body, name, view.get(name), view
        *parents, leaf = name.split(".")
        schemas, views = [], [view]
        for part in parents:
            schema = views[-1].get(part)
            if schema is None:
                return None
            schemas.append(schema)
            views.append(object_view(schema, self._registry))
        leaf_schema = views[-1].get(leaf)
        if leaf_schema is None:
            return None
        node = body
        for part, schema in zip(parents, schemas, strict=True):
            child = node.get(part)
            if not isinstance(child, dict):
                # an optional object the plain answer left out: a whole one, so that its
                # required fields are there too
                child = self._generate(schema, part, rng_for(*self._world, "field", name))
                if not isinstance(child, dict):
                    return None
                node[part] = child
            node = child
        return node, leaf, leaf_schema, views[-1]

    def _place_at(self, body: dict[str, Any], name: str, value: Any) -> None:
        """Put ``value`` at a response field the recogniser names, dotted or not."""
        found = self._field(body, name)
        if found is not None:
            self._place(found[0], found[1], found[2], value)

    def _place_next(
        self,
        body: dict[str, Any],
        name: str,
        schema: Schema | None,
        view: ObjectView,
        cursor: str | None,
        op: Operation,
        inputs: Inputs,
    ) -> None:
        if cursor is None:
            if schema is not None and self._check(schema, None):
                body[name] = None
            elif name not in view.required:
                body.pop(name, None)
            return
        # A next link where the field is a URL (and a cursor parameter exists), else the
        # bare cursor; each is tried only if the field's schema accepts it.
        param = self.plan.paging.get("cursor")
        link = f"{_fill(op.path, inputs)}?{param}={cursor}" if param else None
        candidates = [link, cursor] if _looks_like_url_field(schema) else [cursor, link]
        # a token field of format "byte" takes the cursor as base64 text
        candidates.append(base64.b64encode(cursor.encode()).decode())
        for candidate in candidates:
            if candidate is not None and self._place(body, name, schema, candidate):
                return

    def _new_id(self, inputs: Inputs) -> Any:
        """A new entity's identifier, derived from what was posted (same post, same id)."""
        seed = derive_seed(*self._world, "new", self.plan.entity_type, repr(inputs.body))
        index = 1000 + seed % 9000
        return self.id_at(index)

    def _overlay(self, body: dict[str, Any], posted: Any) -> None:
        """Posted fields come back, where the response describes them the same way."""
        if not isinstance(posted, Mapping):
            return
        view = self._entity_view
        for name, value in posted.items():
            if name == self.plan.id_field:
                continue
            schema = view.get(name)
            if schema is not None:
                self._place(body, name, schema, value)

    def _mention(self, entity: Any, term: str) -> None:
        if not isinstance(entity, dict):
            return
        view = self._entity_view
        for name in _TEXT_FIELDS:
            schema = view.get(name)
            if schema is None or "string" not in (types_of(schema, self._registry) or {"string"}):
                continue
            current = entity.get(name)
            options = [f"{term} {current}"] if isinstance(current, str) and current else []
            options.append(term)
            for option in options:
                if self._place(entity, name, schema, option):
                    return

    def _apply_filters(self, entity: Any, query: Mapping[str, Any], exclude: set[str]) -> None:
        """Items honour exact-match filters: ``?status=sold`` lists sold items."""
        if not isinstance(entity, dict):
            return
        view = self._entity_view
        for param, value in query.items():
            if param in exclude or param == self.plan.search_param:
                continue
            field_name = _match_field(param, view)
            if field_name is not None and field_name != self.plan.id_field:
                self._place(entity, field_name, view.get(field_name), value)

    def _describe_upload(self, body: dict[str, Any], inputs: Inputs) -> None:
        info = next(iter(inputs.files.values()))
        view = self._response_view
        for names, value in (
            (_FILE_NAME_FIELDS, info.filename),
            (_FILE_SIZE_FIELDS, info.size),
            (_FILE_TYPE_FIELDS, info.media_type),
        ):
            for name in names:
                if name in view.properties and self._place(body, name, view.get(name), value):
                    break

    # -- validity-preserving placement ----------------------------------------------------

    def _place(self, target: dict[str, Any], name: str, schema: Schema | None, value: Any) -> bool:
        """Put ``value`` at ``name`` if the field's schema accepts it; report whether it did.
        A write-only field never comes back (a posted password, Jira's leadAccountId)."""
        if schema is not None and (
            is_hidden(schema, "writeOnly", self._registry) or not self._check(schema, value)
        ):
            return False
        target[name] = value
        return True


def _match_field(param: str, view: ObjectView) -> str | None:
    wanted = _norm(param)
    for name in view.properties:
        if _norm(name) == wanted:
            return name
    return None


def _looks_like_url_field(schema: Schema | None) -> bool:
    return isinstance(schema, Mapping) and schema.get("format") in ("uri", "url", "uri-reference")


def _fill(path: str, inputs: Inputs) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: str(inputs.path.get(m.group(1), m.group(0))), path)


def _get_list(body: Any, field_name: str | None) -> list[Any] | None:
    if field_name == "":
        return body if isinstance(body, list) else None
    if isinstance(body, dict) and field_name is not None:
        value = body.get(field_name, [])
        return value if isinstance(value, list) else None
    return None


def _set_list(body: Any, field_name: str | None, items: list[Any]) -> Any:
    if field_name == "":
        return items
    if isinstance(body, dict) and field_name is not None:
        body[field_name] = items
    return body


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,9}", value.strip()):
        return int(value)
    return None


def _encode_cursor(offset: int) -> str:
    """An opaque cursor that says it is a mock; it encodes the next offset."""
    token = base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")
    return _CURSOR_PREFIX + token


def _decode_cursor(value: Any) -> int:
    if not isinstance(value, str):
        return 0
    if _CURSOR_PREFIX not in value:
        try:  # the cursor as base64 text, where the token field's format is "byte"
            value = base64.b64decode(value.encode("ascii"), validate=True).decode()
        except (binascii.Error, UnicodeError, ValueError):
            return 0
    token = value.rsplit(_CURSOR_PREFIX, 1)[-1].split("&", 1)[0]
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return 0
    match = re.fullmatch(r"o:(\d{1,9})", text)
    return int(match.group(1)) if match else 0
