//! The in-kernel filter of a rule set ([`KernelFilter`]): which open-family, `socket` and failed
//! `connect` events the kernel may leave unsent because no loaded rule can match them and the
//! state does not need them.
//!
//! Place in the data flow: compiled rules → **kernel filter** (derived once per rule set) →
//! capture configuration. Each rule is analysed once when it is compiled
//! ([`RulePrefilter::analyze`]); the rule set folds the results ([`kernel_filter`]).
//!
//! * [`paths`]: a condition's necessary condition on an open's path and flags.
//! * [`sockets`]: a condition's necessary condition on a `socket` call's domain.
//! * [`fd_reads`]: whether a rule can read the fd-table entry an open or a socket adds.
//! * [`results`]: whether a rule can match a failed `connect`.
//! * [`checks`]: reading one check of a condition (its constants, an `evt.type` decision, its
//!   value on made-up events).

mod checks;
mod fd_reads;
mod paths;
mod results;
mod sockets;

use std::collections::BTreeMap;

use syssentry_event::kernel_filter::{OpenClause, FORGETTABLE_DOMAINS, KERNEL_FILTERABLE, MAX_CLAUSES, OPEN_TYPES};
use syssentry_event::{EventType, EventTypeSet, KernelFilter};

use crate::fields::FieldRef;
use crate::filter::ast::Expr;
use fd_reads::Kind;
use paths::{Clause, Cond};

/// Socket domains whose descriptors the analysis decides about, with their kinds of entry.
const SOCKET_KINDS: [(u32, Kind); 2] = [(1, Kind::Unix), (16, Kind::Netlink)];

/// What one rule contributes to the kernel filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulePrefilter {
    /// Per open-family type (in [`OPEN_TYPES`] order): the rule's necessary condition, `None`
    /// when it puts no constraint the kernel can test.
    opens: [Option<Vec<Clause>>; 4],
    /// The rule can read the fd-table entry of a successful open.
    reads_file_fds: bool,
    /// The domains of the `socket` calls the rule can match (bit `d`: domain `d`).
    socket_domains: u64,
    /// Bit `d` of [`FORGETTABLE_DOMAINS`]: the rule can read the entry of a socket of domain `d`.
    reads_socket_fds: u64,
    /// The rule can match a failed `connect`.
    failed_connects: bool,
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
        let socket_domains = if types.contains(EventType::SOCKET) { sockets::socket_domains(expr) } else { 0 };
        let reads_socket_fds = SOCKET_KINDS
            .iter()
            .filter(|(_, kind)| fd_reads::reads_fds(expr, types, output, *kind))
            .fold(0, |bits, (d, _)| bits | 1 << d);
        RulePrefilter {
            opens,
            reads_file_fds: fd_reads::reads_fds(expr, types, output, Kind::File),
            socket_domains,
            reads_socket_fds,
            failed_connects: types.contains(EventType::CONNECT) && results::matches_failed_connect(expr),
        }
    }

    /// Whether the rule can match a failed `connect` (then the kernel sends every one).
    pub fn matches_failed_connects(&self) -> bool {
        self.failed_connects
    }

    /// Whether the rule can read the fd-table entry of a successful open (then the kernel
    /// sends every successful open).
    pub fn reads_file_fds(&self) -> bool {
        self.reads_file_fds
    }

    /// The socket domains whose descriptors the rule can read (bits of [`FORGETTABLE_DOMAINS`]).
    pub fn reads_socket_fds(&self) -> u64 {
        self.reads_socket_fds
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
    let socket_admitted = rules.iter().fold(0, |bits, (_, r)| bits | r.socket_domains);
    let socket_read = rules.iter().fold(0, |bits, (_, r)| bits | r.reads_socket_fds);
    let socket_forget = FORGETTABLE_DOMAINS & !socket_read & !socket_admitted;
    let mut filter = KernelFilter {
        clauses: clauses
            .into_iter()
            .map(|(c, types)| OpenClause { types, path: c.path, needs: c.needs })
            .collect(),
        filtered_types,
        forget_files,
        close: false,
        fcntl: !rule_types.contains(EventType::FCNTL),
        dup: false,
        socket_admitted,
        socket_forget,
        connect_failures: !rules.iter().any(|(_, r)| r.failed_connects),
        rule_types,
    };
    // Closes and dups of marked fds can be left out only if fds are marked at all.
    filter.close = filter.forgets_fds() && !filter.rule_types.contains(EventType::CLOSE);
    filter.dup = filter.forgets_fds() && !filter.rule_types.contains(EventType::DUP);
    filter
}
