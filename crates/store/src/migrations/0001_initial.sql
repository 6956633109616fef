-- Version 1: the preparation system's first schema.
--
-- Conventions:
-- * dates are 'YYYY-MM-DD' text, timestamps RFC 3339 text ('2026-11-23T09:30:00Z');
--   CHECK constraints reject values SQLite's date functions cannot read;
-- * JSON columns are text holding one JSON document (json_valid is checked);
-- * a NULL means "not yet" (not finished, not graded, not done).

-- The candidate: one row at most.
CREATE TABLE profile (
    id              INTEGER PRIMARY KEY CONSTRAINT profile_single_row CHECK (id = 1),
    interview_date  TEXT NOT NULL CONSTRAINT profile_interview_date CHECK (date(interview_date) = interview_date),
    role            TEXT NOT NULL CONSTRAINT profile_role CHECK (length(role) > 0),
    hours_per_day   REAL NOT NULL CONSTRAINT profile_hours CHECK (hours_per_day > 0 AND hours_per_day <= 24),
    created_at      TEXT NOT NULL CONSTRAINT profile_created_at CHECK (julianday(created_at) IS NOT NULL)
);

-- The plan: one row per calendar day, its items in order.
CREATE TABLE plan_days (
    date   TEXT PRIMARY KEY CONSTRAINT plan_day_date CHECK (date(date) = date),
    focus  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE plan_items (
    id        INTEGER PRIMARY KEY,
    date      TEXT NOT NULL REFERENCES plan_days(date) ON DELETE CASCADE,
    position  INTEGER NOT NULL CONSTRAINT plan_item_position CHECK (position >= 0),
    kind      TEXT NOT NULL CONSTRAINT plan_item_kind CHECK (length(kind) > 0),
    ref_id    TEXT,
    minutes   INTEGER NOT NULL CONSTRAINT plan_item_minutes CHECK (minutes >= 0),
    title     TEXT NOT NULL,
    done_at   TEXT CONSTRAINT plan_item_done_at CHECK (done_at IS NULL OR julianday(done_at) IS NOT NULL),
    UNIQUE (date, position)
);

-- One row per drill attempt. A row is written when the drill starts, so an attempt
-- interrupted by a crash stays visible (finished_at, elapsed_secs and score NULL).
CREATE TABLE attempts (
    id            INTEGER PRIMARY KEY,
    drill_kind    TEXT NOT NULL CONSTRAINT attempt_kind CHECK (length(drill_kind) > 0),
    item_id       TEXT NOT NULL,
    started_at    TEXT NOT NULL CONSTRAINT attempt_started_at CHECK (julianday(started_at) IS NOT NULL),
    finished_at   TEXT CONSTRAINT attempt_finished_at CHECK (finished_at IS NULL OR julianday(finished_at) IS NOT NULL),
    elapsed_secs  INTEGER CONSTRAINT attempt_elapsed CHECK (elapsed_secs IS NULL OR elapsed_secs >= 0),
    score         INTEGER CONSTRAINT attempt_score CHECK (score IS NULL OR score BETWEEN 0 AND 100),
    details       TEXT NOT NULL CONSTRAINT attempt_details CHECK (json_valid(details))
);
CREATE INDEX attempts_by_kind ON attempts (drill_kind, started_at);

-- Spaced repetition: the scheduler's state per question, and every rating given.
CREATE TABLE cards (
    question_id  TEXT PRIMARY KEY,
    state        TEXT NOT NULL CONSTRAINT card_state CHECK (json_valid(state)),
    due_at       TEXT NOT NULL CONSTRAINT card_due_at CHECK (julianday(due_at) IS NOT NULL)
) WITHOUT ROWID;
CREATE INDEX cards_by_due ON cards (due_at);

CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    question_id  TEXT NOT NULL REFERENCES cards(question_id) ON DELETE CASCADE,
    rating       INTEGER NOT NULL CONSTRAINT review_rating CHECK (rating BETWEEN 1 AND 4),
    reviewed_at  TEXT NOT NULL CONSTRAINT review_reviewed_at CHECK (julianday(reviewed_at) IS NOT NULL)
);
CREATE INDEX reviews_by_question ON reviews (question_id, reviewed_at);

-- The STAR story bank.
CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL CONSTRAINT story_title CHECK (length(title) > 0),
    principles  TEXT NOT NULL CONSTRAINT story_principles CHECK (json_valid(principles) AND json_type(principles) = 'array'),
    date        TEXT CONSTRAINT story_date CHECK (date IS NULL OR date(date) = date),
    situation   TEXT NOT NULL,
    task        TEXT NOT NULL,
    action      TEXT NOT NULL,
    result      TEXT NOT NULL,
    updated_at  TEXT NOT NULL CONSTRAINT story_updated_at CHECK (julianday(updated_at) IS NOT NULL)
);

-- Mock interviews: the rounds as run (JSON array), and the written debrief once finished.
CREATE TABLE mocks (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CONSTRAINT mock_kind CHECK (length(kind) > 0),
    started_at   TEXT NOT NULL CONSTRAINT mock_started_at CHECK (julianday(started_at) IS NOT NULL),
    finished_at  TEXT CONSTRAINT mock_finished_at CHECK (finished_at IS NULL OR julianday(finished_at) IS NOT NULL),
    rounds       TEXT NOT NULL CONSTRAINT mock_rounds CHECK (json_valid(rounds) AND json_type(rounds) = 'array'),
    debrief      TEXT
);
