//! `ssh-failures-per-user`: failed SSH logins per user name from
//! `auth.log` lines.
//!
//! Counts sshd `Failed <method> for [invalid user ]NAME from ADDRESS ...`
//! messages per NAME; `message repeated N times: [ Failed ... ]` counts N.
//! The name is everything before the *last* ` from ` (a name can contain
//! ` from 1.2.3.4`, the log-injection trick). Output `USER COUNT`, count
//! descending, ties by name as text. Other lines (other programs, other
//! sshd messages, `Invalid user` probes, accepted logins, unreadable
//! lines) are not counted.
//!
//! The expected answer is the `logs` engine: its OpenSSH parser
//! (`logs::parse::ssh`) reads the lines, the failures go to `logs::top_n`
//! grouped by user. Edge cases: empty input, repeats, injection names,
//! `invalid user`, journal-style ISO timestamps, noise lines.

use super::{fill, lines, pool_ip, Generator, TestInput};
use crate::Error;
use logs::{parse::ssh, parse::Ctx, Auth, GroupBy, TopConfig};

pub struct SshFailures;

const USERS: [&str; 7] = ["root", "admin", "oracle", "deploy", "ubuntu", "test", "git"];

fn stamp(rng: &mut fastrand::Rng) -> String {
    format!(
        "Mar {:>2} {:02}:{:02}:{:02}",
        rng.u8(1..29),
        rng.u8(0..24),
        rng.u8(0..60),
        rng.u8(0..60)
    )
}

impl Generator for SshFailures {
    fn id(&self) -> &'static str {
        "ssh-failures-per-user"
    }

    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput> {
        let mut v = vec![
            TestInput::stdin("empty input", ""),
            TestInput::stdin(
                "noise only",
                "Mar  3 10:00:00 web1 CRON[88]: (root) CMD (run-parts /etc/cron.hourly)\n\
                 Mar  3 10:00:01 web1 sshd[12]: Accepted publickey for deploy from 198.51.100.4 port 40022 ssh2\n\
                 Mar  3 10:00:02 web1 sshd[12]: Invalid user oracle from 203.0.113.5 port 40100\n\
                 Mar  3 10:00:03 web1 sudo: Failed password for root from 203.0.113.5 port 1 ssh2\n\
                 garbage line\n",
            ),
            TestInput::stdin(
                "repeats, invalid user, injected name, ISO time",
                "Mar  3 10:15:01 web1 sshd[4121]: Failed password for invalid user admin from 203.0.113.5 port 52314 ssh2\n\
                 Mar  3 10:15:30 web1 sshd[4121]: message repeated 5 times: [ Failed password for root from 203.0.113.5 port 52314 ssh2]\n\
                 Mar  3 10:15:31 web1 sshd[4121]: Failed password for invalid user x from 6.6.6.6 from 203.0.113.9 port 1 ssh2\n\
                 2024-03-03T10:15:01.123456+00:00 web1 sshd-session[88]: Failed publickey for root from 192.0.2.7 port 40100 ssh2\n\
                 Mar  3 10:16:00 web1 sshd[4121]: Failed password for admin from 203.0.113.5 port 52315 ssh2\n",
            ),
        ];
        fill(&mut v, seed, n, |rng, i| {
            let mut s = String::new();
            for _ in 0..rng.usize(0..50) {
                let ts = stamp(rng);
                let user = USERS[rng.usize(0..USERS.len())];
                let ip = pool_ip(rng, 9);
                let port = rng.u16(1024..65535);
                let line = match rng.u8(0..10) {
                    0 => format!("{ts} bastion sshd[{port}]: Accepted password for {user} from {ip} port {port} ssh2"),
                    1 => format!("{ts} bastion sshd[{port}]: Invalid user {user} from {ip} port {port}"),
                    2 => format!("{ts} bastion sshd[{port}]: message repeated {} times: [ Failed password for {user} from {ip} port {port} ssh2]", rng.u8(2..9)),
                    3 => format!("{ts} bastion sshd[{port}]: Failed password for invalid user {user} from {ip} port {port} ssh2"),
                    4 => format!("{ts} bastion systemd[1]: Started session {port} of user {user}."),
                    5 => format!("{ts} bastion sshd[{port}]: Connection closed by {ip} port {port} [preauth]"),
                    _ => format!("{ts} bastion sshd[{port}]: Failed password for {user} from {ip} port {port} ssh2"),
                };
                s.push_str(&line);
                s.push('\n');
            }
            TestInput::stdin(format!("random {i}"), s)
        });
        v
    }

    fn answer(&self, input: &TestInput) -> Result<String, Error> {
        let mut ctx = Ctx::new(2024);
        let events: Vec<logs::Event<'_>> = input
            .stdin
            .split(|&b| b == b'\n')
            .filter_map(|l| ssh::parse(l, &mut ctx).ok().flatten())
            .filter(|e| e.auth == Auth::Failure)
            .collect();
        let cfg = TopConfig {
            by: GroupBy::User,
            n: usize::MAX,
            ..TopConfig::default()
        };
        let r = logs::top_n(events, &cfg);
        Ok(lines(
            r.rows.into_iter().map(|r| format!("{} {}", r.key, r.count)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_cases() {
        let g = SshFailures;
        let v = g.generate(0, 3);
        assert_eq!(g.answer(&v[1]).unwrap(), "");
        assert_eq!(
            g.answer(&v[2]).unwrap(),
            "root 6\nadmin 2\nx from 6.6.6.6 1\n"
        );
    }
}
