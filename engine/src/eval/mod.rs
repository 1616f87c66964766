//! Evaluation: the immutable compiled rule set, indexed by event type, and the [`Engine`] that
//! runs events through state, rules and output.
//! Stage of the data flow: event → state → **evaluation** → output → sink.

mod build;
pub mod domains;
mod engine;
mod ruleset;

pub use build::{build, load_rules, BuildOptions, RuleSummary, RulesReport, Summary, MANY_EVENT_TYPES};
pub use engine::Engine;
pub use ruleset::{CompiledRule, RuleMatching, RuleSet, RuleSetBuilder};
