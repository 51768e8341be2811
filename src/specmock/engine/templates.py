"""Pattern templates: answers shaped by what an endpoint is and what the request asked.

Rules:

- A template never breaks validity: every value it places is checked against the schema
  of the field it goes into, and the engine verifies the whole body afterwards (falling
  back to the plain generated body if the shaped one fails).
- One world: an entity is generated from (its kind, its identifier) alone, so
  ``GET /items/42``, item 42 inside ``GET /items`` and the object ``PUT /items/42``
  returns agree. The kind of an entity is its resource (the recogniser's noun), else the
  schema it is described by (its ``$ref`` key), else its collection path; each field is
  drawn by (kind, identifier, field name), so a listing's summary schema and a read's
  detail schema of one item agree where they share a field.
- Identifiers of a collection form a stable sequence (integers 1, 2, 3… where the id is
  an integer; derived strings otherwise), so pages, cursors and foreign keys point at
  items that exist. A collection's size is derived from its type, not the request.
- Ids say their place where they can (integers and digits are it, words end in it, a
  uuid carries it masked in its last 48 bits), so ``index_of`` reads it back. Where a
  collection is also listed under a parent (``/owners/{ownerId}/pets``), an item's place
  pairs its parent's place with its own place among the parent's items (Cantor's
  pairing, a one-to-one map of pairs of naturals onto the naturals): ``GET /pets/22``
  names owner 7, and owner 7's listing holds pets 22, 30, 39…, so a pet read alone and
  the pet in its owner's listing agree, and no pet has two owners. A parent's place is
  its number, or the place of an id its collection hands out (a uuid).
- Plans (where the list, the id field and the paging fields are) are computed once per
  operation and media type; applying a plan is cheap.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from random import Random
from typing import Any
from urllib.parse import urlencode

from specmock.engine.seeding import derive_seed, rng_for
from specmock.models import Inputs
from specmock.patterns import PatternMatch
from specmock.patterns.vocabulary import is_plural, singular
from specmock.schema.leaves import listed_values
from specmock.schema.navigate import (
    ObjectView,
    array_items,
    item_bounds,
    object_view,
    ref_key,
    resolve,
    types_of,
)
from specmock.schema.validate import is_hidden
from specmock.spec.model import MediaType, Operation, Parameter, Schema

__all__ = ["Plan", "Template", "plan_for"]

#: Where a list of entities usually lives in an object body, best first.
_LIST_FIELDS = ("data", "items", "results", "records", "entries", "values", "list", "content")
#: Free-text fields that a search term is written into, best first.
_TEXT_FIELDS = ("name", "title", "display_name", "label", "summary", "description", "text")
#: Name endings of other text fields (``shortTitle``, ``QuestionText``, ``commonName``).
_TEXT_ENDINGS = (
    "name",
    "title",
    "text",
    "label",
    "summary",
    "description",
    "message",
    "content",
    "subject",
    "comment",
    "caption",
    "headline",
    "note",
    "notes",
)
#: Free-form strings a search does not match: ids, keys, links, codes, dates, secrets.
_FREE_TEXT_EXCLUDED = re.compile(
    r"((?i:id|ids|key|uuid|sid|arn|url|uri|href|link|code|token|hash|date|time|status|state"
    r"|type|kind|version|email|phone|password|secret)|At|On|_at|_on)$"
)
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
#: Fields of a next-page object (HubSpot's ``paging.next``) holding the cursor, the link.
_CURSOR_FIELDS = frozenset({"cursor", "token", "after", "next", "nextcursor", "pagetoken"})
_LINK_FIELDS = frozenset({"link", "href", "url", "uri", "nextlink", "nexturl"})
_MIN_TOTAL, _MAX_TOTAL = 20, 120
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_LOW_48 = (1 << 48) - 1
#: How many drawn ids a template keeps (a page reads each id more than once).
_IDS_KEPT = 4096
_UNSET = object()
#: Words that end in the item's place (``Campaign Share-7``).
_PLACE = re.compile(r"-(\d{1,15})$")
#: A page envelope's fields that state its size, whatever the size parameter is called.
_SIZE_FIELDS = frozenset({"size", "pagesize", "perpage", "limit", "pagelimit"})
#: Paging fields that make an object a page envelope (its number, its count of pages).
_PAGE_STATS = frozenset({"page_field", "total_pages"})


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
    token_field: str | None = None  # where an auth answer's token is (the recogniser's)
    entity_field: str | None = None  # the envelope's field holding the one item ({"data": …})
    #: the schema of the path parameter an item is read by (its own, or the read's beside
    #: a collection): an id must fit it to be asked for
    id_path_schema: Schema | None = None
    #: a listing's lone size parameter (``limit``, ``maxResults``) with nothing to page
    #: by: it pages nothing, but a client that sends it gets that many items
    truncate: str | None = None

    @property
    def lists(self) -> bool:
        return self.list_field is not None


def plan_for(
    op: Operation,
    media: MediaType,
    matches: tuple[PatternMatch, ...],
    registry: Mapping[str, Any],
    item_param: Parameter | None = None,
) -> Plan | None:
    """Decide where the entities, ids and paging fields of a response are (``None``: no plan).

    ``item_param`` is the path parameter that reads one item of a collection (``Sid`` of
    ``/v1/Faxes/{Sid}`` beside ``/v1/Faxes``): the listed items' id field is the one
    reading takes, so that a listed id reads that same item, and ids fit its schema.
    """
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
    lone = next((m for m in matches if m.name == "pagination" and not m.recognised), None)
    truncate = lone.params.get("size") if lone is not None and list_field is not None else None
    entity_view = object_view(entity_schema, registry)
    # the parameter an item is read by: an item operation's own; a listing's or a
    # create's is the read's beside it (a listing's own parameter picks the list)
    item_op = crud is not None and crud.detail in ("read", "update", "delete")
    own = next((p for p in op.parameters if p.name == id_param), None) if item_op else None
    by_path = own or item_param
    item_name = item_param.name if item_param is not None else None
    path_schema = by_path.schema if by_path is not None else None

    def find_id(view: ObjectView) -> str | None:
        return _find_id_field(view, registry, id_param or item_name, resource, path_schema)

    id_field = find_id(entity_view)
    entity_field: str | None = None
    if id_field is None and list_field is None and crud is not None:
        # one item in an envelope: {"certificate": {...}}, {"status": 200, "data": {...}}
        inside = _envelope(entity_view, registry, find_id)
        if inside is not None:
            entity_field, entity_schema, id_field = inside
            entity_view = object_view(entity_schema, registry)
    return Plan(
        crud=crud.detail if crud else None,
        entity_type=_identity(resource) or ref_key(entity_schema, registry) or _collection(op.path),
        entity_schema=entity_schema,
        list_field=list_field,
        id_param=id_param,
        id_field=id_field,
        id_schema=entity_view.get(id_field) if id_field else None,
        paging=dict(paging.params) if paging else {},
        search_param=search.params.get("query") if search else None,
        auth="auth" in by_name,
        upload="file_upload" in by_name,
        token_field=by_name["auth"].params.get("token_field") if "auth" in by_name else None,
        entity_field=entity_field,
        id_path_schema=path_schema,
        truncate=truncate,
    )


def _identity(resource: str) -> str:
    """The kind of entity a resource names, one for its listing, its items and the
    writes to them (``Faxes`` of ``/v1/Faxes`` and ``/v1/Faxes/{Sid}``; ``Thing`` of
    ``GetThing`` and ``Things`` of ``ListThings``), whatever schema each describes it by."""
    name = _norm(resource)
    return "resource:" + name.removesuffix("s") if name else ""


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


def _envelope(
    view: ObjectView, registry: Mapping[str, Any], find_id: Callable[[ObjectView], str | None]
) -> tuple[str, Schema, str] | None:
    """The one object field of an envelope that holds an item with an identifier (as
    ``find_id`` finds it): ``(field, its schema, the item's id field)``; ``None`` unless
    exactly one does."""
    found = []
    for name, schema in view.properties.items():
        if "object" not in (types_of(schema, registry) or set()):
            continue
        inner = find_id(object_view(schema, registry))
        if inner is not None:
            found.append((name, schema, inner))
    return found[0] if len(found) == 1 else None


def _find_id_field(
    view: ObjectView,
    registry: Mapping[str, Any],
    id_param: str | None,
    resource: str,
    path_schema: Schema | None = None,
) -> str | None:
    """The entity's identifier: the field named like the path parameter (``username``
    for ``/users/{username}``), else ``id`` in any case (``Id``, ``ID``), else the field
    described by the path parameter's own ``$ref`` (Cloudflare's ``uid`` beside a
    secret ``key``), else the resource's own id or key, else a ``uuid``, ``key`` or
    ``identifier``; always a scalar (``{"floating_ip": {...}}`` is an envelope, not an
    id)."""
    names = [n for n, schema in view.properties.items() if _scalar(schema, registry)]
    named = [n for n in names if id_param and _norm(n) == _norm(id_param)]
    if named:
        return named[0]
    if "id" in names:
        return "id"
    for name in names:
        if _norm(name) == "id":
            return name
    ref = path_schema.get("$ref") if isinstance(path_schema, Mapping) else None
    for name in names if isinstance(ref, str) else ():
        described = view.properties[name]
        if isinstance(described, Mapping) and described.get("$ref") == ref:
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


def _scalar(schema: Schema, registry: Mapping[str, Any]) -> bool:
    """Whether a field can hold a scalar (an identifier can be one)."""
    types = types_of(schema, registry)
    return not types or bool(types & {"string", "integer", "number"})


def _norm(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


# -- applying a plan ----------------------------------------------------------------------


#: ``(schema, field name, rng, entity key)``: a value; an entity key seeds each field.
Generate = Callable[[Schema, str | None, Random, str | None], Any]
Check = Callable[[Schema, Any], bool]
#: Given a field name such as ``owner_id``, the id sequence of the collection it points at.
Related = Callable[[str], Callable[[int], Any] | None]
#: Where an item of this kind names the parent that scopes its ids (the fields a listing
#: under the parent's path fills), if the description lists the kind under a parent.
Scope = Callable[[], "tuple[ParentField, ...]"]
_FOREIGN_KEY = re.compile(r"^(?P<stem>[A-Za-z][A-Za-z0-9]*?)_?(?:id|Id|ID)$")
#: How many times an id that came out as the description's own example is drawn again.
_ID_DRAWS = 8
#: A string id drawn from a large space (digits, hex, a uuid's shape): it does not repeat.
_DRAWN_TOKEN = re.compile(r"[0-9A-Fa-f-]{6,}")
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
        scope: Scope | None = None,
    ) -> None:
        self.plan = plan
        self._generate = generate
        self._check = check
        self._related = related
        self._scope = scope
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
        id_schema = resolve(plan.id_schema, registry) if plan.id_schema is not None else None
        #: the id field's schema, resolved, and the values it lists (an example is one
        #: item's id, not every item's)
        self._id_described = id_schema if isinstance(id_schema, Mapping) else None
        self._id_listed = listed_values(id_schema) if isinstance(id_schema, Mapping) else []
        self._size_fields: dict[str, str | None] = {}
        self._text_ranked: dict[str, list[str]] = {}
        self._parents: dict[str, list[ParentField]] = {}
        #: each scoping parent field's first ids, by their text: the place of each
        self._parent_places: dict[str, dict[str, int]] = {}
        self._mask: int | None = None  # what hides a uuid's place
        self._scoped_memo: list[tuple[ParentField, Callable[[int], Any] | None]] | None = None
        self._ids: dict[int, Any] = {}  # ids drawn, by place (a listing reads each again)
        #: the item's references to itself: (field, its id field, that field's schema)
        self._references: list[tuple[str, str, Schema]] | None = None
        self._readable: bool | None = None  # whether an id says its place (index_of)

    # -- entities ------------------------------------------------------------------------

    def entity(self, id_value: Any) -> Any:
        """The entity with this identifier: the same everywhere it appears."""
        plan = self.plan
        assert plan.entity_schema is not None
        rng = rng_for(*self._world, "entity", plan.entity_type, repr(id_value))
        # each field is drawn by (world, kind, id, field name): a listing's summary and a
        # read's detail of one item agree on the fields they share
        keyed = repr((*self._world, plan.entity_type, id_value))
        value = self._generate(plan.entity_schema, None, rng, keyed)
        if isinstance(value, dict):
            if plan.id_field is not None:
                self._place(value, plan.id_field, plan.id_schema, id_value)
            self._link(value, id_value)
            self._scoped(value, id_value)
            self._refer(value, id_value)
        return value

    def _refer(self, entity: dict[str, Any], id_value: Any) -> None:
        """An item's reference to itself (BigQuery's ``datasetReference.datasetId``)
        carries its id, listed or read alone."""
        if self._references is None:
            kind = _norm(self.plan.entity_type.partition("resource:")[2])
            found: list[tuple[str, str, Schema]] = []
            for name, schema in self._entity_view.properties.items():
                if kind and _REFERENCE.search(name):
                    inner = object_view(schema, self._registry)
                    for nested, sub in inner.properties.items():
                        if _norm(nested) == f"{kind}id":
                            found.append((name, nested, sub))
            self._references = found
        for name, nested, schema in self._references:
            target = entity.get(name)
            if isinstance(target, dict):
                self._place(target, nested, schema, id_value)

    def _scoped(self, entity: dict[str, Any], id_value: Any) -> None:
        """An item whose kind is listed under a parent names the parent its integer id
        pairs it with (``GET /pets/22`` names owner 7, whose listing holds pet 22): the
        parent collection's item at that place (its id, a uuid as much as a number)."""
        scoped = self._scoped_fields()
        number = self.index_of(id_value) if scoped else None
        if number is None:
            return
        owner, _ = _unpair(number - 1)
        for parent, ids in scoped:
            value = ids(owner + 1) if ids is not None else owner + 1
            self._put_parent(entity, parent, value)

    def _scoped_fields(self) -> list[tuple[ParentField, Callable[[int], Any] | None]]:
        """The scoping parent's fields as this answer's own schema describes them (a read's
        fuller schema), each with its collection's ids; found once per template."""
        if self._scoped_memo is None:
            found: list[tuple[ParentField, Callable[[int], Any] | None]] = []
            for parent in self._scope() if self._scope is not None else ():
                schema = self._entity_view.get(parent.field)
                if schema is not None and parent.nested is not None:
                    schema = object_view(schema, self._registry).get(parent.nested)
                if schema is not None:
                    found.append((replace(parent, schema=schema), self._parent_ids(parent)))
            self._scoped_memo = found
        return self._scoped_memo

    def _parent_ids(self, parent: ParentField) -> Callable[[int], Any] | None:
        """The id sequence of the collection a parent field names (``owner_id`` and
        ``owner.id``: the owners'), where the description reads its items."""
        if self._related is None:
            return None
        if parent.nested is not None:
            return self._related(parent.field)
        found = _FOREIGN_KEY.match(parent.field)
        return self._related(found.group("stem")) if found else None

    def _parent_place(self, parent: ParentField, raw: Any) -> int | None:
        """The place (1-based) of the parent a path value names in its collection: among
        the first ids that collection hands out (a uuid it listed), else the number
        itself (owner 250); ``None`` for a value it never lists."""
        ids = self._parent_ids(parent)
        if ids is not None:
            key = parent.field
            places = self._parent_places.get(key)
            if places is None:
                places = {str(ids(n)): n for n in range(_MAX_TOTAL, 0, -1)}
                self._parent_places[key] = places
            found = places.get(str(raw))
            if found is not None:
                return found
        number = _as_int(raw)
        if number is None or number < 1:
            return None
        return number if ids is None or str(ids(number)) == str(raw) else None

    def _scoped_id(self, parent: int, place: int) -> Any:
        """The id of the ``place``-th item (0-based) of the parent at place ``parent``
        (1-based): the collection's id at their pairing, where it can be read back (an
        integer, digits, words ending in their place, a uuid carrying it); else ``None``."""
        number = _pair(parent - 1, place) + 1
        candidate = self.id_at(number)
        return candidate if self.index_of(candidate) == number else None

    def _scoping_parent(self, op: Operation, inputs: Inputs) -> int | None:
        """The parent number the request's path names, where this listing's parent is the
        one that scopes its kind's ids (``7`` of ``/owners/7/pets``)."""
        scope = self._scope() if self._scope is not None else ()
        if not scope or not inputs.path:
            return None
        scoping = {(p.field, p.nested) for p in scope}
        for parent in self._parents_of(op):
            if (parent.field, parent.nested) in scoping:
                raw = inputs.path.get(parent.param)
                return self._parent_place(parent, raw) if raw is not None else None
        return None

    def _link(self, entity: dict[str, Any], id_value: Any) -> None:
        """Foreign keys (``owner_id``) point at items the related collection has, drawn
        by (kind, id, field name): a listing's summary and a read's detail agree."""
        if self._related is None:
            return
        for name, schema in self._entity_view.properties.items():
            if name == self.plan.id_field or name not in entity:
                continue
            match = _FOREIGN_KEY.match(name)
            ids = self._related(match.group("stem")) if match else None
            if ids is not None:
                rng = rng_for(*self._world, "link", self.plan.entity_type, repr(id_value), name)
                self._place(entity, name, schema, ids(1 + rng.randrange(_FOREIGN_SPREAD)))

    def id_at(self, index: int) -> Any:
        """The identifier of the ``index``-th item (1-based) of the collection."""
        found = self._ids.get(index, _UNSET)
        if found is _UNSET:
            if len(self._ids) >= _IDS_KEPT:
                self._ids.clear()
            found = self._ids[index] = self._draw_id(index)
        return found

    def _draw_id(self, index: int) -> Any:
        schema = self.plan.id_schema
        if schema is None:
            return index
        if index >= 1 and self._check(schema, index):
            return index
        path = self.plan.id_path_schema
        if (
            path is not None
            and index >= 1
            and types_of(path, self._registry) & {"integer", "string"} == {"integer"}
            and self._check(schema, str(index))
        ):
            return str(index)  # a string id read by an integer path parameter: its digits
        rng = rng_for(*self._world, "id", self.plan.entity_type, index)
        value = self._generate(schema, self.plan.id_field, rng, None)
        described, listed = self._id_described, self._id_listed
        for attempt in range(_ID_DRAWS if value in listed else 0):
            # the description's example is one item's id, not every item's: draw again
            rng = rng_for(*self._world, "id", self.plan.entity_type, index, attempt)
            value = self._generate(schema, self.plan.id_field, rng, None)
            if value not in listed:
                break
        if isinstance(value, str) and value.isdigit() and self._check(schema, str(index)):
            # digits drawn from a pattern repeat over a collection; its place does not
            return str(index)
        if isinstance(value, str) and _UUID.fullmatch(value) and index >= 1:
            # a uuid carries its place, masked, in its last 48 bits: an item read alone by
            # it is known (its parent too); any other uuid reads as no item's place
            mark = f"{(index ^ self._uuid_mask()) & _LOW_48:012x}"
            marked = value[:24] + (mark.upper() if value.isupper() else mark)
            if self._check(schema, marked):
                value = marked
        if isinstance(value, str) and isinstance(described, Mapping):
            # a free-form string id made of words, or the description's own example,
            # repeats over a collection: the item's place keeps ids apart. A uuid, a
            # patterned id or a drawn token (digits, hex, a uuid's shape) needs none, and a
            # suffix would stop a uuid or integer path parameter from naming it
            # (GET /articles/{article_id} with "6871119")
            free = not any(k in described for k in ("format", "pattern", "enum", "const"))
            repeats = not _DRAWN_TOKEN.fullmatch(value) or value in listed
            if free and repeats and self._check(schema, f"{value}-{index}"):
                value = f"{value}-{index}"
        if path is not None and not self._check(path, value):
            # an id the read's path parameter refuses could never be asked for: one drawn
            # from that parameter's schema, where the id field takes it; an enumerated
            # parameter names its items in order (drawing would repeat them)
            listed_path = resolve(path, self._registry)
            options = listed_path.get("enum") if isinstance(listed_path, Mapping) else None
            if isinstance(options, list):
                asked = options[index - 1] if 1 <= index <= len(options) else None
            else:
                asked = self._generate(path, self.plan.id_field, rng, None)
            if asked is not None and self._check(schema, asked):
                return asked
        return value

    def _uuid_mask(self) -> int:
        if self._mask is None:
            self._mask = derive_seed(*self._world, "uuid", self.plan.entity_type) & _LOW_48
        return self._mask

    def index_of(self, id_value: Any) -> int | None:
        """The place (1-based) of the item an id names in the collection's sequence: the
        inverse of :meth:`id_at` for integer ids, digits, words that end in their place
        and uuids that carry it; ``None`` for an id the sequence never gives."""
        if self._readable is None:
            # the sequence can be read back only where its ids say their places
            self._readable = all(self._place_in(self.id_at(k)) == k for k in (1, 2, 3))
        found = self._place_in(id_value) if self._readable else None
        if found is None or found < 1 or self.id_at(found) != id_value:
            return None
        return found

    def _place_in(self, id_value: Any) -> int | None:
        """The place an id says it has, unchecked."""
        if isinstance(id_value, int) and not isinstance(id_value, bool):
            return id_value
        if not isinstance(id_value, str):
            return None
        if id_value.isdigit() and len(id_value) <= 18:
            return int(id_value)
        if _UUID.fullmatch(id_value):
            return int(id_value[24:], 16) ^ self._uuid_mask()
        suffix = _PLACE.search(id_value)
        return int(suffix.group(1)) if suffix is not None else None

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
            body = self.wrap(entity, plain)
            if plan.crud == "update":
                self._overlay(self.item_of(body), inputs.body)
        elif plan.crud == "create":
            new_id = self._new_id(inputs, op) if plan.id_field is not None else None
            entity = self.entity(new_id) if new_id is not None else None
            if isinstance(entity, dict):
                self._overlay(entity, inputs.body)
                body = self.wrap(entity, plain)
            else:
                body = plain()
                self._overlay(self.item_of(body), inputs.body)
        elif plan.crud == "update":
            # an update named by the body, not the path (POST /UpdateAlert {AlertArn}):
            # the fields it sets come back
            body = plain()
            self._overlay(self.item_of(body), inputs.body)
        else:
            body = plain()
        if not plan.lists:
            # the one item (or singleton: /users/{userId}/settings) under a parent's path
            # is the parent's, whatever was posted; a listing's items are placed one by one
            self._belong(self.item_of(body), op, inputs)
            if plan.entity_field is not None and isinstance(body, dict):
                # the envelope names the parent too ({"WorkloadId": …, "Milestone": {…}})
                self._belong(body, op, inputs, envelope=True)
        if plan.upload and isinstance(body, dict) and inputs.files:
            self._describe_upload(body, inputs)
        if plan.auth and isinstance(body, dict):
            self._describe_token(body, inputs)
        return body

    def wrap(self, entity: Any, plain: Callable[[], Any]) -> Any:
        """The answer holding ``entity``: the entity itself, or the plain answer's
        envelope with the entity in its item field; the plain answer when there is no
        entity."""
        if not isinstance(entity, dict):
            return plain()
        field = self.plan.entity_field
        if field is None:
            return entity
        body = plain()
        if isinstance(body, dict):
            self._place(body, field, self._response_view.get(field), entity)
        return body

    def item_of(self, body: Any) -> Any:
        """The one item an answer carries: inside its envelope, if it has one."""
        field = self.plan.entity_field
        if field is not None and isinstance(body, dict):
            return body.get(field)
        return body

    def _describe_token(self, body: dict[str, Any], inputs: Inputs) -> None:
        """Token answers agree with the request: the scopes asked for, an hour's lifetime,
        and credentials that say they are test data (``mock_``-prefixed, or a JWT whose
        claims say so), wherever the field's schema takes one."""
        view = self._response_view
        posted = inputs.body if isinstance(inputs.body, Mapping) else {}
        scope = posted.get("scope", inputs.query.get("scope"))
        opaque, jwt = _mock_credentials(
            derive_seed(*self._world, "token", repr(posted), repr(sorted(inputs.query.items()))),
            scope,
        )
        # Not the item's identifier (/v1/Secrets/{Key} answers the key it was asked for),
        # nor a credential the request posted (an account's access token comes back), nor
        # a page token (nextPageToken moves through the listing).
        named = {_norm(n) for n in (self.plan.id_field, *inputs.path, *posted) if n}
        named |= {_norm(v.rsplit(".", 1)[-1]) for v in self.plan.paging.values()}
        fields = [n for n in view.properties if _CREDENTIAL.search(n)]
        if self.plan.token_field and self.plan.token_field not in fields:
            fields.insert(0, self.plan.token_field)
        for name in fields:
            leaf = name.rsplit(".", 1)[-1]
            if _norm(leaf) in named or _PAGING_WORDS.search(leaf):
                continue
            found = self._field(body, name)
            current = found[0].get(found[1]) if found is not None else None
            if found is None or not isinstance(current, str):
                continue  # only a credential the answer carries, as text
            wants_jwt = bool(_JWT_NAMED.search(found[1]))
            if current.startswith("mock_") and not wants_jwt:
                continue  # already test data: an item's token stays the one its listing shows
            first = [jwt, opaque] if wants_jwt else [opaque, jwt]
            for value in first:
                if self._place(found[0], found[1], found[2], value):
                    break
        if scope is not None and "scope" in view.properties:
            self._place(body, "scope", view.get("scope"), scope)
        for name in ("expires_in", "expiresIn"):
            if name in view.properties:
                self._place(body, name, view.get(name), 3600)
        for name in ("token_type", "tokenType"):
            if name in view.properties:
                self._place(body, name, view.get(name), "Bearer")

    # -- stored entities (stateful mode) ----------------------------------------------

    def entity_with(
        self, id_value: Any, posted: Any, op: Operation | None = None, inputs: Inputs | None = None
    ) -> Any:
        """The posted fields merged into a full entity with this id (create, PUT): an id
        posted beside it does not rename it; under a parent's path (``op`` and ``inputs``
        given), it belongs to that parent."""
        body = self.entity(id_value)
        if isinstance(body, dict):
            self._overlay(body, posted)
            if op is not None and inputs is not None:
                self._belong(body, op, inputs)
            if self.plan.id_field is not None:
                self._place(body, self.plan.id_field, self.plan.id_schema, id_value)
        return body

    def merged(self, stored: Any, posted: Any) -> Any:
        """A stored entity with the posted top-level fields merged onto it (PATCH); its
        id stays."""
        body = dict(stored) if isinstance(stored, Mapping) else stored
        if isinstance(body, dict):
            self._overlay(body, posted)
            field = self.plan.id_field
            if field is not None and isinstance(stored, Mapping) and field in stored:
                body[field] = stored[field]
        return body

    def window(self, op: Operation, inputs: Inputs, default: int = 20) -> tuple[int, int]:
        """The offset and size of the page a list request asks for.

        The size is the request's size parameter, else that parameter's documented
        default, else ``default``; never more than the list's ``maxItems``.
        """
        size = self._asked_size(op, inputs) or default
        high = self._list_bounds[1]
        size = max(0, size if high is None else min(size, high))
        return self._offset(inputs, size), size

    def _asked_size(self, op: Operation, inputs: Inputs) -> int | None:
        """The page size asked for: the request's size parameter, else its documented
        default (GitHub's ``per_page`` is 30 when not sent); a lone ``limit`` that pages
        nothing only when sent (its default is a ceiling, not a page)."""
        name = self.plan.paging.get("size", "")
        if not name:
            return _as_int(inputs.query.get(self.plan.truncate)) if self.plan.truncate else None
        size = _as_int(inputs.query.get(name))
        if size is None:
            documented = next((p for p in op.parameters if p.name == name), None)
            schema = documented.schema if documented is not None else None
            size = _as_int(schema.get("default")) if isinstance(schema, Mapping) else None
        return size

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
        size = self._asked_size(op, inputs)
        offset = self._offset(inputs, size)
        total = self.total()
        items = _get_list(body, plan.list_field)
        if items is None:
            return body
        count = len(items) if size is None else size
        count = max(0, min(count, total - offset))
        count = self._fit_count(count)
        ids = [self.id_at(offset + k + 1) for k in range(count)]
        parent = self._scoping_parent(op, inputs)
        if parent is not None:
            # under the parent that scopes the kind: the parent's own items
            scoped = [self._scoped_id(parent, offset + k) for k in range(count)]
            if None not in scoped:
                ids = scoped
        entities = [self.entity(i) for i in ids]
        for entity in entities:
            self._belong(entity, op, inputs)
        if plan.search_param is not None:
            term = query.get(plan.search_param)
            if isinstance(term, str) and term:
                for entity in entities:
                    self._mention(entity, term)
        chosen = self.selection(query)
        for entity in entities:
            self._apply_filters(entity, chosen)
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
        # the control the request carries: a listing may take a page number beside a
        # cursor, and a request sends one of them
        paging = self.plan.paging
        query = inputs.query
        if "offset" in paging and query.get(paging["offset"]) is not None:
            return max(0, _as_int(query.get(paging["offset"])) or 0)
        if "cursor" in paging and query.get(paging["cursor"]) is not None:
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
        if "total" in paging:
            self._place_at(body, paging["total"], total)
        if "has_more" in paging:
            self._place_at(body, paging["has_more"], more)
        if "page_field" in paging and size:
            self._place_at(body, paging["page_field"], offset // size + 1)
        if "total_pages" in paging and size:
            self._place_at(body, paging["total_pages"], -(-total // size))
        if "size" in paging and size is not None:
            field = self._size_field(paging["size"])
            if field is not None:
                self._place_at(body, field, size)
        next_field = paging.get("next")
        found = self._field(body, next_field) if next_field else None
        if found is not None:
            following = offset + count if more else None
            self._place_next(*found, following, size, op, inputs)

    def _size_field(self, param: str) -> str | None:
        """The response field that states the page size the ``param`` query parameter
        asks for: the one of its name at the top, or beside another paging field
        (Telnyx's ``meta.page_size`` for ``page[size]`` beside ``meta.page_number``);
        found once per template."""
        if param not in self._size_fields:
            self._size_fields[param] = self._find_size_field(param)
        return self._size_fields[param]

    def _find_size_field(self, param: str) -> str | None:
        view = self._response_view
        if param in view.properties:
            return param
        wanted = _norm(param)
        dotted = (v for k, v in self.plan.paging.items() if k != "size" and "." in v)
        parents = sorted({""} | {v.rsplit(".", 1)[0] for v in dotted})
        # else a page envelope's own word for its size (Spring's Page: ``size`` for
        # ``pageSize``), beside the page number or page count it states
        placed = {v for k, v in self.plan.paging.items() if k in _PAGE_STATS}
        fallback: str | None = None
        for parent in parents:
            schema = view.get(parent) if parent else None
            if parent and schema is None:
                continue
            holder = object_view(schema, self._registry) if schema is not None else view
            paths = {name: f"{parent}.{name}" if parent else name for name in holder.properties}
            envelope = bool(placed & set(paths.values()))
            for name, path in paths.items():
                if _norm(name) == wanted:
                    return path
                if fallback is None and envelope and _norm(name) in _SIZE_FIELDS:
                    fallback = path
        return fallback

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
                child = self._generate(schema, part, rng_for(*self._world, "field", name), None)
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
        following: int | None,
        size: int | None,
        op: Operation,
        inputs: Inputs,
    ) -> None:
        """The next page's cursor or link at ``name``; none on the last page
        (``following`` is where the next page starts, ``None`` on the last)."""
        if following is None:
            if schema is not None and self._check(schema, None):
                body[name] = None
            elif name not in view.required:
                body.pop(name, None)
            return
        cursor = _encode_cursor(following)
        # A link where the field is a URL, else the bare cursor; each is tried only if
        # the field's schema takes it. A token field of format "byte" takes the cursor as
        # base64 text.
        link = self._next_link(following, cursor, size, op, inputs)
        absolute = _absolute(link) if link is not None else None
        encoded = base64.b64encode(cursor.encode()).decode()
        candidates = (
            [absolute, link, cursor, encoded]
            if _looks_like_url_field(schema)
            else [cursor, encoded, link, absolute]
        )
        # a marker typed as a number (Box's next_marker) is the next page's offset
        for candidate in (*candidates, following):
            if candidate is not None and self._place(body, name, schema, candidate):
                return
        if schema is not None and "object" in (types_of(schema, self._registry) or set()):
            self._place_next_object(body, name, schema, cursor, absolute)

    def _place_next_object(
        self, body: dict[str, Any], name: str, schema: Schema, cursor: str, link: str | None
    ) -> None:
        """A next page described by an object (HubSpot's ``paging.next``: ``{"after":
        cursor, "link": url}``): its cursor field (named like the cursor parameter, or
        ``cursor``, ``token``, ``after``...) and its link field get the next page's."""
        inner = object_view(schema, self._registry)
        current = body.get(name)
        target = dict(current) if isinstance(current, dict) else None
        if target is None:
            made = self._generate(schema, name, rng_for(*self._world, "next", name), None)
            target = made if isinstance(made, dict) else {}
        wanted = _norm(self.plan.paging.get("cursor"))
        for field, sub in inner.properties.items():
            key = _norm(field)
            if key == wanted or key in _CURSOR_FIELDS:
                self._place(target, field, sub, cursor)
            elif key in _LINK_FIELDS and link is not None:
                self._place(target, field, sub, link)
        self._place(body, name, schema, target)

    def _next_link(
        self, following: int, cursor: str, size: int | None, op: Operation, inputs: Inputs
    ) -> str | None:
        """The URL of the next page: where the request was sent, with its query but for
        the position, which moves on (the cursor, the offset or the page number)."""
        paging = self.plan.paging
        if "cursor" in paging:
            position: tuple[str, Any] = (paging["cursor"], cursor)
        elif "offset" in paging:
            position = (paging["offset"], following)
        elif "page" in paging and size:
            position = (paging["page"], following // size + 1)
        else:
            return None
        moved = {paging.get(k) for k in ("cursor", "offset", "page")}
        pairs = [
            (name, _query_text(item))
            for name, value in inputs.query.items()
            if name not in moved
            for item in (value if isinstance(value, list) else [value])
            if not isinstance(item, Mapping | list)
        ]
        pairs.append((position[0], _query_text(position[1])))
        return f"{inputs.url or _fill(op.path, inputs)}?{urlencode(pairs)}"

    def link_header(
        self, body: Any, op: Operation, inputs: Inputs, total: int | None = None
    ) -> str | None:
        """A ``Link`` header (RFC 8288) for the page ``body`` holds: ``next`` while items
        remain, ``prev``, ``first`` and ``last``, as GitHub sends them; ``None`` when the
        body is no page of this listing, or it has no position to move. ``total`` is the
        collection's size when it is not the template's own (stored items)."""
        items = _get_list(body, self.plan.list_field)
        if items is None or not self.plan.paging:
            return None
        size = self._asked_size(op, inputs) or len(items) or None
        offset = self._offset(inputs, size)
        total = self.total() if total is None else total
        starts = []
        if offset + len(items) < total:
            starts.append((offset + len(items), "next"))
        if size:
            if offset > 0:
                starts.append((max(0, offset - size), "prev"))
            starts += [(0, "first"), ((max(total, 1) - 1) // size * size, "last")]
        links = []
        for start, rel in starts:
            url = self._next_link(start, _encode_cursor(start), size, op, inputs)
            if url is not None:
                links.append(f'<{_absolute(url)}>; rel="{rel}"')
        return ", ".join(links) or None

    def posted_id(self, posted: Any) -> Any:
        """The identifier a create's body names for its item, where the client names it
        (a client-assigned key the id field takes, at the top or inside the envelope the
        item is posted in), else ``None``."""
        field, schema = self.plan.id_field, self.plan.id_schema
        if field is None or not isinstance(posted, Mapping):
            return None
        inner = posted.get(self.plan.entity_field) if self.plan.entity_field else None
        for source in (posted, inner):
            value = source.get(field) if isinstance(source, Mapping) else None
            if value is not None and (
                schema is None
                or (
                    self._check(schema, value)
                    and not is_hidden(schema, "writeOnly", self._registry)
                )
            ):
                return value
        return None

    def _new_id(self, inputs: Inputs, op: Operation | None = None) -> Any:
        """A new entity's identifier: the one posted, where the client names it, else
        derived from what was posted (same post, same id)."""
        named = self.posted_id(inputs.body)
        if named is not None:
            return named
        seed = derive_seed(*self._world, "new", self.plan.entity_type, repr(inputs.body))
        index = 1000 + seed % 9000
        parent = self._scoping_parent(op, inputs) if op is not None else None
        if parent is not None:
            # created under its parent: read alone, it names that parent
            scoped = self._scoped_id(parent, index)
            if scoped is not None:
                return scoped
        return self.id_at(index)

    def _overlay(self, body: Any, posted: Any) -> None:
        """Posted fields come back, where the response describes them the same way; an
        item posted in the envelope the answer holds it in (``{"order": {...}}``,
        JSON:API's ``{"data": {...}}``) comes back from inside it."""
        if not isinstance(posted, Mapping) or not isinstance(body, dict):
            return
        inner = posted.get(self.plan.entity_field) if self.plan.entity_field else None
        if isinstance(inner, Mapping):
            posted = {**posted, **inner}
        view = self._entity_view
        for name, value in posted.items():
            if name == self.plan.id_field and self.plan.id_param:
                continue  # the path names the item; an id posted beside it does not rename it
            schema = view.get(name)
            if schema is not None:
                self._place(body, name, schema, value)

    def _mention(self, entity: Any, term: str) -> None:
        """Write the search term into the item's first text field that takes it, else
        into one of an object it holds (JSON:API's ``attributes.name``)."""
        if not isinstance(entity, dict):
            return
        if self._mention_in(entity, "", self._entity_view, term):
            return
        for name, value in entity.items():
            schema = self._entity_view.get(name)
            if not isinstance(value, dict) or schema is None:
                continue
            if self._mention_in(value, name, object_view(schema, self._registry), term):
                return

    def _mention_in(self, target: dict[str, Any], at: str, view: ObjectView, term: str) -> bool:
        """The term in the first text field of the object at field ``at`` ("" for the
        item itself) that takes it; the fields are ranked once per template."""
        ranked = self._text_ranked.get(at)
        if ranked is None:
            ranked = self._text_ranked[at] = _text_fields(view, self._registry)
        for name in ranked:
            schema = view.get(name)
            if schema is None:
                continue
            current = target.get(name)
            options = [f"{term} {current}"] if isinstance(current, str) and current else []
            options.append(term)
            for option in options:
                if self._place(target, name, schema, option):
                    return True
        return False

    def _belong(
        self, entity: Any, op: Operation, inputs: Inputs, *, envelope: bool = False
    ) -> None:
        """An item under a parent's path (``/owners/{ownerId}/pets``) belongs to that
        parent: the field naming the parent (``owner_id``, ``ownerId``, or the ``id`` of
        an ``owner`` object) carries the path's value, where its schema takes it."""
        if not isinstance(entity, dict) or not inputs.path:
            return
        done: set[tuple[str, str | None]] = set()
        for parent in self._parents_of(op, envelope=envelope):
            raw = inputs.path.get(parent.param)
            if raw is None or (parent.field, parent.nested) in done:
                continue
            if self._put_parent(entity, parent, raw):
                done.add((parent.field, parent.nested))

    def _parents_of(self, op: Operation, *, envelope: bool = False) -> list[ParentField]:
        """Where this operation's items (or the envelope they come in) name the parents
        its path names (once per op)."""
        key = f"{op.key} envelope" if envelope else op.key
        parents = self._parents.get(key)
        if parents is None:
            view = self._response_view if envelope else self._entity_view
            parents = _parent_fields(op, view, self.plan, self._registry)
            if envelope:
                # the item itself is no parent of its own (the item is placed apart)
                parents = [p for p in parents if p.field != self.plan.entity_field]
            self._parents[key] = parents
        return parents

    def _put_parent(self, entity: dict[str, Any], parent: ParentField, raw: Any) -> bool:
        """Put a parent's id (a path value, or a number) where the item names its parent,
        as the field's type takes it; report whether it did."""
        if parent.chosen and parent.field not in entity:
            return False  # another shape's field: this item has its own
        target: Any = entity
        name = parent.field
        if parent.nested is not None:
            target, name = entity.get(parent.field), parent.nested
            if not isinstance(target, dict):
                return False
        return any(self._place(target, name, parent.schema, v) for v in _as_typed(raw))

    def _apply_filters(self, entity: Any, chosen: Mapping[str, Any]) -> None:
        """Items honour exact-match filters (a :meth:`selection`): ``?status=sold``
        lists sold items."""
        if not isinstance(entity, dict):
            return
        view = self._entity_view
        for name, value in chosen.items():
            if name and name != self.plan.id_field:
                self._place(entity, name, view.get(name), value)

    def selection(self, query: Mapping[str, Any]) -> dict[str, Any]:
        """The request's filters on this listing's items, by field name (``?status=sold``
        -> ``{"status": "sold"}``), and its search term under ``""``: the query parameters
        the stateless answer honours, paging controls left out."""
        plan = self.plan
        chosen: dict[str, Any] = {}
        exclude = set(plan.paging.values())
        for param, value in query.items():
            if param in exclude or value is None:
                continue
            if param == plan.search_param:
                if isinstance(value, str) and value:
                    chosen[""] = value
                continue
            name = _match_field(param, self._entity_view)
            if name is not None:
                chosen[name] = value
        return chosen

    @staticmethod
    def selects(entity: Any, selection: Mapping[str, Any]) -> bool:
        """Whether a stored item passes a :meth:`selection`: each filtered field holds
        the value asked for (one of them, for several; among them, for a list field), and
        some text of the item holds the search term, whatever its case."""
        if not isinstance(entity, dict):
            return not selection
        for name, wanted in selection.items():
            if name == "":
                if not _mentions(entity, str(wanted).casefold()):
                    return False
                continue
            held = entity.get(name)
            values = held if isinstance(held, list) else [held]
            asked = wanted if isinstance(wanted, list) else [wanted]
            if not any(_same_value(h, a) for h in values for a in asked):
                return False
        return True

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


#: Names of an object that refers to an item by the ids of its parents (``tableReference``).
_REFERENCE = re.compile(r"(?:reference|ref)$", re.IGNORECASE)
#: Endings of a path parameter's name that say it holds an item's identifier.
_ID_ENDINGS = re.compile(r"(id|uuid|guid|key|slug|sid|number|num|code)$")


@dataclass(frozen=True, slots=True)
class ParentField:
    """Where an item names the parent its path names: ``field`` (or ``field.nested``),
    of ``schema``; ``chosen``: found in one of the item's alternative shapes (``anyOf``),
    so only filled where the item has it."""

    param: str
    field: str
    nested: str | None
    schema: Schema | None
    chosen: bool = False


def item_parents(op: Operation, plan: Plan, registry: Mapping[str, Any]) -> list[ParentField]:
    """Where the items of ``op``'s answer name the parents its path names, nearest last."""
    if plan.entity_schema is None:
        return []
    return _parent_fields(op, object_view(plan.entity_schema, registry), plan, registry)


def _parent_fields(
    op: Operation, view: ObjectView, plan: Plan, registry: Mapping[str, Any]
) -> list[ParentField]:
    """Where an item names each parent its path names (``ownerId`` of
    ``/owners/{ownerId}/pets``): its scalar field named like the parameter or as the
    parent's id (``owner_id``), and the ``id`` of its object named for the parent
    (``owner: {id}``); in each of its alternative shapes where it has several (Stripe's
    external accounts, a bank account or a card). A parameter counts when a literal
    segment names its collection just before it and the parameter is named for that
    collection (``ownerId``, ``{customer}`` after ``customers``), or is an id by its name
    (``{id}``, ``{pid}``) after a plural segment: then only ``collection_id`` or a
    ``collection`` object take it, since a field named like it may be the item's own id
    (``pid``). ``/api/{version}/pets`` and ``/repos/{owner}/...`` name no parent. An
    object that refers to the item (``tableReference``) takes every id the path names
    for it, its own included, by the parameter's own name (``datasetId``, ``tableId``)."""
    views = [(view, False)]
    if not view.properties and plan.entity_schema is not None:
        views = [(object_view(b, registry), True) for b in _choices(plan.entity_schema, registry)]
    out: list[ParentField] = []
    segments = [s for s in op.path.split("/") if s]
    for before, segment in pairwise(segments):
        found = re.fullmatch(r"\{([^{}]+)\}", segment)
        if found is None or "{" in before:
            continue
        param = found.group(1)
        itself = param == plan.id_param  # only a reference to the item takes its own id
        named = _norm(param)
        collection = _norm(singular(before.lower()))
        # /customers/{customer}: a parameter named as one of its collection is its id
        id_named = bool(_ID_ENDINGS.search(named)) or named == collection
        stem = _ID_ENDINGS.sub("", named) if id_named else named
        # "ownerId" after "owners", "accountId" after "bankAccounts"; not "pid" after
        # "collections"
        own = stem == collection or (len(stem) >= 3 and collection.endswith(stem))
        if not collection or not (id_named or own) or not (own or is_plural(before.lower())):
            continue
        # a field named like a parameter that does not name its collection ("pid") is
        # as likely the item's own id
        wanted = {f"{collection}id"} | ({named, f"{stem}id"} if own else set())
        wanted.discard("id")
        for shape, chosen in views:
            for name, schema in shape.properties.items():
                if name == plan.id_field or (itself and not _REFERENCE.search(name)):
                    continue
                if _norm(name) in wanted and _scalar(schema, registry):
                    out.append(ParentField(param, name, None, schema, chosen))
                elif _norm(name) == collection and id_named:
                    # owner: {id} or, where the parameter is named for the collection, its
                    # id named for its kind (Workload: {WorkloadId} for {WorkloadId})
                    inner = object_view(schema, registry)
                    ids = {"id", f"{collection}id"} if own else {"id"}
                    nested = next((n for n in inner.properties if _norm(n) in ids), None)
                    if nested is not None and _scalar(inner.properties[nested], registry):
                        field = inner.properties[nested]
                        out.append(ParentField(param, name, nested, field, chosen))
                elif own and _REFERENCE.search(name):
                    # the item's reference to itself names its parents (BigQuery's
                    # tableReference: {projectId, datasetId, tableId})
                    inner = object_view(schema, registry)
                    nested = next((n for n in inner.properties if _norm(n) == named), None)
                    if nested is not None and _scalar(inner.properties[nested], registry):
                        field = inner.properties[nested]
                        out.append(ParentField(param, name, nested, field, chosen))
    return out


def _choices(schema: Schema, registry: Mapping[str, Any]) -> list[Schema]:
    """The alternative shapes (``anyOf`` / ``oneOf`` branches) of a schema, its ``$ref``
    followed."""
    resolved = resolve(schema, registry)
    if not isinstance(resolved, Mapping):
        return []
    return [
        branch
        for key in ("anyOf", "oneOf")
        for branch in resolved.get(key) or ()
        if isinstance(branch, Mapping)
    ]


def _as_typed(raw: Any) -> list[Any]:
    """A path value as the types a field may hold: ``"7"`` as ``7`` first, then as is."""
    if isinstance(raw, str) and re.fullmatch(r"-?\d{1,18}", raw):
        return [int(raw), raw]
    if isinstance(raw, int) and not isinstance(raw, bool):
        return [raw, str(raw)]
    return [raw]


def _text_fields(view: ObjectView, registry: Mapping[str, Any]) -> list[str]:
    """An object's fields a text search matches, best first: the usual names (``name``,
    ``title``...), then names that end like them (``shortTitle``, ``QuestionText``,
    ``commonName``), then any free-form string that is no id, link, date or code."""
    ranked: list[tuple[int, int, str]] = []
    for index, (name, schema) in enumerate(view.properties.items()):
        if "string" not in (types_of(schema, registry) or {"string"}):
            continue
        if name in _TEXT_FIELDS:
            rank = _TEXT_FIELDS.index(name)
        elif _norm(name).endswith(_TEXT_ENDINGS):
            rank = len(_TEXT_FIELDS)
        elif not _FREE_TEXT_EXCLUDED.search(name) and not (
            isinstance(schema, Mapping)
            and any(k in schema for k in ("format", "enum", "const", "pattern"))
        ):
            rank = len(_TEXT_FIELDS) + 1
        else:
            continue
        ranked.append((rank, index, name))
    return [name for _, _, name in sorted(ranked)]


def _same_value(held: Any, asked: Any) -> bool:
    """A stored value and a query's value agree: equal, or equal as text (``7`` and
    ``"7"``; ``true`` and ``"true"``)."""
    if held is None:
        return False
    if held == asked and type(held) is type(asked):
        return True
    text = json.dumps(held) if isinstance(held, bool) else str(held)
    return text == (json.dumps(asked) if isinstance(asked, bool) else str(asked))


def _mentions(value: Any, term: str) -> bool:
    """Whether some text in ``value`` (at any depth) holds ``term`` (case-folded)."""
    if isinstance(value, str):
        return term in value.casefold()
    if isinstance(value, dict):
        return any(_mentions(v, term) for v in value.values())
    if isinstance(value, list):
        return any(_mentions(v, term) for v in value)
    return False


def _match_field(param: str, view: ObjectView) -> str | None:
    wanted = _norm(param)
    for name in view.properties:
        if _norm(name) == wanted:
            return name
    return None


def _looks_like_url_field(schema: Schema | None) -> bool:
    return isinstance(schema, Mapping) and schema.get("format") in ("uri", "url", "uri-reference")


#: Fields of an auth answer that hold a credential: tokens, keys, secrets, JWTs.
_CREDENTIAL = re.compile(r"(?i)(token|jwt|secret|(?<!public)(?<!public_)key)$")
_JWT_NAMED = re.compile(r"(?i)(jwt|id_?token)$")
_PAGING_WORDS = re.compile(r"(?i)(page|next|continu|cursor|marker|sync)")


def _mock_credentials(seed: int, scope: Any) -> tuple[str, str]:
    """An opaque ``mock_`` token and a JWT whose claims say it is a mock (unsigned:
    ``alg`` ``none``), both derived from ``seed``."""

    def part(value: Mapping[str, Any]) -> str:
        text = json.dumps(value, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(text).decode().rstrip("=")

    claims: dict[str, Any] = {
        "iss": "specmock",
        "sub": f"mock-user-{seed % 10000}",
        "mock": True,
        "iat": 1767225600,  # 2026-01-01: fixed, so the same request gives the same token
        "exp": 4102444800,  # 2100-01-01
    }
    if isinstance(scope, str) and scope:
        claims["scope"] = scope
    jwt = f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.mock-{seed:x}"
    return f"mock_{seed:016x}", jwt


def _absolute(url: str) -> str:
    """A link as a URI: a bare path (the library answers with no request URL) on
    ``http://localhost``."""
    return url if "://" in url else "http://localhost" + url


def _query_text(value: Any) -> str:
    """A query value as a client writes it (``true``, not ``True``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


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
    """The offset a cursor stands for: a mock cursor's, a number's own (a numeric marker
    or an id the next page starts after), else 0."""
    if isinstance(value, int) and not isinstance(value, bool):
        return max(0, value)
    if not isinstance(value, str):
        return 0
    if re.fullmatch(r"\d{1,9}", value):
        return int(value)
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


def _pair(a: int, b: int) -> int:
    """Cantor's pairing of two naturals: one natural for each pair, every natural used."""
    return (a + b) * (a + b + 1) // 2 + b


def _unpair(z: int) -> tuple[int, int]:
    """The pair ``_pair`` maps onto ``z``."""
    w = (math.isqrt(8 * z + 1) - 1) // 2
    b = z - w * (w + 1) // 2
    return w - b, b
