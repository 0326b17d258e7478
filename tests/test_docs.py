"""The documents the code cites are in the repository, and say what the code does."""

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
CITING = [p for folder in ("migrations", "queries", "sql", "tests", "runner") for p in (ROOT / folder).rglob("*")
          if p.suffix in (".sql", ".py")] + [ROOT / "README.md"]


def test_every_citation_of_a_seed_or_the_design_resolves():
    requirements = (ROOT / "docs" / "requirements.md").read_text(encoding="utf-8")
    seeds = set(re.findall(r"^## Seed (\d{3})", requirements, re.MULTILINE))
    phases = set(re.findall(r"^\| phase (\d) \|", requirements, re.MULTILINE))
    assert seeds == {"000", "001", "002", "003", "004"} and phases == {"1", "2", "3", "4", "5"}
    for path in CITING:
        text = path.read_text(encoding="utf-8", errors="replace").lower()
        cited = set(re.findall(r"seeds? (\d{3})", text))
        assert cited <= seeds, f"{path.name} cites a seed the requirements do not describe: {cited - seeds}"
        assert set(re.findall(r"seed 004,? phase (\d)", text)) <= phases, path.name
        if "design.md" in text:
            assert (ROOT / "docs" / "DESIGN.md").exists()


def test_every_migration_is_placed_in_the_requirements():
    requirements = (ROOT / "docs" / "requirements.md").read_text(encoding="utf-8")
    named = set()
    for first, last in re.findall(r"\b(\d{4})(?:-(\d{4}))?\b", requirements):
        named |= {f"{n:04d}" for n in range(int(first), int(last or first) + 1)}
    migrations = {p.name[:4] for p in (ROOT / "migrations").glob("*.sql")}
    assert migrations <= named, f"not in docs/requirements.md: {sorted(migrations - named)}"


def settings_read_by_the_code(conn) -> set[str]:
    """Every setting key a migration or query reads, templated names expanded."""
    from runner.queries import all_queries
    text = "\n".join(p.read_text(encoding="utf-8") for folder in ("migrations", "queries")
                     for p in sorted((ROOT / folder).glob("*.sql")) if not p.name.endswith(".rollback.sql"))
    keys = set(re.findall(r"core\.setting_(?:numeric|boolean|text)\('([a-z_]+)'\)", text))
    keys |= set(re.findall(r"apply_daily_cap\('\w+', '\w+', '([a-z_]+)'\)", text))
    if "core.setting_numeric('reward_' || game.game_type)" in text:
        game_types = conn.execute("select pg_get_constraintdef(oid) from pg_constraint"
                                  " where conname = 'game_sessions_game_type_check'").fetchone()[0]
        keys |= {f"reward_{t}" for t in re.findall(r"'(\w+)'::(?:character varying|text)", game_types)}
    for template in set(re.findall(r"core\.setting_numeric\('(\w*\{\{ \w+ \}\}\w*)'\)", text)):
        name = re.search(r"\{\{ (\w+) \}\}", template).group(1)
        choices = next(q.params[name].choices for q in all_queries().values() if template in q.template)
        keys |= {re.sub(r"\{\{ \w+ \}\}", choice, template) for choice in choices}
    return keys


def test_the_required_settings_invariant_names_every_setting_the_code_reads(schema_conn):
    invariant = (ROOT / "sql" / "invariants" / "settings_required.sql").read_text(encoding="utf-8")
    listed = set(re.findall(r"\('([a-z_]+)', '(?:number|boolean|json|string)'\)", invariant))
    read = settings_read_by_the_code(schema_conn)
    assert len(read) >= 30
    assert read == listed, f"read but not required: {sorted(read - listed)}; required but not read: {sorted(listed - read)}"


def test_every_named_query_is_run_by_a_test():
    from runner.queries import all_queries
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    run_calls = set(re.findall(r"""run\((?:gamedb|cli), "(\w+)"|"(?:query|job)", "run", "(\w+)"|\("(\w+)", \{""", tests))
    ran = {name for group in run_calls for name in group if name}
    assert set(all_queries()) - ran == set()


def test_no_test_helper_shares_a_named_query_s_name():
    """A helper called like a query must be that query; any other helper has a name of its own."""
    from runner.queries import all_queries
    import tests.conftest
    import tests.helpers
    helpers = {name for module in (tests.helpers, tests.conftest) for name in vars(module) if callable(vars(module)[name])}
    assert helpers & set(all_queries()) == set()
