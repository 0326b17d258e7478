"""Rebuild sql/schema.sql from the migrations (`make schema`).

Migrates a throwaway database on a throwaway server and writes its
normalised schema dump; tests/test_migrations.py fails while the committed
file differs from what the migrations build.
"""

import tempfile
from pathlib import Path

from runner import PROJECT_ROOT
from runner.localpg import LocalServer, _give_to_owner
from runner.migrate import Migrator, Settings
from runner.schema import dump_schema

SCHEMA_FILE = PROJECT_ROOT / "sql" / "schema.sql"


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="gamedb-schema-"))
    _give_to_owner(home)
    server = LocalServer(home)
    try:
        server.start()
        server.ensure_database("gamedb")
        url = server.url("gamedb")
        migrator = Migrator(url, Settings(), lambda _: None)
        migrator.migrate()
        migrator.close()
        SCHEMA_FILE.write_text(dump_schema(url))
        print(f"wrote {SCHEMA_FILE.relative_to(PROJECT_ROOT)}")
    finally:
        server.destroy()


if __name__ == "__main__":
    main()
