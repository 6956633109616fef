//! Stored stories as the STAR coach reads them, and the bank's coverage of
//! the principles: one conversion for the CLI's `star` and `status` and the
//! web app's STAR page.

/// A stored story as a `star::Story`. The store keeps full dates and a
/// story is dated to the month, so the stored date's first seven
/// characters are read; a story saved without a date reads as January
/// 1970, which the recency check then flags.
pub fn to_star(x: &store::Story) -> star::Story {
    let date = x
        .date
        .as_deref()
        .and_then(|d| d.get(..7))
        .and_then(|ym| ym.parse().ok())
        .unwrap_or(star::YearMonth {
            year: 1970,
            month: 1,
        });
    star::Story {
        title: x.title.clone(),
        principles: x.principles.clone(),
        date,
        situation: x.situation.clone(),
        task: x.task.clone(),
        action: x.action.clone(),
        result: x.result.clone(),
    }
}

/// How the stored bank covers the 16 principles.
pub fn coverage(stored: &[store::Story]) -> star::Coverage {
    let bank: Vec<star::Story> = stored.iter().map(to_star).collect();
    star::Coverage::compute(&bank, star::principles())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(date: Option<&str>, principles: &[&str]) -> store::Story {
        store::Story {
            id: 1,
            title: "t".into(),
            principles: principles.iter().map(|p| p.to_string()).collect(),
            date: date.map(str::to_string),
            situation: "s".into(),
            task: "t".into(),
            action: "a".into(),
            result: "r".into(),
            updated_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn dates_read_to_the_month_and_coverage_counts_principles() {
        assert_eq!(
            to_star(&stored(Some("2025-06-01"), &[])).date.to_string(),
            "2025-06"
        );
        assert_eq!(to_star(&stored(None, &[])).date.to_string(), "1970-01");
        let c = coverage(&[stored(Some("2025-06-01"), &["ownership", "dive-deep"])]);
        assert_eq!(c.covered(), 2);
        assert_eq!(c.gaps.len(), 14);
    }
}
