-- The shape of a quest graph, checked in the database.
--
-- Seed 002 makes graph_structure the PRIMARY storage of a quest (nodes +
-- edges, inner_edu's format): {"nodes": [{"id": "n1", ...}, ...],
-- "edges": [{"source": "n1", "target": "n2", ...}, ...]}. Node ids are unique
-- text; every edge joins two existing nodes. Used by quests and builder
-- sessions; raises naming the field, like the other JSONB checks.

create function quest.check_graph_structure(document jsonb, field text) returns boolean
language plpgsql immutable as $$
declare
    node_ids text[];
    bad text;
begin
    if document is null then
        return true;
    end if;
    if jsonb_typeof(document) <> 'object'
        or jsonb_typeof(document -> 'nodes') is distinct from 'array'
        or jsonb_typeof(document -> 'edges') is distinct from 'array' then
        raise exception '% must be {"nodes": [...], "edges": [...]}', field using errcode = 'check_violation';
    end if;
    select array_agg(n ->> 'id') into node_ids from jsonb_array_elements(document -> 'nodes') as n;
    if exists (select 1 from unnest(node_ids) as i where i is null)
        or cardinality(node_ids) <> (select count(distinct i) from unnest(node_ids) as i) then
        raise exception '% needs a unique "id" on every node', field using errcode = 'check_violation';
    end if;
    select coalesce(e ->> 'source', '?') || ' -> ' || coalesce(e ->> 'target', '?') into bad
    from jsonb_array_elements(document -> 'edges') as e
    where not coalesce((e ->> 'source') = any(node_ids) and (e ->> 'target') = any(node_ids), false)
    limit 1;
    if bad is not null then
        raise exception '% has an edge % that does not join two existing nodes', field, bad
            using errcode = 'check_violation';
    end if;
    return true;
end;
$$;
comment on function quest.check_graph_structure(jsonb, text) is
'CHECK helper: a quest graph is {"nodes": [{"id"}...], "edges": [{"source", "target"}...]} with edges between nodes.';
