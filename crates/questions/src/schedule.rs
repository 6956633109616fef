//! Spaced-repetition scheduling with FSRS 6.
//!
//! Each question or behavioural prompt has a [`Card`]. After seeing the key points the user
//! rates their own recall ([`Rating`]); [`Scheduler::review`] asks FSRS (default parameters,
//! desired retention 0.9) for the next memory state and interval. `Again` sends the card back
//! for a short relearning step ([`RELEARN_DELAY`]) the same session; the other ratings schedule
//! it whole days ahead, at least one; `Good` after a gap of `d` days schedules at least
//! `d + 1` days so a recalled card never comes back sooner than the gap it just survived.
//!
//! [`due`] builds the day's queue: cards already reviewed and now due (most overdue first),
//! then new cards, capped by a daily new-card limit that counts the new cards already started
//! today.

use std::sync::OnceLock;

use fsrs::{MemoryState, DEFAULT_PARAMETERS, FSRS};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::error::ScheduleError;

/// Probability of recall FSRS aims for when it picks an interval.
pub const DESIRED_RETENTION: f32 = 0.9;
/// How soon a card rated `Again` comes back.
pub const RELEARN_DELAY: Duration = Duration::minutes(10);
/// Longest interval ever scheduled (days).
pub const MAX_INTERVAL_DAYS: i64 = 3650;
/// Default number of new cards introduced per day.
pub const DEFAULT_NEW_PER_DAY: usize = 10;

/// The user's own rating of their recall after seeing the key points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    /// Forgot, or missed key points that matter.
    Again,
    /// Recalled with real effort or gaps.
    Hard,
    /// Recalled the key points.
    Good,
    /// Recalled everything at once.
    Easy,
}

impl Rating {
    /// All ratings, worst first.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];
}

/// The review state of one question or prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Card {
    /// The id of the technical question or behavioural prompt.
    pub id: String,
    /// FSRS stability in days (0 until the first review).
    pub stability: f32,
    /// FSRS difficulty, 1 to 10 (0 until the first review).
    pub difficulty: f32,
    /// When the card is next due.
    #[serde(with = "time::serde::rfc3339")]
    pub due: OffsetDateTime,
    /// When it was last reviewed; `None` for a new card.
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub last_review: Option<OffsetDateTime>,
    /// When it was first reviewed (counts against the daily new-card limit that day).
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub first_review: Option<OffsetDateTime>,
    /// Number of reviews.
    pub reps: u32,
    /// Number of times a reviewed card was rated `Again`.
    pub lapses: u32,
}

impl Card {
    /// A new card, available from `now`.
    pub fn new(id: impl Into<String>, now: OffsetDateTime) -> Card {
        Card {
            id: id.into(),
            stability: 0.0,
            difficulty: 0.0,
            due: now,
            last_review: None,
            first_review: None,
            reps: 0,
            lapses: 0,
        }
    }

    /// True until the card's first review.
    pub fn is_new(&self) -> bool {
        self.last_review.is_none()
    }

    /// The FSRS memory state, `None` for a new card.
    pub fn memory_state(&self) -> Option<MemoryState> {
        (!self.is_new()).then_some(MemoryState {
            stability: self.stability,
            difficulty: self.difficulty,
        })
    }

    /// The interval between the last review and the due date, `None` for a new card.
    pub fn interval(&self) -> Option<Duration> {
        self.last_review.map(|last| self.due - last)
    }

    /// Estimated probability of recalling the card at `now` (FSRS forgetting curve);
    /// `None` for a new card.
    pub fn retrievability(&self, now: OffsetDateTime) -> Option<f32> {
        let state = self.memory_state()?;
        let elapsed = (now - self.last_review?).max(Duration::ZERO);
        let days = elapsed.as_seconds_f32() / 86_400.0;
        Some(fsrs::current_retrievability(
            state,
            days,
            DEFAULT_PARAMETERS[20],
        ))
    }
}

/// FSRS with the default parameters and the project's scheduling policy.
pub struct Scheduler {
    fsrs: FSRS,
    new_per_day: usize,
}

impl Scheduler {
    /// A scheduler with `fsrs::DEFAULT_PARAMETERS` and [`DEFAULT_NEW_PER_DAY`].
    pub fn new() -> Result<Scheduler, ScheduleError> {
        let fsrs = FSRS::new(&DEFAULT_PARAMETERS).map_err(|e| ScheduleError::Fsrs {
            id: String::new(),
            message: e.to_string(),
        })?;
        Ok(Scheduler {
            fsrs,
            new_per_day: DEFAULT_NEW_PER_DAY,
        })
    }

    /// Sets the daily new-card limit.
    pub fn with_new_per_day(mut self, n: usize) -> Scheduler {
        self.new_per_day = n;
        self
    }

    /// The daily new-card limit.
    pub fn new_per_day(&self) -> usize {
        self.new_per_day
    }

    /// The card after a review rated `rating` at `now`. The due date is never before `now`,
    /// even when the clock went backwards since the last review (elapsed time counts as 0).
    pub fn review(
        &self,
        card: &Card,
        rating: Rating,
        now: OffsetDateTime,
    ) -> Result<Card, ScheduleError> {
        let memory = card.memory_state();
        if let Some(m) = memory {
            let valid = m.stability.is_finite()
                && m.stability > 0.0
                && m.difficulty.is_finite()
                && (1.0..=10.0).contains(&m.difficulty);
            if !valid {
                return Err(ScheduleError::InvalidState {
                    id: card.id.clone(),
                    stability: m.stability,
                    difficulty: m.difficulty,
                });
            }
        }
        let elapsed = card
            .last_review
            .map_or(Duration::ZERO, |last| (now - last).max(Duration::ZERO));
        let days_elapsed = u32::try_from(elapsed.whole_days()).unwrap_or(u32::MAX);
        let next = self
            .fsrs
            .next_states(memory, DESIRED_RETENTION, days_elapsed)
            .map_err(|e| ScheduleError::Fsrs {
                id: card.id.clone(),
                message: e.to_string(),
            })?;
        let whole_days = |interval: f32| -> i64 {
            if interval.is_finite() {
                (interval.round() as i64).clamp(1, MAX_INTERVAL_DAYS)
            } else {
                MAX_INTERVAL_DAYS
            }
        };
        // Keep the buttons ordered even after rounding: Hard <= Good < Easy. A card recalled
        // after a gap of d whole days is not scheduled closer than d + 1 when rated Good: the
        // memory has just survived d days, and rounding low stabilities to whole days would
        // otherwise pin it at the one-day floor.
        let hard = whole_days(next.hard.interval);
        let survived = if card.is_new() {
            0
        } else {
            i64::from(days_elapsed).min(MAX_INTERVAL_DAYS - 1)
        };
        let good = whole_days(next.good.interval)
            .max(hard)
            .max(survived + 1)
            .min(MAX_INTERVAL_DAYS);
        let easy = whole_days(next.easy.interval)
            .max(good + 1)
            .min(MAX_INTERVAL_DAYS);
        let (state, delay) = match rating {
            Rating::Again => (next.again, RELEARN_DELAY),
            Rating::Hard => (next.hard, Duration::days(hard)),
            Rating::Good => (next.good, Duration::days(good)),
            Rating::Easy => (next.easy, Duration::days(easy)),
        };
        let lapse = u32::from(rating == Rating::Again && !card.is_new());
        Ok(Card {
            id: card.id.clone(),
            stability: state.memory.stability,
            difficulty: state.memory.difficulty,
            due: now + delay,
            last_review: Some(now),
            first_review: card.first_review.or(Some(now)),
            reps: card.reps.saturating_add(1),
            lapses: card.lapses.saturating_add(lapse),
        })
    }

    /// Today's queue at `now`: reviewed cards that are due, most overdue first; then new cards
    /// in the order they became available, as many as the daily limit still allows (new cards
    /// first reviewed earlier on the same calendar day, in `now`'s UTC offset, count against
    /// it). Ties break on id so the order is deterministic.
    pub fn due<'a>(&self, cards: &'a [Card], now: OffsetDateTime) -> Vec<&'a Card> {
        due(cards, now, self.new_per_day)
    }
}

/// New cards, available from `now`, for every id in `ids` that has no card in `existing`,
/// in the order of `ids`. Used when the bank gains questions after a user has started.
pub fn missing_cards<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    existing: &[Card],
    now: OffsetDateTime,
) -> Vec<Card> {
    let have: std::collections::HashSet<&str> = existing.iter().map(|c| c.id.as_str()).collect();
    let mut seen = std::collections::HashSet::new();
    ids.into_iter()
        .filter(|id| !have.contains(id) && seen.insert(*id))
        .map(|id| Card::new(id, now))
        .collect()
}

fn default_scheduler() -> Result<&'static Scheduler, ScheduleError> {
    static SCHEDULER: OnceLock<Result<Scheduler, ScheduleError>> = OnceLock::new();
    SCHEDULER
        .get_or_init(Scheduler::new)
        .as_ref()
        .map_err(Clone::clone)
}

/// [`Scheduler::review`] with the default scheduler.
pub fn review(card: &Card, rating: Rating, now: OffsetDateTime) -> Result<Card, ScheduleError> {
    default_scheduler()?.review(card, rating, now)
}

/// The queue at `now` with a daily limit of `new_per_day` new cards; see [`Scheduler::due`].
pub fn due(cards: &[Card], now: OffsetDateTime, new_per_day: usize) -> Vec<&Card> {
    let today = now.date();
    let started_today = cards
        .iter()
        .filter(|c| {
            c.first_review
                .is_some_and(|t| t.to_offset(now.offset()).date() == today)
        })
        .count();
    let allowance = new_per_day.saturating_sub(started_today);
    let by_due = |a: &&Card, b: &&Card| a.due.cmp(&b.due).then_with(|| a.id.cmp(&b.id));

    let mut queue: Vec<&Card> = cards
        .iter()
        .filter(|c| !c.is_new() && c.due <= now)
        .collect();
    queue.sort_by(by_due);
    let mut fresh: Vec<&Card> = cards
        .iter()
        .filter(|c| c.is_new() && c.due <= now)
        .collect();
    fresh.sort_by(by_due);
    fresh.truncate(allowance);
    queue.extend(fresh);
    queue
}
