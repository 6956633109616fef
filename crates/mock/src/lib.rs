//! Mock interviews.
//!
//! * [`phone_screen`]: the 60-minute screen. Fifteen minutes of threat
//!   modelling on a scenario from the threat-model engine, ten of code review
//!   on a snippet from the review drill, five of scripting on a short exercise
//!   from the script drill, then thirty minutes of behavioural questions: two
//!   or three prompts, each on a different Leadership Principle.
//! * [`loop_`]: five 60-minute rounds. Each covers one technical area (with a
//!   hands-on item where the area has one) and two or three principles; one
//!   round is the Bar Raiser's and takes the harder principles
//!   ([`BAR_RAISER_PRINCIPLES`]). No principle appears in two rounds, so a
//!   loop always covers at least eleven of the sixteen.
//!
//! While a mock runs, a [`Session`] holds its rounds: which is open, the
//! scores and ratings so far; [`grade`] sends a round's hands-on work to
//! its drill's grader. The CLI and the web app both drive mocks through
//! these, and `progress::mocks` stores them.
//!
//! Both are deterministic for a seed: the same seed gives the same mock.
//! Content is referred to by id ([`Item`]); the drills' own crates hold the
//! text and the graders.
//!
//! After the mock, record a [`RoundResult`] per round (the drill grader's
//! 0-100 score for technical work, a 1-4 self-rating per principle) and call
//! [`debrief`] for a Markdown write-up; its rules are documented on
//! [`debrief`] and [`practice_plan`].
//!
//! ```
//! use mock::{debrief, phone_screen, RoundResult};
//!
//! let m = phone_screen(42).unwrap();
//! assert_eq!(m.minutes(), 60);
//! let results: Vec<RoundResult> = m
//!     .rounds
//!     .iter()
//!     .map(|r| {
//!         let mut res = RoundResult {
//!             technical: r.has_technical().then_some(80),
//!             elapsed_secs: u64::from(r.minutes) * 60,
//!             ..Default::default()
//!         };
//!         for a in &r.principles {
//!             res = res.rate(&a.principle, 3);
//!         }
//!         res
//!     })
//!     .collect();
//! let md = debrief(&m, &results).unwrap();
//! assert!(md.contains("Overall **78/100**"));
//! ```

pub mod debrief;
pub mod error;
pub mod grade;
pub mod library;
pub mod mock;
pub mod rng;
pub mod score;
pub mod session;

pub use debrief::{debrief, overall_score, practice_plan, Practice, GOOD_BAR};
pub use error::MockError;
pub use library::Library;
pub use mock::{
    loop_, phone_screen, Item, Mock, MockKind, Round, RoundKind, BAR_RAISER_PRINCIPLES,
};
pub use score::{rating_score, round_score, RoundResult};
pub use session::{recall_score, Closed, Part, RoundState, Session, StepError};
