//! The in-kernel filter of a rule set ([`KernelFilter`]): which open-family events the kernel
//! may leave unsent because no loaded rule can match them and the state does not need them.
//!
//! Place in the data flow: compiled rules → **kernel filter** (derived once per rule set) →
//! capture configuration. Each rule is analysed once when it is compiled
//! ([`RulePrefilter::analyze`]); the rule set folds the results ([`kernel_filter`]).
//!
//! * [`paths`]: a condition's necessary condition on an open's path and flags.
//! * [`fd_reads`]: whether a rule can read the fd-table entry an open adds.
//! * [`checks`]: reading one check of a condition (its constants, an `evt.type` decision).

mod checks;
mod fd_reads;
mod paths;

use std::collections::BTreeMap;

use syssentry_event::kernel_filter::{OpenClause, KERNEL_FILTERABLE, MAX_CLAUSES, OPEN_TYPES};
use syssentry_event::{EventType, EventTypeSet, KernelFilter};

use crate::fields::FieldRef;
use crate::filter::ast::Expr;
use paths::{Clause, Cond};

/// What one rule contributes to the kernel filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulePrefilter {
    /// Per open-family type (in [`OPEN_TYPES`] order): the rule's necessary condition, `None`
    /// when it puts no constraint the kernel can test.
    opens: [Option<Vec<Clause>>; 4],
    /// The rule can read the fd-table entry of a successful open.
    reads_file_fds: bool,
}

impl RulePrefilter {
    /// Analyses a rule: its macro-expanded condition, the event types it can match, and the
    /// fields its output reads.
    pub fn analyze(expr: &Expr, types: &EventTypeSet, output: &[FieldRef]) -> RulePrefilter {
        let opens = OPEN_TYPES.map(|ty| {
            if !types.contains(ty) {
                return Some(Vec::new());
            }
            match paths::open_condition(expr, ty) {
                Cond::Any => None,
                Cond::Never => Some(Vec::new()),
                Cond::Clauses(c) => Some(c),
            }
        });
        RulePrefilter { opens, reads_file_fds: fd_reads::reads_file_fds(expr, types, output) }
    }

    /// Whether the rule can read the fd-table entry of a successful open (then the kernel
    /// sends every successful open).
    pub fn reads_file_fds(&self) -> bool {
        self.reads_file_fds
    }

}

/// The kernel filter of the rules given by their event types and analyses.
pub fn kernel_filter(rules: &[(&EventTypeSet, &RulePrefilter)]) -> KernelFilter {
    let mut rule_types = EventTypeSet::empty();
    for (types, _) in rules {
        rule_types.union_with(types);
    }
    // Per open type, the union of the rules' conditions (None: sent whole).
    let mut per_type: Vec<Option<Vec<Clause>>> = (0..OPEN_TYPES.len())
        .map(|i| {
            if KERNEL_FILTERABLE & (1 << i) == 0 {
                return None;
            }
            let mut all = Vec::new();
            for (_, r) in rules {
                match &r.opens[i] {
                    None => return None,
                    Some(c) => all.extend(c.iter().cloned()),
                }
            }
            all.sort();
            all.dedup();
            Some(all)
        })
        .collect();
    // One clause per distinct (path, needs), applying to the types that have it; a type whose
    // clauses do not fit is sent whole, the type with most clauses first.
    let clauses = loop {
        let mut merged: BTreeMap<Clause, u8> = BTreeMap::new();
        for (i, c) in per_type.iter().enumerate() {
            for clause in c.iter().flatten() {
                let bounded = Clause { path: clause.path.clone().bounded(), needs: clause.needs };
                *merged.entry(bounded).or_default() |= 1 << i;
            }
        }
        if merged.len() <= MAX_CLAUSES {
            break merged;
        }
        let widest = (0..per_type.len())
            .max_by_key(|i| per_type[*i].as_ref().map_or(0, Vec::len))
            .unwrap_or(0);
        per_type[widest] = None;
    };
    let filtered_types = per_type
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_some())
        .fold(0u8, |bits, (i, _)| bits | 1 << i);
    let forget_files = !rules.iter().any(|(_, r)| r.reads_file_fds);
    KernelFilter {
        clauses: clauses
            .into_iter()
            .map(|(c, types)| OpenClause { types, path: c.path, needs: c.needs })
            .collect(),
        filtered_types,
        forget_files,
        close: forget_files && !rule_types.contains(EventType::CLOSE),
        fcntl: !rule_types.contains(EventType::FCNTL),
        dup: forget_files && !rule_types.contains(EventType::DUP),
        rule_types,
    }
}
