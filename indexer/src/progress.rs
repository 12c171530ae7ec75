//! Backfill progress: a bar with blocks/s, events/s and ETA on a terminal, a log line every few
//! seconds otherwise.
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

const LOG_EVERY: Duration = Duration::from_secs(5);

pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    last_log: Instant,
    from: u64,
    to: u64,
    blocks: u64,
    events: u64,
}

impl Progress {
    /// Progress of indexing blocks `from..=to`.
    pub fn new(from: u64, to: u64) -> Self {
        let total = to.saturating_sub(from) + 1;
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template(
                    "backfill [{bar:30}] {pos}/{len} blocks {per_sec} {msg} ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        });
        Self {
            bar,
            started: Instant::now(),
            last_log: Instant::now(),
            from,
            to,
            blocks: 0,
            events: 0,
        }
    }

    pub fn advance(&mut self, blocks: u64, events: u64) {
        self.blocks += blocks;
        self.events += events;
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let events_per_sec = self.events as f64 / secs;
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{events_per_sec:.0} events/s"));
            bar.inc(blocks);
        } else if self.last_log.elapsed() >= LOG_EVERY {
            self.last_log = Instant::now();
            let blocks_per_sec = self.blocks as f64 / secs;
            let left = (self.to + 1).saturating_sub(self.from + self.blocks) as f64;
            tracing::info!(
                block = self.from + self.blocks - 1,
                head = self.to,
                blocks_per_sec = format!("{blocks_per_sec:.0}"),
                events_per_sec = format!("{events_per_sec:.0}"),
                eta_secs = format!("{:.0}", left / blocks_per_sec.max(1e-3)),
                "backfill"
            );
        }
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        tracing::info!(
            blocks = self.blocks,
            events = self.events,
            secs = format!("{secs:.1}"),
            "caught up with block {}",
            self.to
        );
    }
}
