//! What the candidate records after each round, and the round's score.

use crate::error::MockError;
use crate::mock::Round;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The result of one round.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundResult {
    /// The drill grader's 0-100 score for the technical work (threat model,
    /// code review, scripting, or the loop round's questions). Required
    /// exactly when the round has technical work.
    pub technical: Option<u8>,
    /// Self-rating 1-4 per principle asked in the round (by principle id):
    /// 1 no story, 2 a story without a result or metric, 3 a complete
    /// STAR story, 4 complete with numbers and follow-ups handled.
    pub ratings: BTreeMap<String, u8>,
    /// Time actually taken, in seconds.
    pub elapsed_secs: u64,
}

impl RoundResult {
    /// A technical-only round.
    pub fn technical(score: u8, elapsed_secs: u64) -> RoundResult {
        RoundResult {
            technical: Some(score),
            ratings: BTreeMap::new(),
            elapsed_secs,
        }
    }

    /// Add a self-rating for a principle.
    pub fn rate(mut self, principle: &str, rating: u8) -> RoundResult {
        self.ratings.insert(principle.to_string(), rating);
        self
    }
}

/// A 1-4 self-rating on the 0-100 scale: 1 = 25, 2 = 50, 3 = 75, 4 = 100.
pub fn rating_score(rating: u8) -> Option<u8> {
    (1..=4).contains(&rating).then_some(rating * 25)
}

/// The round's 0-100 score: the mean of its parts, the technical score
/// counting once and each principle's rating once (so a loop round with
/// two principles is one third technical), rounded half up.
///
/// Errors when a part is missing, out of range, or not in the round.
pub fn round_score(index: usize, round: &Round, result: &RoundResult) -> Result<u8, MockError> {
    let bad = |message: String| MockError::BadResult {
        round: index + 1,
        message,
    };
    let mut parts: Vec<u32> = Vec::new();
    match (round.has_technical(), result.technical) {
        (true, Some(s)) if s <= 100 => parts.push(u32::from(s)),
        (true, Some(s)) => return Err(bad(format!("technical score {s} is above 100"))),
        (true, None) => return Err(bad("the technical score is missing".into())),
        (false, Some(_)) => {
            return Err(bad("a technical score for a behavioural-only round".into()))
        }
        (false, None) => {}
    }
    for a in &round.principles {
        let r = result
            .ratings
            .get(&a.principle)
            .ok_or_else(|| bad(format!("no rating for `{}`", a.principle)))?;
        let s = rating_score(*r)
            .ok_or_else(|| bad(format!("rating {r} for `{}` is not 1 to 4", a.principle)))?;
        parts.push(u32::from(s));
    }
    if let Some(extra) = result
        .ratings
        .keys()
        .find(|k| !round.principles.iter().any(|a| &a.principle == *k))
    {
        return Err(bad(format!("`{extra}` was not asked in this round")));
    }
    let n = parts.len() as u32;
    if n == 0 {
        return Err(bad("the round has nothing to score".into()));
    }
    Ok(((parts.iter().sum::<u32>() * 2 + n) / (2 * n)) as u8)
}
