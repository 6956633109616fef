//! The offline inputs of `keys rotate` and `offboard`: inventory files and
//! state files. Any bytes must give a value or a Diagnostic, never a panic;
//! a parsed inventory must plan without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(inv) = identity::Inventory::parse("fuzz.json", data) {
        let now = identity::Timestamp(1_750_000_000);
        let req = identity::Request::Offboard(identity::OffboardRequest {
            user: "alice".into(),
            delete_user: false,
        });
        let _ = identity::plan(&inv, &req, now);
        let req = identity::Request::Rotate(identity::RotateRequest {
            users: vec![],
            max_age_days: Some(90),
            key_ids: vec![],
            grace_days: 7,
            secret_template: identity::plan::DEFAULT_SECRET_TEMPLATE.into(),
        });
        let _ = identity::plan(&inv, &req, now);
    }
    let _ = identity::State::parse("state.json", data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = identity::Timestamp::parse(s);
    }
});
