"""gamedb: the runner for gamedb's migrations, named queries and invariant checks."""

from pathlib import Path

# The project checkout: migrations/, queries/ and sql/ live beside runner/.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
QUERIES_DIR = PROJECT_ROOT / "queries"
INVARIANTS_DIR = PROJECT_ROOT / "sql" / "invariants"
DEMO_DIR = PROJECT_ROOT / "sql" / "demo"
OPTIONAL_DIR = PROJECT_ROOT / "sql" / "optional"
