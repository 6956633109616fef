//! Offer evaluator.
//!
//! An [`Offer`] is read from TOML ([`parse`]): base salary, an optional
//! annual raise, the sign-on bonus paid in year 1 and year 2, and an RSU
//! grant (a number of shares, or a dollar value converted at the grant
//! price) vested over a schedule given as a percentage per year. The default
//! schedule is the Amazon one, 5/15/40/40 over four years; vesting may be
//! annual, semi-annual or quarterly, with the first year vesting at its end
//! (a one-year cliff) unless told otherwise.
//!
//! [`evaluate`] returns one [`Year`] per year (four, or more for a longer
//! schedule) with base, sign-on, stock and total; [`four_year_total`] and
//! [`total`] sum them; [`compare`] sets two offers side by side. Money is held in whole cents ([`Cents`]) so that figures add
//! up exactly; the stock is valued at the grant price (no growth assumed).
//!
//! ```
//! let offer = offer::parse(r#"
//! base = 170000
//! [sign_on]
//! year1 = 30000
//! year2 = 20000
//! [rsu]
//! shares = 400
//! price = 200
//! "#).unwrap();
//! let years = offer::evaluate(&offer);
//! assert_eq!(years[0].total.dollars(), 170_000 + 30_000 + 20 * 200);
//! assert_eq!(offer::total(&years).dollars(), 4 * 170_000 + 50_000 + 400 * 200);
//! ```

pub mod compare;
pub mod error;
pub mod evaluate;
pub mod input;
pub mod money;
pub mod schedule;

pub use compare::{compare, Comparison, YearDelta};
pub use error::OfferError;
pub use evaluate::{evaluate, four_year_total, total, years_markdown, Year};
pub use input::{parse, Offer, Rsu, SignOn};
pub use money::Cents;
pub use schedule::{vest_events, Frequency, Vest, VestingSchedule};
