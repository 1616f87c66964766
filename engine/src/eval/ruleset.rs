//! The compiled rule set: every enabled rule's program and output, filed under each event type its
//! condition can match (Falco's event-type index), in load order.

use syssentry_event::{open_event_types, EventType, EventTypeSet, KernelFilter, OpenFacts};
use crate::fields::{open_facts_of, EvalCtx};
use crate::filter::compile::{EvalScratch, Program};
use crate::output::RuleOutput;
use crate::state::StateConfig;

/// Falco's `rule_matching`: stop at the first matching rule for an event, or report all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RuleMatching {
    /// Only the first matching rule (in load order) fires (Falco's default).
    #[default]
    First,
    /// Every matching rule fires.
    All,
}

/// One compiled, enabled rule.
#[derive(Debug)]
pub struct CompiledRule {
    /// The rule's identity and output.
    pub output: RuleOutput,
    /// Its condition.
    pub program: Program,
    /// The event types its condition can match.
    pub event_types: EventTypeSet,
    /// What it contributes to the in-kernel filter.
    pub prefilter: crate::prefilter::RulePrefilter,
}

/// The immutable, shareable rule set.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<CompiledRule>,
    by_type: Vec<Box<[u32]>>,
    matching: RuleMatching,
    /// Flag bits of every field a rule's condition or output reads, or-ed together.
    field_flags: u16,
    /// Open-file facts a rule's condition or output reads.
    open_facts: OpenFacts,
    /// What capture may leave in the kernel.
    kernel_filter: KernelFilter,
    /// Subtrees several rules hold, numbered ([`crate::filter::compile::memo`]).
    memo_slots: u32,
}

/// Collects compiled rules in load order, then indexes them.
#[derive(Debug, Default)]
pub struct RuleSetBuilder {
    rules: Vec<CompiledRule>,
}

impl RuleSetBuilder {
    /// Adds a rule (rules are tried in the order they are added).
    pub fn push(&mut self, rule: CompiledRule) {
        self.rules.push(rule);
    }

    /// Indexes the rules by event type.
    pub fn build(mut self, matching: RuleMatching) -> RuleSet {
        let memo_slots = {
            let mut programs: Vec<&mut Program> = self.rules.iter_mut().map(|r| &mut r.program).collect();
            crate::filter::compile::shared::assign(&mut programs)
        };
        let mut by_type: Vec<Vec<u32>> = vec![Vec::new(); EventType::COUNT];
        for (i, rule) in self.rules.iter().enumerate() {
            for ty in rule.event_types.iter() {
                by_type[ty.index()].push(i as u32);
            }
        }
        let mut field_flags = 0u16;
        let mut open_facts = OpenFacts::NONE;
        let opens = open_event_types();
        for rule in &self.rules {
            let mut visit = |f: &crate::fields::FieldRef| field_flags |= f.info().flags;
            rule.program.for_each_field(&mut visit);
            rule.output.format.for_each_field(&mut visit);
            let on_opens = opens.iter().any(|t| rule.event_types.contains(t));
            open_facts |= rule.program.open_facts(on_opens);
            rule.output
                .format
                .for_each_field(&mut |f| open_facts |= open_facts_of(f, on_opens));
        }
        let analyses: Vec<_> = self.rules.iter().map(|r| (&r.event_types, &r.prefilter)).collect();
        let kernel_filter = crate::prefilter::kernel_filter(&analyses);
        RuleSet {
            kernel_filter,
            rules: self.rules,
            by_type: by_type.into_iter().map(Vec::into_boxed_slice).collect(),
            matching,
            field_flags,
            open_facts,
            memo_slots,
        }
    }
}

impl RuleSet {
    /// The rules, in load order.
    pub fn rules(&self) -> &[CompiledRule] {
        &self.rules
    }

    /// Whether any rule can match events of this type (what capture needs to send).
    pub fn wants(&self, ty: EventType) -> bool {
        !self.by_type[ty.index()].is_empty()
    }

    /// The union of every rule's event types.
    pub fn event_types(&self) -> EventTypeSet {
        let mut set = EventTypeSet::empty();
        for (i, rules) in self.by_type.iter().enumerate() {
            if !rules.is_empty() {
                if let Some(t) = EventType::from_index(i) {
                    set.insert(t);
                }
            }
        }
        set
    }

    /// Whether a rule's condition or output reads a field flagged
    /// [`READS_ENV`](crate::fields::READS_ENV) (`proc.env`): only then need the state keep
    /// process environments ([`StateConfig::keep_env`]).
    pub fn reads_env(&self) -> bool {
        self.field_flags & crate::fields::READS_ENV != 0
    }

    /// The state tables a sensor running these rules needs: the default caps, keeping process
    /// environments only if a rule reads them ([`RuleSet::reads_env`]).
    pub fn state_config(&self) -> StateConfig {
        StateConfig { keep_env: self.reads_env(), ..StateConfig::default() }
    }

    /// The facts of opened files (created flag, overlayfs layer, device and inode) that a rule's
    /// condition or output can read, on the open events it matches or later through the fd
    /// table ([`open_facts_of`]): capture need not collect the others.
    pub fn open_facts(&self) -> OpenFacts {
        self.open_facts
    }

    /// The in-kernel filter for these rules: which open-family events no rule can match and
    /// the state does not need ([`crate::prefilter`]).
    pub fn kernel_filter(&self) -> &KernelFilter {
        &self.kernel_filter
    }

    /// The matching mode.
    pub fn matching(&self) -> RuleMatching {
        self.matching
    }

    /// Appends to `matched` the index (into [`RuleSet::rules`]) of each rule that matches the event in
    /// `ctx`: only the first one in [`RuleMatching::First`] mode.
    ///
    /// A subtree several rules hold is evaluated once for the event
    /// ([`crate::filter::compile::memo`]).
    pub fn evaluate(&self, ctx: &EvalCtx<'_>, scratch: &mut EvalScratch, matched: &mut Vec<u32>) {
        scratch.memo.begin(self.memo_slots);
        for &i in self.by_type[ctx.event.event_type().index()].iter() {
            if self.rules[i as usize].program.matches(ctx, scratch) {
                matched.push(i);
                if self.matching == RuleMatching::First {
                    break;
                }
            }
        }
        scratch.memo.end();
    }
}
