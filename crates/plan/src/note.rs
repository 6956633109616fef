//! The thank-you note sent within 24 hours of an interview.

/// Draft a thank-you note to `interviewer` naming the `topics` discussed
/// (as recorded during the interview or mock).
///
/// Inputs are untrusted free text: control characters are removed,
/// whitespace is collapsed, blank and repeated topics (case-insensitive) are
/// dropped. With no name the note opens with "Hello,"; with no topics it
/// thanks for the conversation in general. The note ends at the sign-off so
/// the candidate adds their own name.
pub fn thank_you_note(interviewer: &str, topics: &[String]) -> String {
    let name = clean(interviewer);
    let mut seen = Vec::<String>::new();
    let mut kept = Vec::new();
    for t in topics {
        let t = clean(t);
        let t = t.trim_end_matches(['.', ',', ';']).to_string();
        if !t.is_empty() && !seen.contains(&t.to_lowercase()) {
            seen.push(t.to_lowercase());
            kept.push(t);
        }
    }
    let greeting = if name.is_empty() {
        "Hello,".to_string()
    } else {
        format!("Dear {name},")
    };
    let middle = if kept.is_empty() {
        "I enjoyed our conversation and came away with a clearer picture of the work your team does.".to_string()
    } else {
        format!(
            "I enjoyed our discussion of {}, and it gave me a clearer picture of the problems your team works on.",
            join(&kept)
        )
    };
    format!(
        "{greeting}\n\n\
         Thank you for taking the time to speak with me. {middle}\n\n\
         The conversation made me more enthusiastic about the role. If it would help, I am glad to go into \
         more detail on any of the examples I gave or to follow up on anything we did not have time to cover.\n\n\
         Best regards,\n"
    )
}

fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn names_the_interviewer_and_every_topic_once() {
        let note = thank_you_note(
            "  Priya  ",
            &s(&[
                "threat modeling the upload service",
                "IDOR testing.",
                "idor testing",
                " ",
                "key rotation",
            ]),
        );
        assert!(note.starts_with("Dear Priya,\n\n"), "{note}");
        assert!(
            note.contains(
                "discussion of threat modeling the upload service, IDOR testing, and key rotation,"
            ),
            "{note}"
        );
        assert!(note.ends_with("Best regards,\n"));
    }

    #[test]
    fn handles_missing_name_topics_and_control_characters() {
        let note = thank_you_note("", &[]);
        assert!(note.starts_with("Hello,\n"));
        assert!(note.contains("I enjoyed our conversation"));
        let note = thank_you_note("Sam\u{1b}[31m", &s(&["TLS\nhandshake", "VPC design"]));
        assert!(!note.contains('\u{1b}'));
        assert!(note.contains("TLS handshake and VPC design"), "{note}");
    }
}
