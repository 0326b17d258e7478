-- Undo 0148: the detectors take the server's JIT setting again.

alter function trust.abuse_findings_of(bigint[], timestamptz) reset jit;
