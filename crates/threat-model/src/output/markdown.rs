//! (being written)
use crate::Analysis;

pub fn render(_a: &Analysis) -> String {
    String::new()
}
