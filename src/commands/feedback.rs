//! What the user sees while a command works: a progress bar on a terminal (indicatif), `-v`
//! notes on stderr, or nothing (`-q`, or stderr not a terminal). It is the command line's
//! [`Progress`]: library code reports through it and never prints.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::progress::Progress;
use crate::text::escape_control;

/// How much to say while working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Nothing but errors and findings (`-q`).
    Quiet,
    /// A progress bar when stderr is a terminal.
    #[default]
    Normal,
    /// A line per step on stderr (`-v`).
    Verbose,
}

impl Verbosity {
    /// From the `-q` and `-v` flags.
    pub fn from_flags(quiet: bool, verbose: bool) -> Verbosity {
        if quiet {
            Verbosity::Quiet
        } else if verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        }
    }
}

/// The command line's [`Progress`].
pub struct Feedback {
    verbosity: Verbosity,
    bars: bool,
    bar: Mutex<Option<ProgressBar>>,
    phase: Mutex<String>,
}

impl Feedback {
    /// Feedback at `verbosity`; bars only when stderr is a terminal.
    pub fn new(verbosity: Verbosity) -> Feedback {
        Feedback::with_terminal(verbosity, std::io::stderr().is_terminal())
    }

    /// Feedback at `verbosity`, told whether stderr is a terminal.
    pub fn with_terminal(verbosity: Verbosity, terminal: bool) -> Feedback {
        Feedback {
            verbosity,
            bars: terminal && verbosity == Verbosity::Normal,
            bar: Mutex::new(None),
            phase: Mutex::new(String::new()),
        }
    }

    /// Whether a bar is drawn (a terminal, neither `-q` nor `-v`).
    pub fn draws_bars(&self) -> bool {
        self.bars
    }

    fn line(&self, text: &str) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{}", escape_control(text));
    }
}

impl Progress for Feedback {
    fn phase(&self, name: &str, total: Option<u64>) {
        if let Ok(mut p) = self.phase.lock() {
            *p = name.to_string();
        }
        if !self.bars {
            return;
        }
        let bar = match total {
            Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
        };
        let style = ProgressStyle::with_template("{prefix:>12} [{bar:30}] {pos}/{len} {wide_msg}")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_prefix(name.to_string());
        if let Ok(mut slot) = self.bar.lock()
            && let Some(old) = slot.replace(bar)
        {
            old.finish_and_clear();
        }
    }

    fn step(&self, item: &str) {
        if self.verbosity == Verbosity::Verbose {
            let phase = self.phase.lock().map(|p| p.clone()).unwrap_or_default();
            self.line(&format!("{phase} {item}"));
        }
        if let Ok(slot) = self.bar.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.inc(1);
            bar.set_message(escape_control(item));
        }
    }

    fn note(&self, message: &str) {
        if self.verbosity == Verbosity::Verbose {
            self.line(message);
        }
    }

    fn done(&self) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some(bar) = slot.take()
        {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Feedback {
    fn drop(&mut self) {
        self.done();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_only_on_a_terminal_and_never_with_q_or_v() {
        assert!(Feedback::with_terminal(Verbosity::Normal, true).draws_bars());
        assert!(!Feedback::with_terminal(Verbosity::Normal, false).draws_bars());
        assert!(!Feedback::with_terminal(Verbosity::Quiet, true).draws_bars());
        assert!(!Feedback::with_terminal(Verbosity::Verbose, true).draws_bars());
        assert_eq!(Verbosity::from_flags(true, false), Verbosity::Quiet);
        assert_eq!(Verbosity::from_flags(false, true), Verbosity::Verbose);
        let f = Feedback::with_terminal(Verbosity::Normal, true);
        f.phase("hashing", Some(2));
        f.step("a");
        f.done();
    }
}
