-- Undo 0042: drops the graph shape check. No data is lost.

drop function quest.check_graph_structure(jsonb, text);
