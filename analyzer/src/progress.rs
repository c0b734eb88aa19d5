//! The one factory for progress bars, and the phases a long fetch goes through.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar on standard error, hidden when it is not a terminal or `--quiet` is given.
pub fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {msg:26} [{bar:30}] {pos}/{len} functions {elapsed}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// Starts a phase of work over `functions` functions: the bar shows `message` and counts from 0.
pub fn start_phase(bar: &ProgressBar, message: &str, functions: usize) {
    bar.set_message(message.to_owned());
    bar.set_length(functions as u64);
    bar.set_position(0);
}
