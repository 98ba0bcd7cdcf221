//! A spinner on standard error for runs that take more than a second: what `check` is doing
//! and for how long. Only on a terminal, never in CI, never with `--quiet`, so nothing a
//! program reads is touched.

use std::io::IsTerminal;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before the spinner shows.
const DELAY: Duration = Duration::from_secs(1);

pub struct Progress {
    bar: ProgressBar,
    shown: Option<(mpsc::Sender<()>, JoinHandle<()>)>,
}

/// Whether a run may show progress: standard error is a terminal, this is not CI, and the
/// user did not ask for quiet.
pub fn wanted(stderr_is_terminal: bool, ci: bool, quiet: bool) -> bool {
    stderr_is_terminal && !ci && !quiet
}

impl Progress {
    pub fn start(quiet: bool) -> Progress {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        if !wanted(std::io::stderr().is_terminal(), ci, quiet) {
            return Progress { bar, shown: None };
        }
        let (done, finished) = mpsc::channel::<()>();
        let shown = bar.clone();
        let thread = std::thread::spawn(move || {
            if finished.recv_timeout(DELAY) == Err(mpsc::RecvTimeoutError::Timeout) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(100));
            }
        });
        Progress {
            bar,
            shown: Some((done, thread)),
        }
    }

    /// What the run is doing now.
    pub fn stage(&self, message: String) {
        self.bar.set_message(message);
    }

    /// Clears the spinner before the report is printed.
    pub fn finish(self) {
        if let Some((done, thread)) = self.shown {
            let _ = done.send(());
            let _ = thread.join();
        }
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_only_on_a_terminal_outside_ci_and_not_when_quiet() {
        assert!(wanted(true, false, false));
        assert!(!wanted(false, false, false));
        assert!(!wanted(true, true, false));
        assert!(!wanted(true, false, true));
    }
}
