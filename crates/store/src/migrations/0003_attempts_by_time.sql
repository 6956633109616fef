-- Version 3: attempts are always listed in time order (`ORDER BY
-- julianday(started_at), id`), and the dashboard lists all of them on every
-- view. Without an index SQLite sorted every row each time; against a year
-- of history (bench/web) that sort was about half of the query. The index
-- gives the rows in order. julianday() of a stored value is deterministic,
-- so SQLite accepts it in an index.
CREATE INDEX attempts_by_time ON attempts (julianday(started_at), id);
