-- The abuse detectors run without JIT compilation.
--
-- trust.abuse_findings_of's plan is estimated far above its real cost (an
-- evidence array per finding, each costed as a scan), which crosses
-- jit_above_cost and jit_optimize_above_cost: PostgreSQL then compiles and
-- optimises the query's expressions on every call. Measured at 500,000
-- votes: of an hourly run's 1.9 s, JIT took 1.04 s; the function took
-- 2.1 s with JIT and 0.73-0.89 s without for the voters of the last hours,
-- and 6.1 s against 4.3 s over everyone. The setting is the function's own:
-- other queries keep the server's.
--
-- A function setting; no data changes.

alter function trust.abuse_findings_of(bigint[], timestamptz) set jit = off;
