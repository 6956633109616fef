//! Invariants of every plan, over random dates, roles and budgets.

use plan::{build, ItemKind, Phase, PlanError, Role};
use proptest::prelude::*;
use time::{Date, Duration};

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

fn start() -> impl Strategy<Value = Date> {
    // 2020-01-01 plus up to ten years.
    (0i64..3650).prop_map(|d| {
        Date::from_calendar_date(2020, time::Month::January, 1).unwrap() + Duration::days(d)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_day_fits_the_budget(today in start(), days in 1i64..=120, role in role(), hours in 1.0f64..=12.0) {
        let plan = build(today, today + Duration::days(days), role, hours).unwrap();
        for day in &plan.days {
            prop_assert!(f64::from(day.total_minutes()) <= hours * 60.0, "day {} has {} min > {}h", day.number, day.total_minutes(), hours);
            prop_assert!(!day.items.is_empty());
        }
    }

    #[test]
    fn plans_of_a_week_or_more_hold_every_drill(today in start(), days in 7i64..=120, role in role(), hours in 1.0f64..=12.0) {
        let plan = build(today, today + Duration::days(days), role, hours).unwrap();
        for kind in ItemKind::DRILLS {
            prop_assert!(plan.count(kind) >= 1, "{kind} missing");
        }
        prop_assert!(plan.count(ItemKind::StarStory) >= 1);
        prop_assert!(plan.count(ItemKind::Checklist) >= 1);
    }

    #[test]
    fn compressed_plans_keep_every_drill_too(today in start(), days in 1i64..7, role in role(), hours in 1.0f64..=12.0) {
        let plan = build(today, today + Duration::days(days), role, hours).unwrap();
        for kind in ItemKind::DRILLS {
            prop_assert!(plan.count(kind) >= 1, "{kind} missing with {days} days");
        }
    }

    #[test]
    fn dates_run_contiguously_to_the_day_before(today in start(), days in 1i64..=120, role in role(), hours in 1.0f64..=12.0) {
        let interview = today + Duration::days(days);
        let plan = build(today, interview, role, hours).unwrap();
        prop_assert_eq!(plan.days.len() as i64, days);
        prop_assert_eq!(plan.days[0].date, today);
        prop_assert_eq!(plan.days.last().unwrap().date.next_day().unwrap(), interview);
        for (i, pair) in plan.days.windows(2).enumerate() {
            prop_assert_eq!(pair[0].date.next_day().unwrap(), pair[1].date);
            prop_assert_eq!(pair[0].number as usize, i + 1);
        }
    }

    #[test]
    fn technical_comes_before_behavioural(today in start(), days in 2i64..=120, role in role(), hours in 1.0f64..=12.0) {
        let plan = build(today, today + Duration::days(days), role, hours).unwrap();
        let phases: Vec<Phase> = plan.days.iter().map(|d| d.phase).collect();
        let mut sorted = phases.clone();
        sorted.sort();
        prop_assert_eq!(&phases, &sorted, "phases out of order");
        prop_assert_eq!(phases[0], Phase::Technical);
        prop_assert_eq!(*phases.last().unwrap(), Phase::Final);
    }

    #[test]
    fn same_input_same_plan(today in start(), days in 1i64..=60, role in role(), hours in 1.0f64..=12.0) {
        let a = build(today, today + Duration::days(days), role, hours).unwrap();
        let b = build(today, today + Duration::days(days), role, hours).unwrap();
        prop_assert_eq!(a, b);
    }
}

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), day).unwrap()
}

#[test]
fn today_past_and_bad_budgets_are_errors() {
    let today = d(2025, 3, 3);
    assert_eq!(
        build(today, today, Role::General, 2.0),
        Err(PlanError::InterviewToday(today))
    );
    assert!(matches!(
        build(today, d(2025, 3, 1), Role::General, 2.0),
        Err(PlanError::InterviewPast { .. })
    ));
    assert!(matches!(
        build(today, d(2026, 3, 1), Role::General, 2.0),
        Err(PlanError::TooFarAhead { .. })
    ));
    for h in [0.0, 0.5, 12.5, f64::NAN, f64::INFINITY, -1.0] {
        assert!(
            matches!(
                build(today, d(2025, 3, 20), Role::General, h),
                Err(PlanError::Hours { .. })
            ),
            "{h}"
        );
    }
}

#[test]
fn one_day_left_is_the_emergency_plan() {
    let today = d(2025, 3, 3);
    let plan = build(today, d(2025, 3, 4), Role::Appsec, 1.0).unwrap();
    assert!(plan.is_emergency());
    assert_eq!(plan.days.len(), 1);
    let day = &plan.days[0];
    assert_eq!(day.phase, Phase::Emergency);
    let kinds: Vec<ItemKind> = day.items.iter().map(|i| i.kind).collect();
    assert_eq!(kinds[0], ItemKind::StarStory, "top stories first");
    for k in ItemKind::DRILLS {
        assert_eq!(
            kinds.iter().filter(|x| **x == k).count(),
            1,
            "exactly one quick {k}"
        );
    }
    assert!(kinds.contains(&ItemKind::Checklist));
}

#[test]
fn the_full_program_follows_the_four_weeks() {
    let today = d(2025, 3, 3);
    let plan = build(today, today + Duration::days(28), Role::General, 1.5).unwrap();
    assert!(!plan.is_emergency());
    let phase_count = |p: Phase| plan.days.iter().filter(|d| d.phase == p).count();
    assert_eq!(phase_count(Phase::Technical), 14, "two technical weeks");
    assert_eq!(phase_count(Phase::Behavioural), 13);
    assert_eq!(phase_count(Phase::Final), 1);
    // Technical blocks in order: threat model, then code review, then scripting.
    let primaries: Vec<ItemKind> = plan.days[..14].iter().map(|d| d.items[0].kind).collect();
    let first = |k: ItemKind| primaries.iter().position(|x| *x == k).unwrap();
    assert!(first(ItemKind::ThreatModelDrill) < first(ItemKind::CodeReviewDrill));
    assert!(first(ItemKind::CodeReviewDrill) < first(ItemKind::ScriptingDrill));
    // All sixteen stories are written, then told, and the mocks come after.
    let writes = plan
        .days
        .iter()
        .flat_map(|d| &d.items)
        .filter(|i| i.title.starts_with("Write a STAR story"))
        .count();
    assert_eq!(writes, 16);
    assert!(plan.count(ItemKind::MockPhone) >= 2);
    assert_eq!(plan.count(ItemKind::MockLoop), 1);
    let checklists: Vec<&str> = plan
        .days
        .iter()
        .flat_map(|d| &d.items)
        .filter(|i| i.kind == ItemKind::Checklist)
        .map(|i| i.title.as_str())
        .collect();
    assert_eq!(checklists.len(), 2, "{checklists:?}");
    assert!(plan
        .days
        .last()
        .unwrap()
        .items
        .iter()
        .any(|i| i.kind == ItemKind::Rest));
}

#[test]
fn a_big_budget_allows_the_full_loop_mock() {
    let today = d(2025, 3, 3);
    let plan = build(today, today + Duration::days(21), Role::Detection, 5.0).unwrap();
    let lp = plan
        .days
        .iter()
        .flat_map(|d| &d.items)
        .find(|i| i.kind == ItemKind::MockLoop)
        .unwrap();
    assert_eq!(lp.minutes, 300);
    assert!(lp.title.contains("five"));
}
