"""Small helpers shared by the tests."""


def scalar(conn, query, params=None):
    return conn.execute(query, params).fetchone()[0]


def snapshot(conn) -> dict:
    """Row counts and a content hash of every table: "the database is unchanged"."""
    tables = conn.execute(
        "select format('%I.%I', schemaname, tablename) from pg_tables"
        " where schemaname in ('core', 'chat', 'play') order by 1"
    ).fetchall()
    return {
        name: conn.execute(f"select count(*), md5(coalesce(string_agg(t::text, '|' order by t::text), ''))"
                           f" from {name} as t").fetchone()
        for (name,) in tables
    }


def add_user(conn, php_user_id: int, language: str = "en") -> int:
    return scalar(
        conn,
        "insert into core.users (php_user_id, phone, preferred_language) values (%s, %s, %s) returning id",
        [php_user_id, f"+91{php_user_id:010d}", language],
    )


def question_id(conn, question_text: str) -> int:
    return scalar(conn, "select id from play.game_questions where question_text = %s", [question_text])
