-- Undo 0086: drops the trust and abuse views and the trust formula. No data
-- is lost: the views only compute.

drop view trust.abuse_findings;
drop type trust.abuse_flag_evidence_row;
drop view trust.trust_components;
drop function trust.score_from_components(
    numeric, numeric, numeric, numeric, numeric, numeric, integer, integer, numeric
);
drop view trust.interaction_entropy;
