"""The header every SQL file of gamedb opens with, read one way for all three kinds.

A header is the file's first lines of the form `-- key: value`; it ends at the
first line that is not one (a blank `--`, prose, or SQL). Keys are lower case
words with `_` or `-`. What each kind of file accepts:

- migrations: `transactional: false` (read by yoyo too), `phase: post-deploy`,
  `role: login`, `revises: <sha256>` (any number);
- named queries: name, description, mode, lock, param and the schedule keys
  (see runner/queries.py and runner/schedule.py);
- invariants: description.
"""

import re
from dataclasses import dataclass
from pathlib import Path

HEADER_LINE = re.compile(r"^--\s*([a-z][a-z0-9_-]*)\s*:\s*(.*?)\s*$")


@dataclass
class Header:
    lines: list[tuple[str, str]]  # (key, value) in file order; a key may repeat
    body: str  # the file after the header

    def values(self, key: str) -> list[str]:
        return [value for name, value in self.lines if name == key]

    def get(self, key: str, default: str | None = None) -> str | None:
        found = self.values(key)
        return found[0] if found else default


def read_header(path: Path) -> Header:
    """The file's `-- key: value` lines and the text after them."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = []
    for line in lines:
        match = HEADER_LINE.match(line.strip())
        if not match:
            break
        header.append((match.group(1), match.group(2)))
    return Header(header, "".join(lines[len(header):]))


def check_keys(path: Path, header: Header, known: set[str]) -> None:
    """Refuse a header key this kind of file does not know (a typo would otherwise be ignored)."""
    from runner.errors import UsageError

    for key, _ in header.lines:
        if key not in known:
            raise UsageError(f"{path.name}: unknown header key {key!r} (known: {', '.join(sorted(known))})")
