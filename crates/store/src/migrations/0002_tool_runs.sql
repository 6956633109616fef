-- Version 2: runs of the scanners and audits started from the web app's Tools page
-- (code scan, secret search, threat-model analysis, log and IAM audits), so each
-- result has a stable URL and the list of past runs survives a restart.
--
-- A run is written once, when it has finished: `findings` is the JSON array of the
-- findings as the engines returned them (each with the engine that produced it) and
-- `summary` a JSON object of what was read (files, lines, notes, skips).
--
-- Runs are not preparation history: they are re-creatable output about files on this
-- machine, so `export` leaves them out and the export document keeps its version-1 shape.
CREATE TABLE tool_runs (
    id           INTEGER PRIMARY KEY,
    tool         TEXT NOT NULL CONSTRAINT tool_run_tool CHECK (length(tool) > 0),
    target       TEXT NOT NULL CONSTRAINT tool_run_target CHECK (length(target) > 0),
    started_at   TEXT NOT NULL CONSTRAINT tool_run_started_at CHECK (julianday(started_at) IS NOT NULL),
    finished_at  TEXT NOT NULL CONSTRAINT tool_run_finished_at CHECK (julianday(finished_at) IS NOT NULL),
    findings     TEXT NOT NULL CONSTRAINT tool_run_findings CHECK (json_valid(findings) AND json_type(findings) = 'array'),
    summary      TEXT NOT NULL CONSTRAINT tool_run_summary CHECK (json_valid(summary) AND json_type(summary) = 'object')
);
CREATE INDEX tool_runs_by_start ON tool_runs (started_at);
