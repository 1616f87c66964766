//! What to capture for a rule set: the event types its rules match plus those the state tables
//! learn from, the open-file facts its fields read, and whether exec records carry environments.
//!
//! Place in the data flow: rules (compiled once) → **capture plan** → capture configuration. It is
//! the one place where the rules decide what the kernel side collects; capture itself knows
//! nothing of rules.

use syssentry_capture_bpf::CaptureConfig;
use syssentry_engine::eval::RuleSet;
use syssentry_engine::state::tracked_event_types;

/// The capture configuration for running `rules` (default ring size and batching): the event
/// types of the rules and of the state tables ([`tracked_event_types`]), the open-file facts the
/// rules read ([`RuleSet::open_facts`]), the in-kernel filter ([`RuleSet::kernel_filter`]) and, when a rule reads `proc.env`, environments at exec
/// ([`RuleSet::reads_env`], which also decides whether the state keeps them:
/// [`RuleSet::state_config`]).
pub fn capture_config(rules: &RuleSet) -> CaptureConfig {
    let mut wanted = rules.event_types();
    wanted.union_with(&tracked_event_types());
    let mut cfg = CaptureConfig::new(wanted);
    cfg.open_facts = rules.open_facts();
    cfg.filter = rules.kernel_filter().clone();
    cfg.env = rules.reads_env();
    cfg
}
