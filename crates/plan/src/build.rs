//! Building the plan: the four-week program scaled to the days left.

use std::collections::VecDeque;

use time::{Date, Duration};

use crate::types::{Day, Item, ItemKind, Phase, Plan};
use crate::{emergency, PlanError, Role};

/// Length of the full program.
pub const PROGRAM_DAYS: i64 = 28;
/// The furthest interview a plan is built for.
pub const MAX_DAYS: i64 = 180;
/// The smallest daily budget: one phone-screen mock is an hour.
pub const MIN_HOURS_PER_DAY: f64 = 1.0;
pub const MAX_HOURS_PER_DAY: f64 = 12.0;

pub(crate) const TM_MINUTES: u32 = 20;
pub(crate) const CR_MINUTES: u32 = 10;
pub(crate) const SC_MINUTES: u32 = 30;
pub(crate) const QUESTIONS_MINUTES: u32 = 15;
pub(crate) const STORY_WRITE_MINUTES: u32 = 20;
pub(crate) const STORY_TELL_MINUTES: u32 = 15;
pub(crate) const MOCK_PHONE_MINUTES: u32 = 60;
pub(crate) const LOOP_ROUND_MINUTES: u32 = 60;
pub(crate) const LOOP_ROUNDS: u32 = 5;
pub(crate) const CHECKLIST_MINUTES: u32 = 15;
/// Extra repetitions offered on a day when the budget has room.
const EXTRA_REPS: usize = 6;

/// Build the plan for an interview on `interview_date`, starting `today`.
///
/// The plan has one [`Day`] per day from `today` to the day before the
/// interview. Errors when the interview is today or past, more than
/// [`MAX_DAYS`] away, or when `hours_per_day` is outside
/// [`MIN_HOURS_PER_DAY`]..=[`MAX_HOURS_PER_DAY`].
pub fn build(
    today: Date,
    interview_date: Date,
    role: Role,
    hours_per_day: f64,
) -> Result<Plan, PlanError> {
    if !hours_per_day.is_finite()
        || !(MIN_HOURS_PER_DAY..=MAX_HOURS_PER_DAY).contains(&hours_per_day)
    {
        return Err(PlanError::Hours {
            got: hours_per_day,
            min: MIN_HOURS_PER_DAY,
            max: MAX_HOURS_PER_DAY,
        });
    }
    let days = (interview_date - today).whole_days();
    if days == 0 {
        return Err(PlanError::InterviewToday(today));
    }
    if days < 0 {
        return Err(PlanError::InterviewPast {
            today,
            interview: interview_date,
        });
    }
    if days > MAX_DAYS {
        return Err(PlanError::TooFarAhead {
            days,
            max: MAX_DAYS,
        });
    }
    // Range-checked above: 60..=720.
    let budget = (hours_per_day * 60.0).floor() as u32;
    let n = days as u32;
    let shaped: Vec<(Phase, Vec<Item>)> = if n == 1 {
        vec![(Phase::Emergency, emergency::day(role, budget))]
    } else {
        Program::new(role, budget).days(n)
    };
    let days = shaped
        .into_iter()
        .enumerate()
        .map(|(i, (phase, items))| Day {
            // Every date lies strictly between today and the interview, so it exists.
            date: today + Duration::days(i as i64),
            number: i as u32 + 1,
            phase,
            items,
        })
        .collect();
    Ok(Plan {
        today,
        interview_date,
        role,
        hours_per_day,
        budget_minutes: budget,
        days_left: n,
        days,
    })
}

/// Split `total` days over the three technical blocks in proportion to the
/// role's weights, each block getting at least one day (largest remainder).
pub(crate) fn allocate(total: u32, weights: [u32; 3]) -> [u32; 3] {
    debug_assert!(total >= 3);
    let extra = total - 3;
    let sum: u32 = weights.iter().sum();
    let mut counts = [1u32; 3];
    let mut rema = [(0u32, 0usize); 3];
    let mut given = 0;
    for (i, w) in weights.iter().enumerate() {
        let share = extra * w;
        counts[i] += share / sum;
        given += share / sum;
        rema[i] = (share % sum, i);
    }
    rema.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in rema.iter().take((extra - given) as usize) {
        counts[*i] += 1;
    }
    counts
}

/// The primary drills of each technical day, in program order.
pub(crate) fn technical_blocks(role: Role, t: u32) -> Vec<Vec<ItemKind>> {
    let order = Role::technical_order();
    match t {
        0 => Vec::new(),
        1 => vec![order.to_vec()],
        2 => vec![vec![order[0], order[1]], vec![order[2]]],
        _ => {
            let counts = allocate(t, role.weights());
            order
                .iter()
                .zip(counts)
                .flat_map(|(k, c)| std::iter::repeat_n(vec![*k], c as usize))
                .collect()
        }
    }
}

/// Rotation counters, so titles vary from day to day.
#[derive(Clone)]
struct State {
    reps: [usize; 3],
    topic: usize,
    told: usize,
    to_write: VecDeque<&'static star::Principle>,
    /// The pre-interview checklist is due and not yet placed.
    checklist_due: bool,
}

/// Lays out the days. Items are offered in priority order; one that does not
/// fit the remaining budget is skipped and leaves the rotation untouched.
struct Program {
    role: Role,
    budget: u32,
    st: State,
}

impl Program {
    fn new(role: Role, budget: u32) -> Self {
        Program {
            role,
            budget,
            st: State {
                reps: [0; 3],
                topic: 0,
                told: 0,
                to_write: star::principles().iter().collect(),
                checklist_due: false,
            },
        }
    }

    fn days(mut self, n: u32) -> Vec<(Phase, Vec<Item>)> {
        let rest = n - 1;
        let t = rest.div_ceil(2);
        let b = rest - t;
        let mut out = Vec::with_capacity(n as usize);
        for primaries in technical_blocks(self.role, t) {
            let items = self.technical_day(&primaries);
            out.push((Phase::Technical, items));
        }
        // The pre-interview readiness check falls due a week out, or on the
        // first behavioural day when the plan is shorter; it moves to the
        // next day with room if a mock fills that day.
        let checklist_day = (n.saturating_sub(7)).max(t);
        let writing = if b == 0 {
            0
        } else {
            (b * 2).div_ceil(5).max(1)
        };
        for j in 0..b {
            if t + j == checklist_day {
                self.st.checklist_due = true;
            }
            let items = if j < writing {
                self.writing_day(writing - j)
            } else {
                self.practice_day(j - writing, b - writing)
            };
            out.push((Phase::Behavioural, items));
        }
        out.push((Phase::Final, self.final_day()));
        out
    }

    /// Push the item `make` builds if it fits; otherwise undo its effect on
    /// the rotation. Returns whether it was pushed.
    fn offer(
        &mut self,
        items: &mut Vec<Item>,
        make: impl FnOnce(&mut Self) -> Option<Item>,
    ) -> bool {
        let saved = self.st.clone();
        let used: u32 = items.iter().map(|i| i.minutes).sum();
        match make(self) {
            Some(item) if used + item.minutes <= self.budget => {
                items.push(item);
                true
            }
            _ => {
                self.st = saved;
                false
            }
        }
    }

    /// Offer `extra` repeatedly while it fits, up to [`EXTRA_REPS`] times.
    fn extras(&mut self, items: &mut Vec<Item>, extra: impl Fn(&mut Self, usize) -> Item) {
        for k in 0..EXTRA_REPS {
            if !self.offer(items, |p| Some(extra(p, k))) {
                break;
            }
        }
    }

    fn drill(&mut self, kind: ItemKind) -> Item {
        let role = self.role;
        match kind {
            ItemKind::ThreatModelDrill => {
                let r = self.bump(0);
                let s = role.scenarios();
                Item::new(
                    kind,
                    TM_MINUTES,
                    format!(
                        "Threat model {}: map it, STRIDE each element, find the critical flow, name measurable mitigations (bar: 15-20 min)",
                        s[r % s.len()]
                    ),
                )
            }
            ItemKind::CodeReviewDrill => {
                let r = self.bump(1);
                let langs = ["Java", "Python", "JavaScript"];
                let f = role.review_focus();
                Item::new(
                    kind,
                    CR_MINUTES,
                    format!(
                        "Review a {} snippet for {}: give line, category and fix (bar: 5-10 min)",
                        langs[r % 3],
                        f[(r / 3) % f.len()]
                    ),
                )
            }
            ItemKind::ScriptingDrill => {
                let r = self.bump(2);
                let e = role.exercises();
                Item::new(
                    kind,
                    SC_MINUTES,
                    format!(
                        "Script from memory: {}; run it against the hidden tests",
                        e[r % e.len()]
                    ),
                )
            }
            other => unreachable!("{other} is not a drill"),
        }
    }

    fn bump(&mut self, i: usize) -> usize {
        let r = self.st.reps[i];
        self.st.reps[i] += 1;
        r
    }

    fn questions(&mut self) -> Item {
        let t = self.role.topics();
        let topic = t[self.st.topic % t.len()];
        self.st.topic += 1;
        Item::new(
            ItemKind::Questions,
            QUESTIONS_MINUTES,
            format!("Question review ({topic}): answer aloud, then rate your recall against the key points"),
        )
    }

    /// A maintenance drill: among the kinds not in `except` that still fit in
    /// `room` minutes, the one furthest behind its role weight (repetitions
    /// per unit of weight); ties go to the earlier kind.
    fn maintenance(&mut self, except: &[ItemKind], room: u32) -> Option<Item> {
        let w = self.role.weights();
        let reps = self.st.reps;
        let kind = Role::technical_order()
            .into_iter()
            .enumerate()
            .filter(|(_, k)| !except.contains(k) && minutes_of(*k) <= room)
            // reps/w compared without division: scale by the other two weights.
            .min_by_key(|(i, _)| {
                (
                    reps[*i] as u64 * u64::from(w[(i + 1) % 3] * w[(i + 2) % 3]),
                    *i,
                )
            })
            .map(|(_, k)| k)?;
        Some(self.drill(kind))
    }

    fn room(&self, items: &[Item]) -> u32 {
        self.budget - items.iter().map(|i| i.minutes).sum::<u32>()
    }

    fn tell(&mut self) -> Item {
        let ps = star::principles();
        let names: Vec<&str> = (0..3)
            .map(|k| ps[(self.st.told * 3 + k) % ps.len()].name.as_str())
            .collect();
        self.st.told += 1;
        Item::new(
            ItemKind::StarStory,
            STORY_TELL_MINUTES,
            format!(
                "Tell three stories aloud and time each against 3-4 minutes: {}",
                names.join(" | ")
            ),
        )
    }

    fn write_story(&mut self) -> Option<Item> {
        let p = self.st.to_write.pop_front()?;
        Some(Item::new(
            ItemKind::StarStory,
            STORY_WRITE_MINUTES,
            format!(
                "Write a STAR story for {} with a measured result. Idea: {}",
                p.name, p.hint
            ),
        ))
    }

    fn pre_interview_checklist(&mut self) -> Option<Item> {
        if !self.st.checklist_due {
            return None;
        }
        self.st.checklist_due = false;
        Some(checklist_item("pre-interview"))
    }

    fn technical_day(&mut self, primaries: &[ItemKind]) -> Vec<Item> {
        let mut items = Vec::new();
        for k in primaries {
            self.offer(&mut items, |p| Some(p.drill(*k)));
        }
        self.offer(&mut items, |p| Some(p.questions()));
        let room = self.room(&items);
        self.offer(&mut items, |p| p.maintenance(primaries, room));
        let main = primaries[0];
        self.extras(&mut items, move |p, k| {
            if k % 2 == 0 {
                p.drill(main)
            } else {
                p.questions()
            }
        });
        items
    }

    fn writing_day(&mut self, writing_days_left: u32) -> Vec<Item> {
        let mut items = Vec::new();
        self.offer(&mut items, |p| p.pre_interview_checklist());
        let quota = (self.st.to_write.len() as u32).div_ceil(writing_days_left);
        for _ in 0..quota {
            if !self.offer(&mut items, |p| p.write_story()) {
                break;
            }
        }
        self.offer(&mut items, |p| Some(p.questions()));
        self.extras(&mut items, |p, k| {
            if k % 2 == 0 {
                p.tell()
            } else {
                p.questions()
            }
        });
        items
    }

    fn practice_day(&mut self, p: u32, practice_days: u32) -> Vec<Item> {
        let mut items = Vec::new();
        let budget = self.budget;
        if p + 1 == practice_days && practice_days >= 2 {
            let rounds = (budget / LOOP_ROUND_MINUTES).clamp(1, LOOP_ROUNDS);
            let title = if rounds == LOOP_ROUNDS {
                "Mock loop: five back-to-back 60-minute rounds, each a technical area plus 2-3 principles, the last with a Bar Raiser".to_string()
            } else {
                let which = if rounds == 1 {
                    "round 1".to_string()
                } else {
                    format!("rounds 1-{rounds}")
                };
                format!(
                    "Mock loop, {which} of 5: 60 minutes each, a technical area plus 2-3 principles; the Bar Raiser round comes last"
                )
            };
            self.offer(&mut items, |_| {
                Some(Item::new(
                    ItemKind::MockLoop,
                    rounds * LOOP_ROUND_MINUTES,
                    title,
                ))
            });
        } else if p % 2 == 1 || practice_days == 1 {
            self.offer(&mut items, |_| {
                Some(Item::new(
                    ItemKind::MockPhone,
                    MOCK_PHONE_MINUTES,
                    "Mock phone screen: 15 min threat model, 10 code review, 5 scripting, then 30 behavioural",
                ))
            });
        }
        self.offer(&mut items, |p| p.pre_interview_checklist());
        // Stories that did not fit the writing days come first.
        self.offer(&mut items, |p| p.write_story());
        self.offer(&mut items, |p| Some(p.tell()));
        self.offer(&mut items, |p| Some(p.questions()));
        let room = self.room(&items);
        self.offer(&mut items, |p| p.maintenance(&[], room));
        self.extras(&mut items, |p, k| {
            if k % 2 == 0 {
                p.tell()
            } else {
                p.questions()
            }
        });
        items
    }

    fn final_day(&mut self) -> Vec<Item> {
        let mut items = vec![checklist_item("day-before")];
        self.offer(&mut items, |_| {
            Some(Item::new(
                ItemKind::StarStory,
                STORY_TELL_MINUTES,
                "Tell your three strongest stories aloud, timed; no new stories today",
            ))
        });
        // A readiness check that never found room is still worth a pass.
        self.offer(&mut items, |p| p.pre_interview_checklist());
        self.offer(&mut items, |_| {
            Some(Item::new(
                ItemKind::Questions,
                QUESTIONS_MINUTES,
                "Light review: key points of your two weakest question topics",
            ))
        });
        items.push(Item::new(
            ItemKind::Rest,
            0,
            "Rest: stop studying by the evening and sleep",
        ));
        items
    }
}

fn checklist_item(id: &str) -> Item {
    let c = crate::checklist(id).expect("checklist ids are validated by tests");
    Item::new(
        ItemKind::Checklist,
        CHECKLIST_MINUTES,
        format!("Checklist: {} ({} items)", c.title, c.items.len()),
    )
}

pub(crate) fn minutes_of(kind: ItemKind) -> u32 {
    match kind {
        ItemKind::ThreatModelDrill => TM_MINUTES,
        ItemKind::CodeReviewDrill => CR_MINUTES,
        ItemKind::ScriptingDrill => SC_MINUTES,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn allocation_is_proportional_and_keeps_each_block() {
        assert_eq!(allocate(3, [1, 2, 1]), [1, 1, 1]);
        assert_eq!(allocate(14, [1, 1, 1]), [5, 5, 4]);
        assert_eq!(allocate(14, [1, 2, 1]), [4, 6, 4]);
        assert_eq!(allocate(14, [2, 1, 2]), [6, 3, 5]);
        for t in 3..60 {
            for role in Role::ALL {
                let c = allocate(t, role.weights());
                assert_eq!(c.iter().sum::<u32>(), t);
                assert!(c.iter().all(|&x| x >= 1));
            }
        }
    }

    #[test]
    fn role_moves_weight_between_code_review_and_cloud_work() {
        let appsec = allocate(14, Role::Appsec.weights());
        let cloud = allocate(14, Role::Cloud.weights());
        assert!(appsec[1] > cloud[1], "appsec reviews more code");
        assert!(
            cloud[0] + cloud[2] > appsec[0] + appsec[2],
            "cloud models and scripts more"
        );
        let a = build(
            date!(2025 - 03 - 03),
            date!(2025 - 03 - 31),
            Role::Appsec,
            1.0,
        )
        .unwrap();
        let c = build(
            date!(2025 - 03 - 03),
            date!(2025 - 03 - 31),
            Role::Cloud,
            1.0,
        )
        .unwrap();
        let minutes = |p: &Plan, k: ItemKind| -> u32 {
            p.days
                .iter()
                .flat_map(|d| &d.items)
                .filter(|i| i.kind == k)
                .map(|i| i.minutes)
                .sum()
        };
        let cloudish = |p: &Plan| {
            minutes(p, ItemKind::ThreatModelDrill) + minutes(p, ItemKind::ScriptingDrill)
        };
        let review = |p: &Plan| minutes(p, ItemKind::CodeReviewDrill);
        // Share of technical drill time spent on code review.
        let share = |p: &Plan| f64::from(review(p)) / f64::from(review(p) + cloudish(p));
        assert!(share(&a) > share(&c), "{} vs {}", share(&a), share(&c));
    }

    #[test]
    fn short_technical_phases_still_hold_every_drill() {
        assert_eq!(
            technical_blocks(Role::General, 1),
            vec![Role::technical_order().to_vec()]
        );
        let two: Vec<ItemKind> = technical_blocks(Role::Cloud, 2).concat();
        assert_eq!(two, Role::technical_order().to_vec());
    }
}
