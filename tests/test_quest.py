"""The quest module: quests, psychologist reviews, the marketplace, consent-gated progress,
recovery tracks, the builder."""

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.helpers import (add_psychologist, add_user, app_run, plan_at_scale, refused, rows, run, scalar,
                           snapshot)


GRAPH = {"nodes": [{"id": "a"}, {"id": "b"}], "edges": [{"source": "a", "target": "b"}]}


def test_enum_names_are_in_the_comments(schema_conn):
    comments = " ".join(r[0] for r in schema_conn.execute(
        "select col_description(attrelid, attnum) from pg_attribute"
        " where attrelid in ('core.users'::regclass, 'quest.user_tracks'::regclass)"
        " and col_description(attrelid, attnum) is not null").fetchall())
    for enum in ("UserModeEnum", "RecoveryTrackEnum", "TrackPhaseEnum"):
        assert enum in comments


@pytest.fixture
def family(conn):
    parent = add_user(conn, 401)
    psychologist = add_psychologist(conn, 402)
    quest = scalar(conn, "insert into quest.quests (quest_id, user_id, title, graph_structure, age_range)"
                   " values ('q-1', %s, 'Brave boat', %s, '7-9') returning id", [parent, Jsonb(GRAPH)])
    return {"parent": parent, "psychologist": psychologist, "quest": quest}


@pytest.mark.parametrize(("graph", "message"), [
    ({"nodes": [{"id": "a"}]}, 'must be {"nodes"'),
    ([1, 2], 'must be {"nodes"'),
    ({"nodes": [{"id": "a"}, {"id": "a"}], "edges": []}, 'needs a unique "id" on every node'),
    ({"nodes": [{"label": "no id"}], "edges": []}, 'needs a unique "id" on every node'),
    ({"nodes": [{"id": "a"}], "edges": [{"source": "a", "target": "ghost"}]}, "has an edge a -> ghost that does"),
    ({"nodes": [{"id": "a"}], "edges": [{"from": "a"}]}, "has an edge \\? -> \\? that does"),
])
def test_graph_structure_must_join_existing_nodes(conn, family, graph, message):
    refused(conn, "update quest.quests set graph_structure = %s where id = %s", [Jsonb(graph), family["quest"]],
            match=f"quests.graph_structure {message}")
    refused(conn, "insert into quest.quest_builder_sessions (user_id, current_graph) values (%s, %s)",
            [family["parent"], Jsonb(graph)], match=f"quest_builder_sessions.current_graph {message}")


@pytest.mark.parametrize(("statement", "match"), [
    ("update core.users set mode = 'PLAYFUL' where id = %(parent)s", "users_mode_check"),
    ("update quest.quests set age_range = 'teens' where id = %(quest)s", "quests_age_range_check"),
    ("update quest.quests set age_range = '12-7' where id = %(quest)s", "quests_age_range_check"),
    ("update quest.quests set is_public = true where id = %(quest)s", "quests_public_needs_review_check"),
    ("insert into quest.psychologist_reviews (quest_id, reviewer_id, emotional_safety_score,"
     " therapeutic_correctness_score, age_appropriateness_score, reveal_timing_score)"
     " values (%(quest)s, %(psychologist)s, 6, 3, 3, 3)", "psychologist_reviews_scores_check"),
    ("insert into quest.quest_ratings (user_id, quest_id, rating) values (%(parent)s, %(quest)s, 0)",
     "quest_ratings_rating_check"),
    ("insert into quest.user_tracks (user_id, track_type) values (%(parent)s, 'HOBBIES')",
     "user_tracks_track_type_check"),
    ("insert into quest.user_tracks (user_id, track_type, current_phase) values (%(parent)s, 'SELF_WORK', 'DONE')",
     "user_tracks_current_phase_check"),
    ("insert into quest.user_tracks (user_id, track_type, completion_percentage)"
     " values (%(parent)s, 'SELF_WORK', 101)", "user_tracks_completion_percentage_check"),
    ("insert into quest.user_tracks (user_id, track_type, total_activities, completed_activities)"
     " values (%(parent)s, 'SELF_WORK', 3, 4)", "user_tracks_activities_check"),
    ("insert into quest.quest_builder_sessions (user_id, current_stage) values (%(parent)s, 'brainstorming')",
     "quest_builder_sessions_current_stage_check"),
])
def test_closed_sets_and_ranges(conn, family, statement, match):
    refused(conn, statement, family, match)


def test_one_rating_per_user_per_quest(conn, family):
    conn.execute("insert into quest.quest_ratings (user_id, quest_id, rating) values (%s, %s, 4)",
                 [family["parent"], family["quest"]])
    refused(conn, "insert into quest.quest_ratings (user_id, quest_id, rating) values (%s, %s, 5)",
            [family["parent"], family["quest"]], match="quest_ratings_user_id_quest_id_key")


def test_builder_stage_moves_forward_only(conn, family):
    session = scalar(conn, "insert into quest.quest_builder_sessions (user_id) values (%s) returning id",
                     [family["parent"]])
    for stage in ("collecting_info", "clarifying", "clarifying", "reviewing"):
        conn.execute("update quest.quest_builder_sessions set current_stage = %s where id = %s", [stage, session])
    refused(conn, "update quest.quest_builder_sessions set current_stage = 'generating' where id = %s", [session],
            match="cannot go back from reviewing to generating")


def test_progress_needs_consent_and_revoking_stops_it(conn, family):
    write = ("insert into quest.quest_progress (user_id, quest_id, current_step) values (%s, %s, %s)"
             " on conflict (user_id, quest_id) do update set current_step = excluded.current_step")
    refused(conn, write, [family["parent"], family["quest"], 1], match="no consent")
    conn.execute("insert into quest.child_privacy_settings (user_id, progress_sync_consent) values (%s, false)",
                 [family["parent"]])
    refused(conn, write, [family["parent"], family["quest"], 1], match="no consent")
    conn.execute("update quest.child_privacy_settings set progress_sync_consent = true where user_id = %s",
                 [family["parent"]])
    conn.execute(write, [family["parent"], family["quest"], 1])
    conn.execute("update quest.child_privacy_settings set progress_sync_consent = false where user_id = %s",
                 [family["parent"]])
    refused(conn, write, [family["parent"], family["quest"], 2], match="no consent")
    assert scalar(conn, "select consent_updated_at is not null from quest.child_privacy_settings") is True


def test_summary_fields_cannot_drift_from_their_rows(conn, family):
    quest, parent = family["quest"], family["parent"]
    other = add_user(conn, 403)
    conn.execute("insert into quest.quest_ratings (user_id, quest_id, rating) values (%s, %s, 5), (%s, %s, 2)",
                 [parent, quest, other, quest])
    assert scalar(conn, "select rating from quest.quests where id = %s", [quest]) == 3.5
    conn.execute("update quest.quests set rating = 5, plays_count = 99, psychologist_reviewed = true,"
                 " reviewed_at = now() where id = %s", [quest])
    assert conn.execute("select rating, plays_count, psychologist_reviewed, reviewed_at from quest.quests"
                        " where id = %s", [quest]).fetchone() == (3.5, 0, False, None)
    conn.execute("delete from quest.quest_ratings where user_id = %s", [other])
    assert scalar(conn, "select rating from quest.quests where id = %s", [quest]) == 5


def review(conn, family, approved=True):
    conn.execute("insert into quest.psychologist_reviews (quest_id, reviewer_id, emotional_safety_score,"
                 " therapeutic_correctness_score, age_appropriateness_score, reveal_timing_score)"
                 " values (%s, %s, 5, 5, 4, 4)", [family["quest"], family["psychologist"]])
    conn.execute("select quest.decide_review(%s, %s, true)", [family["quest"], approved])


def test_an_approved_review_publishes_and_withdrawing_it_unpublishes(conn, family):
    review(conn, family)
    assert conn.execute("select is_public, psychologist_reviewed, reviewed_at is not null, moderation_status"
                        " from quest.quests where id = %s", [family["quest"]]).fetchone() == (
        True, True, True, "approved")
    conn.execute("update quest.psychologist_reviews set is_approved = false where quest_id = %s", [family["quest"]])
    assert conn.execute("select is_public, psychologist_reviewed from quest.quests where id = %s",
                        [family["quest"]]).fetchone() == (False, False)


@pytest.fixture
def market(db):
    """Four quests: three public and approved (two ages, two modules), one awaiting review."""
    parent, psychologist, rater = add_user(db, 411), add_psychologist(db, 412), add_user(db, 413)
    ids = {}
    for key, module, ages, place in (("boat", "CBT", "7-9", "harbour"), ("homes", "IFS", "10-12", "forest"),
                                     ("cave", "CBT", "8-11", "cave"), ("draft", "CBT", "7-9", "harbour")):
        ids[key] = scalar(db, "insert into quest.quests (quest_id, user_id, title, psychological_module, age_range,"
                          " location, graph_structure) values (%s, %s, %s, %s, %s, %s, %s) returning id",
                          [key, parent, key.title(), module, ages, place, Jsonb(GRAPH)])
        db.execute("insert into quest.psychologist_reviews (quest_id, reviewer_id, emotional_safety_score,"
                   " therapeutic_correctness_score, age_appropriateness_score, reveal_timing_score)"
                   " values (%s, %s, 5, 4, 5, 4)", [ids[key], psychologist])
        if key != "draft":
            db.execute("select quest.decide_review(%s, true, true)", [ids[key]])
    for key, stars in (("boat", 5), ("homes", 3), ("cave", 4)):
        db.execute("insert into quest.quest_ratings (user_id, quest_id, rating) values (%s, %s, %s)",
                   [rater, ids[key], stars])
    return {"ids": ids, "parent": parent, "psychologist": psychologist, "rater": rater}


def titles(result):
    return [r["quest_id"] for r in rows(result)]


def test_keyset_pages_are_the_offset_pages_with_ties_and_unrated_quests(gamedb, db, market):
    """after_id walks the same order as page does: rating desc (unrated last), then id."""
    for n in range(7):  # more public quests: tied ratings and unrated ones
        quest = scalar(db, "insert into quest.quests (quest_id, user_id, title, psychological_module, age_range,"
                           " location, graph_structure) values (%s, %s, 'x', 'CBT', '7-9', 'sea', %s) returning id",
                       [f"extra{n}", market["parent"], Jsonb(GRAPH)])
        db.execute("insert into quest.psychologist_reviews (quest_id, reviewer_id, emotional_safety_score,"
                   " therapeutic_correctness_score, age_appropriateness_score, reveal_timing_score)"
                   " values (%s, %s, 5, 4, 5, 4)", [quest, market["psychologist"]])
        db.execute("select quest.decide_review(%s, true, true)", [quest])
        if n < 4:
            db.execute("insert into quest.quest_ratings (user_id, quest_id, rating) values (%s, %s, %s)",
                       [market["rater"], quest, 4 + n % 2])
    everything = titles(run(gamedb, "marketplace_browse", "page_size=100"))
    assert len(everything) == 10
    walked, after = [], None
    while True:
        page = rows(run(gamedb, "marketplace_browse", "page_size=3", *([f"after_id={after}"] if after else [])))
        if not page:
            break
        walked += [r["quest_id"] for r in page]
        after = page[-1]["id"]
    assert walked == everything


def test_a_deep_keyset_page_starts_at_the_cursor_in_the_index(conn):
    plan = plan_at_scale(conn, "marketplace_browse", {"after_id": "1"})
    assert "idx_quests_is_public" in plan and "rating <=" in plan, plan


def test_the_first_page_reads_the_index_in_the_marketplace_order_without_a_sort(conn):
    with conn.transaction(force_rollback=True):
        conn.execute("set local enable_sort = off")  # a plan may sort only if no index gives the order
        plan = plan_at_scale(conn, "marketplace_browse", {"age": "8"})
    assert "idx_quests_is_public" in plan and "Sort" not in plan, plan


def test_marketplace_browse_filters_and_pages(gamedb, market):
    assert titles(run(gamedb, "marketplace_browse")) == ["boat", "cave", "homes"]
    assert titles(run(gamedb, "marketplace_browse", "psychological_module=CBT")) == ["boat", "cave"]
    assert titles(run(gamedb, "marketplace_browse", "age=10")) == ["cave", "homes"]
    assert titles(run(gamedb, "marketplace_browse", "location=forest")) == ["homes"]
    assert titles(run(gamedb, "marketplace_browse", "min_rating=4")) == ["boat", "cave"]
    assert titles(run(gamedb, "marketplace_browse", "page_size=2", "page=2")) == ["homes"]
    assert titles(run(gamedb, "marketplace_browse", "age=8", "psychological_module=CBT", "min_rating=4.5")) == [
        "boat"]


def test_library_rating_and_reveal(gamedb, db, market):
    boat, draft, user = market["ids"]["boat"], market["ids"]["draft"], market["parent"]
    first = rows(run(gamedb, "add_to_library", f"user_id={user}", f"quest_id={boat}"))
    assert rows(run(gamedb, "add_to_library", f"user_id={user}", f"quest_id={boat}")) == first
    assert rows(run(gamedb, "add_to_library", f"user_id={user}", f"quest_id={draft}")) == []
    assert rows(run(gamedb, "rate_quest", f"user_id={user}", f"quest_id={boat}", "rating=2")) == [
        {"quest_id": boat, "your_rating": 2}]
    assert scalar(db, "select rating from quest.quests where id = %s", [boat]) == 3.5
    run(gamedb, "rate_quest", f"user_id={user}", f"quest_id={boat}", "rating=4")
    assert scalar(db, "select rating from quest.quests where id = %s", [boat]) == 4.5
    bad = run(gamedb, "rate_quest", f"user_id={user}", f"quest_id={boat}", "rating=9")
    assert bad.exit_code == 2 and "parameter rating: must be >= 1 <= 5, got 9" in bad.stderr
    for expected in (1, 2):
        assert rows(run(gamedb, "record_reveal_view", f"quest_id={boat}"))[0]["reveal_count"] == expected


def test_submit_and_approve_a_review(gamedb, db, market):
    draft, psychologist = market["ids"]["draft"], market["psychologist"]
    submitted = rows(run(gamedb, "submit_review", f"quest_id={draft}", f"reviewer_id={psychologist}",
                         "emotional_safety=5", "therapeutic_correctness=4", "age_appropriateness=5",
                         "reveal_timing=3", "concerns=Reveal a bit early"))
    assert submitted[0]["is_approved"] is False
    rejected = rows(run(gamedb, "approve_review", f"quest_id={draft}", "approved=false"))
    assert (rejected[0]["is_public"], rejected[0]["psychologist_reviewed"]) == (False, False)
    approved = rows(run(gamedb, "approve_review", f"quest_id={draft}", "approved=true"))
    assert (approved[0]["is_public"], approved[0]["psychologist_reviewed"]) == (True, True)
    assert "draft" in titles(run(gamedb, "marketplace_browse"))
    # A resubmitted review takes the quest out of the marketplace until decided again.
    run(gamedb, "submit_review", f"quest_id={draft}", f"reviewer_id={psychologist}", "emotional_safety=4",
        "therapeutic_correctness=4", "age_appropriateness=4", "reveal_timing=4")
    assert "draft" not in titles(run(gamedb, "marketplace_browse"))
    out_of_range = run(gamedb, "submit_review", f"quest_id={draft}", f"reviewer_id={psychologist}",
                       "emotional_safety=0", "therapeutic_correctness=4", "age_appropriateness=4", "reveal_timing=4")
    assert out_of_range.exit_code == 3
    no_review = run(gamedb, "approve_review", f"quest_id={market['ids']['boat'] + 1000}", "approved=true")
    assert no_review.exit_code == 3 and "has no submitted review" in no_review.stderr
    assert gamedb("check").exit_code == 0


def test_progress_sync_only_with_consent(gamedb, db, market):
    boat = market["ids"]["boat"]
    consenting, refusing = add_user(db, 421), add_user(db, 422)
    db.execute("insert into quest.child_privacy_settings (user_id, progress_sync_consent) values (%s, true),"
               " (%s, false)", [consenting, refusing])
    synced = rows(run(gamedb, "sync_quest_progress", f"user_id={consenting}", f"quest_id={boat}", "current_step=1",
                      "new_sessions=1", "new_minutes=12.5"))
    assert synced[0]["session_count"] == 1
    rows(run(gamedb, "sync_quest_progress", f"user_id={consenting}", f"quest_id={boat}", "current_step=3",
             "new_sessions=2", "new_minutes=10", "completed=true"))
    before = snapshot(db)
    denied = run(gamedb, "sync_quest_progress", f"user_id={refusing}", f"quest_id={boat}", "current_step=1")
    assert denied.exit_code == 3 and "no consent" in denied.stderr
    assert snapshot(db) == before
    shared = rows(run(gamedb, "quest_progress_for_sync"))
    assert [(s["user_id"], s["current_step"], s["completed"], s["session_count"], s["total_time_minutes"])
            for s in shared] == [(consenting, 3, True, 3, 22.5)]
    assert scalar(db, "select plays_count from quest.quests where id = %s", [boat]) == 3
    db.execute("update quest.child_privacy_settings set progress_sync_consent = false where user_id = %s",
               [consenting])
    assert rows(run(gamedb, "quest_progress_for_sync")) == []
    assert gamedb("check").exit_code == 0


def test_recovery_tracks_and_builder_history(gamedb, db):
    user = add_user(db, 431)
    db.execute("insert into quest.user_tracks (user_id, track_type, current_phase, completion_percentage,"
               " total_activities, completed_activities) values (%s, 'SELF_WORK', 'ACTION', 60, 10, 6),"
               " (%s, 'COMMUNITY', 'AWARENESS', 0, 4, 0)", [user, user])
    tracks = rows(run(gamedb, "recovery_track_progress", f"user_id={user}"))
    assert [(t["track_type"], t["phase_number"], t["completed_activities"]) for t in tracks] == [
        ("COMMUNITY", 1, 0), ("SELF_WORK", 3, 6)]
    for history in ('[{"role": "assistant"}]', '[{"role": "assistant"}, {"role": "user"}, {"role": "assistant"}]'):
        db.execute("insert into quest.quest_builder_sessions (user_id, conversation_history) values (%s, %s)",
                   [user, history])
    sessions = rows(run(gamedb, "builder_session_history", f"user_id={user}"))
    assert [s["messages"] for s in sessions] == [3, 1]


def test_recompute_quest_stats_repairs_drift(gamedb, db, market):
    boat = market["ids"]["boat"]
    assert rows(run(gamedb, "recompute_quest_stats")) == []
    db.execute("alter table quest.quests disable trigger quests_derive_summary")
    db.execute("update quest.quests set rating = 1, plays_count = 40 where id = %s", [boat])
    db.execute("alter table quest.quests enable trigger quests_derive_summary")
    assert gamedb("check").exit_code == 1
    assert rows(run(gamedb, "recompute_quest_stats")) == [
        {"id": boat, "rating": 5.0, "plays_count": 0, "psychologist_reviewed": True}]
    assert gamedb("check").exit_code == 0


ONE_NODE_GRAPH = {"nodes": [{"id": "start"}], "edges": []}


def test_a_flagged_public_quest_leaves_the_marketplace_at_once(db, gamedb, app):
    parent, psychologist = add_user(db, 6101), add_psychologist(db, 6102)
    quest = scalar(db, "insert into quest.quests (quest_id, user_id, title, graph_structure)"
                       " values ('kite', %s, 'Kite', %s) returning id", [parent, Jsonb(ONE_NODE_GRAPH)])
    db.execute("insert into quest.psychologist_reviews (quest_id, reviewer_id, emotional_safety_score,"
               " therapeutic_correctness_score, age_appropriateness_score, reveal_timing_score)"
               " values (%s, %s, 5, 5, 5, 5)", [quest, psychologist])
    db.execute("select quest.decide_review(%s, true, true)", [quest])
    assert scalar(db, "select is_public from quest.quests where id = %s", [quest]) is True
    app.execute("update quest.quests set moderation_status = 'flagged' where id = %s", [quest])  # as the app
    assert scalar(db, "select is_public from quest.quests where id = %s", [quest]) is False
    assert rows(run(gamedb, "marketplace_browse")) == []
    assert gamedb("check").exit_code == 0


def test_a_recovery_track_moves_only_forward(db, gamedb):
    user = add_user(db, 6201)
    first = rows(run(gamedb, "record_track_activity", f"user_id={user}", "track_type=SELF_WORK", "total=4",
                     role="gamedb_app"))
    assert [(t["current_phase"], t["completed_activities"], t["completion_percentage"]) for t in first] == [
        ("AWARENESS", 1, 25)]
    moved = rows(run(gamedb, "record_track_activity", f"user_id={user}", "track_type=SELF_WORK", "phase=ACTION",
                     role="gamedb_app"))
    assert [(t["current_phase"], t["completed_activities"], t["completion_percentage"]) for t in moved] == [
        ("ACTION", 2, 50)]
    before = snapshot(db)
    back = run(gamedb, "record_track_activity", f"user_id={user}", "track_type=SELF_WORK", "phase=EXPRESSION",
               role="gamedb_app")
    assert back.exit_code == 3 and "cannot move back from ACTION to EXPRESSION" in back.stderr
    assert snapshot(db) == before


def test_only_a_verified_psychologist_reviews(db, gamedb, app):
    parent, someone = add_user(db, 6301), add_user(db, 6302)
    quest = scalar(db, "insert into quest.quests (quest_id, user_id, title, graph_structure)"
                       " values ('lamp', %s, 'Lamp', %s) returning id", [parent, Jsonb(ONE_NODE_GRAPH)])
    review = ["submit_review", f"quest_id={quest}", f"reviewer_id={someone}", "emotional_safety=5",
              "therapeutic_correctness=5", "age_appropriateness=5", "reveal_timing=5"]
    before = snapshot(db)
    refused = run(gamedb, *review, role="gamedb_app")
    assert refused.exit_code == 3 and "is not a verified psychologist" in refused.stderr
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        app.execute("insert into quest.psychologists (user_id, licence_number, verified_by) values (%s, 'x', 'me')",
                    [someone])
    assert snapshot(db) == before
    registered = rows(run(gamedb, "register_psychologist", f"user_id={someone}", "licence_number=RCI-1",
                          "verified_by=ops", role="gamedb_owner"))
    assert [r["revoked_at"] for r in registered] == [None]
    assert run(gamedb, *review, role="gamedb_app").exit_code == 0
    rows(run(gamedb, "register_psychologist", f"user_id={someone}", "licence_number=RCI-1", "verified_by=ops",
             "revoke=true", role="gamedb_owner"))
    other = scalar(db, "insert into quest.quests (quest_id, user_id, title, graph_structure)"
                       " values ('lamp2', %s, 'Lamp 2', %s) returning id", [parent, Jsonb(ONE_NODE_GRAPH)])
    review[1] = f"quest_id={other}"
    revoked = run(gamedb, *review, role="gamedb_app")
    assert revoked.exit_code == 3 and "is not a verified psychologist" in revoked.stderr


START_END_GRAPH = '{"nodes": [{"id": "start"}, {"id": "end"}], "edges": [{"source": "start", "target": "end"}]}'


def test_a_builder_session_becomes_a_quest(db, gamedb):
    parent = add_user(db, 7601)
    (session,) = rows(app_run(gamedb, "builder_session_start", f"user_id={parent}", 'context={"child_age": 8}'))
    sid = session["session_id"]
    for speaker, message in (("user", "My son is afraid of the dark"), ("assistant", "Let us build a lantern quest")):
        turns = rows(app_run(gamedb, "builder_session_add_turn", f"session_id={sid}", f"speaker={speaker}",
                             f"message={message}"))
    assert turns[0]["turns"] == 2
    early = app_run(gamedb, "builder_session_publish", f"session_id={sid}", "quest_key=lantern", "title=Lantern")
    assert early.exit_code == 3 and "is not ready" in early.stderr
    rows(app_run(gamedb, "builder_session_advance", f"session_id={sid}", "stage=generating"))
    back = app_run(gamedb, "builder_session_advance", f"session_id={sid}", "stage=clarifying")
    assert back.exit_code == 3 and "cannot go back" in back.stderr
    bad_graph = app_run(gamedb, "builder_session_advance", f"session_id={sid}", "stage=reviewing", 'graph={"x": 1}')
    assert bad_graph.exit_code == 3
    ready = rows(app_run(gamedb, "builder_session_advance", f"session_id={sid}", "stage=quest_ready",
                         f"graph={START_END_GRAPH}"))
    assert [(r["current_stage"], r["has_graph"]) for r in ready] == [("quest_ready", True)]
    (quest,) = rows(app_run(gamedb, "builder_session_publish", f"session_id={sid}", "quest_key=lantern",
                            "title=Lantern"))
    assert (quest["user_id"], quest["is_public"]) == (parent, False)
    assert scalar(db, "select quest_id from quest.quest_builder_sessions where id = %s", [sid]) == quest["id"]
    twice = app_run(gamedb, "builder_session_publish", f"session_id={sid}", "quest_key=lantern2", "title=L")
    assert twice.exit_code == 3 and "already published" in twice.stderr
