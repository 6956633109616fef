//! Scoring and the debrief on a hand-built mock, so the expected figures
//! can be worked out by hand.

use mock::mock::Asked;
use mock::{
    debrief, loop_, phone_screen, practice_plan, round_score, Item, Mock, MockError, MockKind,
    Round, RoundKind, RoundResult,
};

fn asked(id: &str, name: &str, prompt: &str) -> Asked {
    Asked {
        principle: id.into(),
        name: name.into(),
        prompt: prompt.into(),
    }
}

fn tech(kind: RoundKind, title: &str, minutes: u32, item: Item) -> Round {
    Round {
        kind,
        title: title.into(),
        minutes,
        items: vec![item],
        principles: vec![],
        bar_raiser: false,
    }
}

fn screen() -> Mock {
    let principles = vec![
        asked("earn-trust", "Earn Trust", "et-1"),
        asked("dive-deep", "Dive Deep", "dd-1"),
        asked("ownership", "Ownership", "ow-1"),
    ];
    Mock {
        kind: MockKind::PhoneScreen,
        seed: 7,
        rounds: vec![
            tech(
                RoundKind::ThreatModel,
                "Threat model: Payments",
                15,
                Item::Scenario("payment-fraud".into()),
            ),
            tech(
                RoundKind::CodeReview,
                "Code review: Order DAO (Java)",
                10,
                Item::Snippet("java-order-dao".into()),
            ),
            tech(
                RoundKind::Scripting,
                "Scripting: IPv4",
                5,
                Item::Exercise("ipv4-validate".into()),
            ),
            Round {
                kind: RoundKind::Behavioural,
                title: "Behavioural: Earn Trust, Dive Deep, Ownership".into(),
                minutes: 30,
                items: principles
                    .iter()
                    .map(|a| Item::Prompt(a.prompt.clone()))
                    .collect(),
                principles,
                bar_raiser: false,
            },
        ],
    }
}

fn results() -> Vec<RoundResult> {
    vec![
        RoundResult::technical(60, 1200),
        RoundResult::technical(90, 480),
        RoundResult::technical(40, 300),
        RoundResult {
            elapsed_secs: 1500,
            ..Default::default()
        }
        .rate("earn-trust", 2)
        .rate("dive-deep", 4)
        .rate("ownership", 1),
    ]
}

#[test]
fn round_scores_average_their_parts() {
    let m = screen();
    let r = results();
    let s: Vec<u8> = (0..4)
        .map(|i| round_score(i, &m.rounds[i], &r[i]).unwrap())
        .collect();
    // (50 + 100 + 25) / 3 = 58.3
    assert_eq!(s, vec![60, 90, 40, 58]);
}

#[test]
fn debrief_for_a_known_result_set() {
    let md = debrief(&screen(), &results()).unwrap();
    assert!(
        md.starts_with("# Mock phone screen debrief (seed 7)\n"),
        "{md}"
    );
    // (15x60 + 10x90 + 5x40 + 30x58) / 60 = 62.3
    assert!(md.contains("Overall **62/100**"), "{md}");
    assert!(md.contains("Time used 58:00 of 60:00."), "{md}");
    // 20 minutes of 15: 13 tenths, three over.
    assert!(
        md.contains(
            "| 1 | Threat model: Payments | `██████░░░░` 60 | `██████████+++` 20:00 / 15 min |"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "| 2 | Code review: Order DAO (Java) | `█████████░` 90 | `████████░░` 8:00 / 10 min |"
        ),
        "{md}"
    );
    assert!(
        md.contains("`████░░░░░░` 40 | `██████████` 5:00 / 5 min |"),
        "{md}"
    );
    assert!(
        md.contains("- Strongest: round 2, Code review: Order DAO (Java) (90/100)"),
        "{md}"
    );
    assert!(
        md.contains("- Weakest: round 3, Scripting: IPv4 (40/100)"),
        "{md}"
    );
    assert!(
        md.contains("- **Earn Trust**: rated 2/4 on prompt `et-1` (round 4)"),
        "{md}"
    );
    assert!(
        md.contains("- **Ownership**: rated 1/4 on prompt `ow-1` (round 4)"),
        "{md}"
    );
    assert!(!md.contains("**Dive Deep**"), "{md}");
    // Gaps: Ownership 50, scripting 35, Earn Trust 25, pace of round 1 16,
    // threat model 15, code review -15.
    let next = md
        .split("## Next three things to practise\n\n")
        .nth(1)
        .unwrap();
    let lines: Vec<&str> = next.lines().collect();
    assert_eq!(lines.len(), 3, "{next}");
    assert!(
        lines[0].starts_with("1. Find a story for Ownership"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("2. Write `ipv4-validate` again"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("3. Finish the Earn Trust story"),
        "{}",
        lines[2]
    );
}

#[test]
fn practice_plan_ranks_every_candidate() {
    let plan = practice_plan(&screen(), &results()).unwrap();
    let gaps: Vec<(i32, usize)> = plan.iter().map(|p| (p.gap, p.round)).collect();
    assert_eq!(
        gaps,
        vec![(50, 3), (35, 2), (25, 3), (16, 0), (15, 0), (-15, 1)]
    );
    assert!(plan[3]
        .text
        .starts_with("Pace: round 1 took 20:00 against 15 minutes"));
}

#[test]
fn ties_go_to_the_earlier_round() {
    let mut r = results();
    r[0].technical = Some(90);
    r[2].technical = Some(58);
    let md = debrief(&screen(), &r).unwrap();
    assert!(md.contains("- Strongest: round 1,"), "{md}");
    assert!(md.contains("- Weakest: round 3,"), "{md}");
}

#[test]
fn bad_results_are_refused() {
    let m = screen();
    assert_eq!(
        debrief(&m, &results()[..3]).unwrap_err(),
        MockError::ResultCount(3, 4)
    );
    let cases: Vec<(usize, RoundResult, &str)> = vec![
        (0, RoundResult::technical(101, 60), "above 100"),
        (0, RoundResult::default(), "missing"),
        (3, RoundResult::technical(50, 60), "behavioural-only"),
        (
            3,
            RoundResult::default().rate("earn-trust", 3),
            "no rating for `dive-deep`",
        ),
        (
            3,
            RoundResult::default()
                .rate("earn-trust", 5)
                .rate("dive-deep", 3)
                .rate("ownership", 3),
            "not 1 to 4",
        ),
        (
            3,
            RoundResult::default()
                .rate("earn-trust", 3)
                .rate("dive-deep", 3)
                .rate("ownership", 3)
                .rate("frugality", 3),
            "was not asked",
        ),
    ];
    for (i, res, want) in cases {
        let mut r = results();
        r[i] = res;
        let e = debrief(&m, &r).unwrap_err();
        assert!(e.to_string().contains(want), "{e}");
        assert!(
            e.to_string().starts_with(&format!("round {}:", i + 1)),
            "{e}"
        );
    }
}

#[test]
fn untrusted_titles_are_escaped() {
    let mut m = screen();
    m.rounds[0].title = "a | b <script>".into();
    let md = debrief(&m, &results()).unwrap();
    assert!(md.contains("a \\| b \\<script\\>"), "{md}");
}

fn perfect(m: &Mock) -> Vec<RoundResult> {
    m.rounds
        .iter()
        .map(|r| {
            let mut res = RoundResult {
                technical: r.has_technical().then_some(100),
                elapsed_secs: u64::from(r.minutes) * 60,
                ..Default::default()
            };
            for a in &r.principles {
                res = res.rate(&a.principle, 4);
            }
            res
        })
        .collect()
}

#[test]
fn perfect_embedded_mocks_still_get_three_next_steps() {
    for m in [phone_screen(3).unwrap(), loop_(3).unwrap()] {
        let md = debrief(&m, &perfect(&m)).unwrap();
        assert!(md.contains("Overall **100/100**"), "{md}");
        assert!(
            md.contains("Every principle asked was rated 3 or 4."),
            "{md}"
        );
        let next = md
            .split("## Next three things to practise\n\n")
            .nth(1)
            .unwrap();
        assert_eq!(next.lines().count(), 3, "{md}");
        assert!(!md.contains("Pace:"), "{md}");
    }
}

#[test]
fn loop_debrief_names_the_bar_raiser_round() {
    let m = loop_(11).unwrap();
    let mut r = perfect(&m);
    let bar = m.rounds.iter().position(|r| r.bar_raiser).unwrap();
    let p = &m.rounds[bar].principles[0];
    r[bar] = r[bar].clone().rate(&p.principle, 1);
    let md = debrief(&m, &r).unwrap();
    assert!(md.contains("(Bar Raiser)"), "{md}");
    assert!(md.contains(&format!("- **{}**: rated 1/4", p.name)), "{md}");
    assert!(
        md.contains(&format!("1. Find a story for {}", p.name)),
        "{md}"
    );
}
