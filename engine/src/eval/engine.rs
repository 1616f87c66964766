//! The engine: one event at a time through state, evaluation and output.

use super::ruleset::RuleSet;
use syssentry_event::Event;
use crate::fields::EvalCtx;
use crate::filter::compile::EvalScratch;
use crate::output::{local_utc_offset, Alert, OutputOptions};
use crate::state::State;
use std::sync::Arc;

/// Runs events through the state tables and the rules; owns the state and the scratch buffers of
/// one evaluating thread.
#[derive(Debug)]
pub struct Engine {
    rules: Arc<RuleSet>,
    state: State,
    scratch: EvalScratch,
    matched: Vec<u32>,
    output: OutputOptions,
    /// The local time zone's offset, refreshed from the event clock (daylight saving changes).
    utc_offset_secs: i32,
    offset_checked_at: u64,
}

/// How often (in event time) the local UTC offset is looked up again.
const OFFSET_REFRESH_NS: u64 = 60 * 1_000_000_000;

impl Engine {
    /// An engine over a rule set and initial state.
    pub fn new(rules: Arc<RuleSet>, state: State, output: OutputOptions) -> Engine {
        Engine {
            rules,
            state,
            scratch: EvalScratch::default(),
            matched: Vec::new(),
            output,
            utc_offset_secs: 0,
            offset_checked_at: 0,
        }
    }

    /// Processes one event: updates the state, evaluates the rules indexed under the event's type and
    /// hands each alert to `sink`. Falco's order: state first, so a rule sees e.g. the new image of an
    /// `execve`; removals such as a process exit take effect after evaluation.
    pub fn process(&mut self, event: &Event, sink: &mut dyn FnMut(Alert)) {
        self.state.apply(event);
        self.matched.clear();
        self.refresh_offset(event.ts);
        let mut ctx = EvalCtx::new(event, &self.state);
        ctx.hostname = &self.output.hostname;
        ctx.utc_offset_secs = self.utc_offset_secs;
        self.rules.evaluate(&ctx, &mut self.scratch, &mut self.matched);
        for &i in &self.matched {
            let rule = &self.rules.rules()[i as usize];
            sink(rule.output.alert(&ctx, &mut self.scratch, &self.output));
        }
        self.state.finish(event);
    }

    /// Updates the state with `event` exactly as [`Engine::process`] does, without evaluating
    /// it: an evaluation thread keeps its copy of the state in step with the events another
    /// thread evaluates.
    pub fn keep_up(&mut self, event: &Event) {
        self.state.apply(event);
        self.refresh_offset(event.ts);
        self.state.finish(event);
    }

    /// Looks the local UTC offset up again when the event clock moved on far enough (every copy
    /// of the engine does so at the same events, so their outputs agree).
    fn refresh_offset(&mut self, ts: u64) {
        if ts.abs_diff(self.offset_checked_at) >= OFFSET_REFRESH_NS || self.offset_checked_at == 0 {
            self.utc_offset_secs = self.output.utc_offset.unwrap_or_else(|| local_utc_offset(ts));
            self.offset_checked_at = ts.max(1);
        }
    }

    /// The state tables.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The state tables, for seeding (e.g. from `/proc` at start).
    pub fn state_mut(&mut self) -> &mut State {
        &mut self.state
    }

    /// The rule set.
    pub fn rules(&self) -> &Arc<RuleSet> {
        &self.rules
    }

    /// The output options.
    pub fn output_options(&self) -> &OutputOptions {
        &self.output
    }
}
