//! FSRS scheduling: intervals grow with Good, Again shortens them, due dates never precede the
//! review, the queue is ordered and capped, and cards survive a serde round trip.

use proptest::prelude::*;
use questions::schedule::{Card, Rating, Scheduler, MAX_INTERVAL_DAYS, RELEARN_DELAY};
use questions::{due, review, ScheduleError};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const T0: OffsetDateTime = datetime!(2026-03-02 09:00 UTC);

fn rating() -> impl Strategy<Value = Rating> {
    prop_oneof![
        Just(Rating::Again),
        Just(Rating::Hard),
        Just(Rating::Good),
        Just(Rating::Easy),
    ]
}

/// Reviews `card` at its due date with each rating in turn, returning every state.
fn run(card: Card, ratings: &[Rating]) -> Vec<Card> {
    let mut states = vec![card];
    for &r in ratings {
        let last = states.last().unwrap();
        let next = review(last, r, last.due).unwrap();
        states.push(next);
    }
    states
}

#[test]
fn new_card_first_review() {
    let card = Card::new("tls-weaknesses", T0);
    assert!(card.is_new());
    assert_eq!(card.memory_state(), None);
    assert_eq!(card.retrievability(T0), None);

    let good = review(&card, Rating::Good, T0).unwrap();
    assert!(!good.is_new());
    assert_eq!(good.reps, 1);
    assert_eq!(good.lapses, 0);
    assert_eq!(good.last_review, Some(T0));
    assert_eq!(good.first_review, Some(T0));
    assert!(good.stability > 0.0 && (1.0..=10.0).contains(&good.difficulty));
    assert!(good.due >= T0 + Duration::days(1));

    // Ratings order the first interval: Again < Hard <= Good < Easy.
    let again = review(&card, Rating::Again, T0).unwrap();
    let hard = review(&card, Rating::Hard, T0).unwrap();
    let easy = review(&card, Rating::Easy, T0).unwrap();
    assert_eq!(again.due, T0 + RELEARN_DELAY);
    assert_eq!(again.lapses, 0, "forgetting a new card is not a lapse");
    assert!(again.due < hard.due && hard.due <= good.due && good.due < easy.due);
    assert!(again.stability < good.stability && good.stability < easy.stability);
}

#[test]
fn lapse_is_counted_and_shortens_interval() {
    let states = run(
        Card::new("q", T0),
        &[Rating::Good, Rating::Good, Rating::Good],
    );
    let before = states.last().unwrap();
    let lapsed = review(before, Rating::Again, before.due).unwrap();
    assert_eq!(lapsed.lapses, 1);
    assert_eq!(lapsed.reps, 4);
    assert!(lapsed.stability < before.stability);
    assert!(lapsed.interval().unwrap() < before.interval().unwrap());
    // Relearned the same session, the next interval is still shorter than before the lapse.
    let relearned = review(&lapsed, Rating::Good, lapsed.due).unwrap();
    assert!(relearned.interval().unwrap() < before.interval().unwrap());
    assert_eq!(relearned.first_review, Some(T0));
}

#[test]
fn retrievability_decays_and_is_about_ninety_percent_at_due() {
    let card = run(Card::new("q", T0), &[Rating::Good, Rating::Good])
        .pop()
        .unwrap();
    let last = card.last_review.unwrap();
    let r0 = card.retrievability(last).unwrap();
    let r_due = card.retrievability(card.due).unwrap();
    let r_late = card.retrievability(card.due + Duration::days(60)).unwrap();
    assert!((r0 - 1.0).abs() < 1e-6);
    assert!(r0 > r_due && r_due > r_late);
    // The interval is rounded to whole days, so recall at the due date is near 0.9.
    assert!((0.85..=0.95).contains(&r_due), "{r_due}");
}

#[test]
fn clock_going_backwards_still_schedules_after_now() {
    let card = review(&Card::new("q", T0), Rating::Good, T0).unwrap();
    let earlier = T0 - Duration::hours(5);
    let next = review(&card, Rating::Good, earlier).unwrap();
    assert!(next.due > earlier);
}

#[test]
fn corrupt_state_is_a_typed_error() {
    let mut card = review(&Card::new("q", T0), Rating::Good, T0).unwrap();
    card.stability = f32::NAN;
    let err = review(&card, Rating::Good, card.due).unwrap_err();
    assert!(matches!(err, ScheduleError::InvalidState { ref id, .. } if id == "q"));
    card.stability = 3.0;
    card.difficulty = 42.0;
    assert!(review(&card, Rating::Good, card.due).is_err());
}

#[test]
fn card_serde_round_trip_is_lossless() {
    let card = run(
        Card::new("iam-policy-evaluation", T0),
        &[Rating::Hard, Rating::Good],
    )
    .pop()
    .unwrap();
    let json = serde_json::to_string(&card).unwrap();
    assert!(json.contains("\"due\":\"2026-"), "{json}");
    let back: Card = serde_json::from_str(&json).unwrap();
    assert_eq!(back, card);
    let new = Card::new("x", T0);
    let back: Card = serde_json::from_str(&serde_json::to_string(&new).unwrap()).unwrap();
    assert_eq!(back, new);
    assert!(serde_json::from_str::<Rating>("\"good\"").is_ok());
    assert!(serde_json::from_str::<Rating>("\"meh\"").is_err());
}

#[test]
fn queue_orders_overdue_first_then_new_capped() {
    let now = T0 + Duration::days(30);
    let mut cards = Vec::new();
    // Reviewed cards, due at various times.
    for (id, due_offset_days) in [("late-a", -3), ("late-b", -10), ("future", 2), ("today", 0)] {
        let mut c = review(&Card::new(id, T0), Rating::Good, T0).unwrap();
        c.due = now + Duration::days(due_offset_days);
        cards.push(c);
    }
    // New cards, available in id order reversed by time.
    for (i, id) in ["new-c", "new-b", "new-a", "new-d"].iter().enumerate() {
        cards.push(Card::new(*id, T0 + Duration::minutes(i as i64)));
    }
    cards.push(Card::new("not-yet", now + Duration::days(1)));

    let q: Vec<&str> = due(&cards, now, 2).iter().map(|c| c.id.as_str()).collect();
    assert_eq!(q, ["late-b", "late-a", "today", "new-c", "new-b"]);

    let q: Vec<&str> = due(&cards, now, 0).iter().map(|c| c.id.as_str()).collect();
    assert_eq!(q, ["late-b", "late-a", "today"]);

    // A new card started earlier today counts against the limit.
    let started = review(
        &Card::new("started", now - Duration::hours(1)),
        Rating::Again,
        now - Duration::hours(1),
    )
    .unwrap();
    cards.push(started);
    let q: Vec<&str> = Scheduler::new()
        .unwrap()
        .with_new_per_day(2)
        .due(&cards, now)
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(q, ["late-b", "late-a", "started", "today", "new-c"]);
}

#[test]
fn daily_limit_uses_the_local_day() {
    // 23:30 at UTC-5 is already the next day in UTC; a card started at 22:00 local is "today".
    let offset = time::UtcOffset::from_hms(-5, 0, 0).unwrap();
    let now = datetime!(2026-03-10 23:30 -5);
    let started_at = datetime!(2026-03-10 22:00 -5).to_offset(time::UtcOffset::UTC);
    let started = review(&Card::new("s", T0), Rating::Good, started_at).unwrap();
    let cards = vec![started, Card::new("n", T0)];
    assert_eq!(due(&cards, now, 1).len(), 0);
    assert_eq!(due(&cards, now.to_offset(offset), 2).len(), 1);
    // The next local morning the allowance is back.
    assert_eq!(due(&cards, now + Duration::hours(10), 1).len(), 1);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// After any history, a run of Good reviews taken on time makes each interval longer
    /// than the one before (until the ten-year cap).
    #[test]
    fn good_ratings_grow_the_interval(prefix in prop::collection::vec(rating(), 0..8), goods in 2usize..8) {
        let states = run(Card::new("q", T0), &prefix);
        let start = states.last().unwrap().clone();
        let mut card = review(&start, Rating::Good, start.due).unwrap();
        for _ in 0..goods {
            let next = review(&card, Rating::Good, card.due).unwrap();
            let cap = Duration::days(MAX_INTERVAL_DAYS);
            prop_assert!(next.interval().unwrap() > card.interval().unwrap()
                || next.interval().unwrap() == cap,
                "{:?} -> {:?}", card.interval(), next.interval());
            prop_assert!(next.interval().unwrap() <= cap);
            // FSRS clamps stability at its ceiling, so it may stop growing there.
            prop_assert!(next.stability >= card.stability);
            card = next;
        }
    }

    /// Again always gives a shorter interval than Good would from the same state, and lower
    /// stability than the card had (for cards already learned).
    #[test]
    fn again_shortens(prefix in prop::collection::vec(rating(), 1..10), late_hours in 0i64..2000) {
        let states = run(Card::new("q", T0), &prefix);
        let card = states.last().unwrap();
        let now = card.due + Duration::hours(late_hours);
        let again = review(card, Rating::Again, now).unwrap();
        let good = review(card, Rating::Good, now).unwrap();
        prop_assert!(again.interval().unwrap() < good.interval().unwrap());
        prop_assert!(again.interval().unwrap() <= card.interval().unwrap());
        prop_assert!(again.stability <= card.stability + 1e-3);
        prop_assert_eq!(again.lapses, card.lapses + 1);
    }

    /// Whatever the history and whenever the review happens (early, late, clock skew), the new
    /// due date is after the review time and the state stays within FSRS bounds.
    #[test]
    fn due_never_precedes_review(
        steps in prop::collection::vec((rating(), -48i64..24 * 400), 1..25),
    ) {
        let mut card = Card::new("q", T0);
        let mut now = T0;
        for (r, shift_hours) in steps {
            now += Duration::hours(shift_hours);
            let next = review(&card, r, now).unwrap();
            prop_assert!(next.due > now);
            prop_assert!(next.stability.is_finite() && next.stability > 0.0);
            prop_assert!((1.0..=10.0).contains(&next.difficulty));
            prop_assert_eq!(next.reps, card.reps + 1);
            card = next;
        }
    }

    /// The queue holds exactly the due reviewed cards plus at most the limit of new cards,
    /// with every reviewed card ahead of every new one and reviews sorted by due date.
    #[test]
    fn queue_invariants(
        offsets in prop::collection::vec((any::<bool>(), -200i64..200), 0..40),
        limit in 0usize..6,
    ) {
        let now = T0 + Duration::days(10);
        let cards: Vec<Card> = offsets.iter().enumerate().map(|(i, &(reviewed, off))| {
            let id = format!("c{i:02}");
            if reviewed {
                let mut c = review(&Card::new(&id, T0), Rating::Good, T0).unwrap();
                c.due = now + Duration::hours(off);
                c
            } else {
                Card::new(&id, now + Duration::hours(off))
            }
        }).collect();
        let q = due(&cards, now, limit);
        let reviews: Vec<&&Card> = q.iter().filter(|c| !c.is_new()).collect();
        let fresh = q.len() - reviews.len();
        prop_assert_eq!(reviews.len(), cards.iter().filter(|c| !c.is_new() && c.due <= now).count());
        prop_assert!(fresh <= limit);
        prop_assert_eq!(fresh, limit.min(cards.iter().filter(|c| c.is_new() && c.due <= now).count()));
        prop_assert!(q.iter().all(|c| c.due <= now));
        prop_assert!(q[..reviews.len()].iter().all(|c| !c.is_new()));
        prop_assert!(q.windows(2).take(reviews.len().saturating_sub(1)).all(|w| w[0].due <= w[1].due));
    }
}

#[test]
fn missing_cards_adds_only_new_ids() {
    let bank = questions::embedded().unwrap();
    let all: Vec<&str> = bank.card_ids().collect();
    assert_eq!(all.len(), bank.technical.len() + bank.prompts.len());
    let first = questions::missing_cards(bank.card_ids(), &[], T0);
    assert_eq!(first.len(), all.len());
    assert!(first.iter().all(|c| c.is_new() && c.due == T0));

    let mut existing = first[..5].to_vec();
    existing[0] = review(&existing[0], Rating::Good, T0).unwrap();
    let later = T0 + Duration::days(3);
    let added = questions::missing_cards(bank.card_ids(), &existing, later);
    assert_eq!(added.len(), all.len() - 5);
    assert!(added.iter().all(|c| c.due == later));
    assert!(added.iter().all(|c| !existing.iter().any(|e| e.id == c.id)));
    // Repeated ids produce one card.
    assert_eq!(questions::missing_cards(["a", "a", "b"], &[], T0).len(), 2);
}
