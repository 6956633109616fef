//! `sandbox`: run an untrusted script (a drill answer) with limits.
//!
//! The scripting drills run code the user wrote, against hidden tests. The
//! code is the user's own, but a bug (an endless loop, a list that grows
//! forever, a log written in a loop) must not hang the tool, exhaust the
//! machine or fill the disk, and the script must not be able to read the
//! hidden tests or the answers. So each run:
//!
//! * starts in a fresh empty directory (removed afterwards) with a cleared
//!   environment (`PATH`, `HOME` = that directory, `LANG=C.UTF-8`);
//! * gets its input on stdin only; the hidden tests never touch the disk;
//! * has rlimits set in the child before `exec`: address space
//!   (`RLIMIT_AS`), CPU seconds, file size (`RLIMIT_FSIZE`, so a runaway
//!   write fails with `EFBIG` instead of filling the disk), open files, no
//!   core dumps;
//! * runs in its own process group, which is killed as a whole at the wall
//!   time limit (children it forked included);
//! * has its stdout and stderr read concurrently and cut at a byte cap (the
//!   rest is drained and dropped, so a chatty script cannot block or blow
//!   up memory);
//! * reports the process's peak resident memory (from `wait4`'s resource
//!   usage), so a drill can show memory next to time;
//! * on Linux, is moved into new user and network namespaces when the
//!   kernel allows it, so it has no network (only an unconfigured
//!   loopback). Where unprivileged namespaces are disabled the run goes on
//!   and [`Outcome::network_isolated`] says so.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The limits of one run.
#[derive(Debug, Clone)]
pub struct Limits {
    pub wall: Duration,
    pub cpu_secs: u64,
    pub memory_bytes: u64,
    pub file_bytes: u64,
    pub output_bytes: usize,
    pub open_files: u64,
    /// Try to cut the network off (Linux namespaces).
    pub isolate_network: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            wall: Duration::from_secs(10),
            cpu_secs: 10,
            memory_bytes: 512 << 20,
            file_bytes: 16 << 20,
            output_bytes: 1 << 20,
            open_files: 64,
            isolate_network: true,
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// Exited with this code.
    Code(i32),
    /// Killed by this signal (SIGXCPU: CPU limit; SIGKILL from us: wall time).
    Signal(i32),
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub exit: Exit,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub stdout_truncated: bool,
    pub stderr_truncated: bool,
    /// Killed at the wall-time limit.
    pub timed_out: bool,
    pub elapsed: Duration,
    /// Peak resident memory of the process, in KiB, when the OS reports it.
    pub peak_memory_kib: Option<u64>,
    pub network_isolated: bool,
}

impl Outcome {
    pub fn success(&self) -> bool {
        self.exit == Exit::Code(0) && !self.timed_out
    }

    /// One line for people: why it failed, if it did.
    pub fn describe(&self) -> String {
        match (&self.exit, self.timed_out) {
            (_, true) => format!(
                "killed after the {:.1} s wall-time limit",
                self.elapsed.as_secs_f64()
            ),
            (Exit::Code(0), _) => "exited 0".into(),
            (Exit::Code(c), _) => format!("exited {c}"),
            (Exit::Signal(s), _) if *s == libc::SIGXCPU => "killed: CPU time limit".into(),
            (Exit::Signal(s), _) if *s == libc::SIGSEGV || *s == libc::SIGKILL => {
                format!("killed by signal {s} (often the memory limit)")
            }
            (Exit::Signal(s), _) => format!("killed by signal {s}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the command is empty")]
    Empty,
    #[error("cannot start `{program}`: {source}; check that it is installed and on PATH")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("cannot make a working directory for the run: {0}")]
    Dir(std::io::Error),
}

/// Run `argv` with `stdin` as its input under `limits`. Files in `files`
/// (name, content) are written into the working directory first (the
/// user's script itself, never the hidden tests).
pub fn run(
    argv: &[String],
    stdin: &[u8],
    files: &[(&str, &[u8])],
    limits: &Limits,
) -> Result<Outcome, Error> {
    let program = argv.first().ok_or(Error::Empty)?;
    let dir = tempfile::tempdir().map_err(Error::Dir)?;
    for (name, content) in files {
        let safe = std::path::Path::new(name)
            .file_name()
            .ok_or_else(|| Error::Dir(std::io::Error::other("bad file name")))?;
        std::fs::write(dir.path().join(safe), content).map_err(Error::Dir)?;
    }
    let mut cmd = Command::new(program);
    cmd.args(&argv[1..])
        .current_dir(dir.path())
        .env_clear()
        .env(
            "PATH",
            std::env::var_os("PATH").unwrap_or_else(|| "/usr/local/bin:/usr/bin:/bin".into()),
        )
        .env("HOME", dir.path())
        .env("TMPDIR", dir.path())
        .env("LANG", "C.UTF-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let net_flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        let l = limits.clone();
        // SAFETY: getpid has no preconditions.
        let parent = unsafe { libc::getpid() };
        // SAFETY: the closure runs in the forked child before exec and only
        // calls async-signal-safe functions (setsid, prctl, getppid,
        // setrlimit, unshare) on values computed before the fork; it
        // allocates nothing.
        unsafe {
            cmd.pre_exec(move || {
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                // If the tool itself is killed (Ctrl-C, SIGKILL, OOM) the
                // script dies with it instead of running on in its own
                // session; the getppid check closes the race where the
                // parent died before the prctl.
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if libc::getppid() != parent {
                    libc::_exit(137);
                }
                let set = |res, v: u64| {
                    // CPU: soft limit sends SIGXCPU, the hard one a second
                    // later SIGKILL (equal limits would skip the SIGXCPU
                    // that tells a CPU kill from a memory kill)
                    let hard = if res == libc::RLIMIT_CPU { v + 1 } else { v };
                    let r = libc::rlimit {
                        rlim_cur: v as libc::rlim_t,
                        rlim_max: hard as libc::rlim_t,
                    };
                    if libc::setrlimit(res, &r) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                };
                set(libc::RLIMIT_AS, l.memory_bytes)?;
                set(libc::RLIMIT_CPU, l.cpu_secs.max(1))?;
                set(libc::RLIMIT_FSIZE, l.file_bytes)?;
                set(libc::RLIMIT_NOFILE, l.open_files.max(8))?;
                set(libc::RLIMIT_CORE, 0)?;
                if l.isolate_network {
                    // root may unshare the network alone; others need a user
                    // namespace first. Failure leaves the network as it was.
                    if libc::unshare(libc::CLONE_NEWNET) != 0 {
                        let _ = libc::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNET);
                    }
                }
                Ok(())
            });
        }
    }
    let start = Instant::now();
    let mut child = cmd.spawn().map_err(|source| Error::Spawn {
        program: program.clone(),
        source,
    })?;
    let pid = child.id() as i32;
    // Network isolation shows as a netns different from ours.
    #[cfg(target_os = "linux")]
    if limits.isolate_network {
        let mine = std::fs::read_link("/proc/self/ns/net").ok();
        let theirs = std::fs::read_link(format!("/proc/{pid}/ns/net")).ok();
        net_flag.store(
            theirs.is_some() && theirs != mine,
            std::sync::atomic::Ordering::Relaxed,
        );
    }
    let cap = limits.output_bytes;
    let reader = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let mut truncated = false;
            if let Some(mut r) = r {
                let mut buf = [0u8; 8192];
                loop {
                    match r.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let room = cap.saturating_sub(kept.len());
                            kept.extend_from_slice(&buf[..n.min(room)]);
                            truncated |= n > room;
                        }
                    }
                }
            }
            (kept, truncated)
        })
    };
    let out = reader(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let input = stdin.to_vec();
    let writer = child.stdin.take().map(|mut w| {
        std::thread::spawn(move || {
            // a script that never reads its input gets EPIPE: fine
            let _ = w.write_all(&input);
        })
    });
    let mut timed_out = false;
    let mut peak_memory_kib = None;
    // Reaped with wait4 rather than `Child::try_wait` so the kernel also
    // hands over the child's resource usage: its peak resident memory is
    // what the drill reports next to the time.
    let status = loop {
        match reap(pid, false) {
            Reaped::Exited(s, peak) => {
                peak_memory_kib = peak;
                break Some(s);
            }
            Reaped::Running if start.elapsed() >= limits.wall => {
                timed_out = true;
                kill_group(pid);
                match reap(pid, true) {
                    Reaped::Exited(s, peak) => {
                        peak_memory_kib = peak;
                        break Some(s);
                    }
                    _ => break None,
                }
            }
            Reaped::Running => std::thread::sleep(Duration::from_millis(5)),
            Reaped::Failed => break None,
        }
    };
    // grandchildren may still hold the pipes: end the whole group
    kill_group(pid);
    let elapsed = start.elapsed();
    let (stdout, stdout_truncated) = out.join().unwrap_or_default();
    let (stderr, stderr_truncated) = err.join().unwrap_or_default();
    if let Some(w) = writer {
        let _ = w.join();
    }
    use std::os::unix::process::ExitStatusExt;
    let exit = match status {
        Some(s) => match (s.code(), s.signal()) {
            (Some(c), _) => Exit::Code(c),
            (None, Some(sig)) => Exit::Signal(sig),
            _ => Exit::Code(-1),
        },
        None => Exit::Code(-1),
    };
    Ok(Outcome {
        exit,
        stdout,
        stderr,
        stdout_truncated,
        stderr_truncated,
        timed_out,
        elapsed,
        peak_memory_kib,
        network_isolated: net_flag.load(std::sync::atomic::Ordering::Relaxed),
    })
}

enum Reaped {
    Running,
    /// The status, and the peak resident set in KiB when the OS said.
    Exited(std::process::ExitStatus, Option<u64>),
    Failed,
}

/// One `wait4` on the child: without `block`, returns `Running` if it has
/// not ended yet.
fn reap(pid: i32, block: bool) -> Reaped {
    use std::os::unix::process::ExitStatusExt;
    loop {
        let mut raw: libc::c_int = 0;
        // SAFETY: an all-zero rusage is a valid value of the plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let flags = if block { 0 } else { libc::WNOHANG };
        // SAFETY: wait4 on our own child's pid with valid pointers to
        // locals; the child is reaped here and nowhere else.
        let r = unsafe { libc::wait4(pid, &mut raw, flags, &mut usage) };
        if r == pid {
            // ru_maxrss is in KiB on Linux, in bytes on macOS
            let rss = usage.ru_maxrss.max(0) as u64;
            let kib = if cfg!(target_os = "macos") {
                rss / 1024
            } else {
                rss
            };
            return Reaped::Exited(
                std::process::ExitStatus::from_raw(raw),
                (kib > 0).then_some(kib),
            );
        }
        if r == 0 {
            return Reaped::Running;
        }
        if std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            return Reaped::Failed;
        }
    }
}

fn kill_group(pid: i32) {
    // SAFETY: killpg with a process-group id we created (setsid in the
    // child made its pid the group id); a stale group is ESRCH, ignored.
    unsafe {
        libc::killpg(pid, libc::SIGKILL);
    }
}
