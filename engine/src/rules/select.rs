//! Rule selection: Falco's `rules:` configuration (enable/disable by name wildcard or tag) and
//! the minimum priority.
//!
//! Place in the data flow: loaded rules (`LoadOutput`) → **selection** (applied after all files
//! are loaded) → rule set construction, which keeps only enabled rules.

use super::priority::Priority;

/// What a selection step matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleMatcher {
    /// Rule names matching a wildcard pattern (`*` only, whole name), Falco's `matches_wildcard`.
    Rule(String),
    /// Rules having this tag.
    Tag(String),
}

impl RuleMatcher {
    /// Does a rule with this name and these tags match?
    pub fn matches<'a>(&self, name: &str, mut tags: impl Iterator<Item = &'a str>) -> bool {
        match self {
            RuleMatcher::Rule(pattern) => matches_wildcard(pattern, name),
            RuleMatcher::Tag(tag) => tags.any(|t| t == tag),
        }
    }
}

/// One `- enable: ...` / `- disable: ...` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectionStep {
    /// Enable matching rules.
    Enable(RuleMatcher),
    /// Disable matching rules.
    Disable(RuleMatcher),
}

/// An ordered list of selection steps plus a minimum priority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSelection {
    /// Steps, applied in order.
    pub steps: Vec<SelectionStep>,
    /// Rules less severe than this are dropped (Falco's `priority` config, default `debug`).
    pub min_priority: Priority,
}

impl Default for RuleSelection {
    fn default() -> Self {
        RuleSelection {
            steps: Vec::new(),
            min_priority: Priority::Debug,
        }
    }
}

/// The parts of a rule selection looks at.
pub trait Selectable {
    /// The rule name.
    fn name(&self) -> &str;
    /// Its tags.
    fn tags(&self) -> Box<dyn Iterator<Item = &str> + '_>;
    /// Its priority.
    fn priority(&self) -> Priority;
    /// Its enabled flag.
    fn enabled(&self) -> bool;
    /// Sets its enabled flag.
    fn set_enabled(&mut self, enabled: bool);
}

impl RuleSelection {
    /// The enabled state each step sequence gives, starting from `initial` (one flag per rule).
    pub fn enabled_states<T: Selectable>(
        &self,
        rules: &[T],
        initial: impl Fn(&T) -> bool,
    ) -> Vec<bool> {
        let mut state: Vec<bool> = rules.iter().map(initial).collect();
        for step in &self.steps {
            let (m, on) = match step {
                SelectionStep::Enable(m) => (m, true),
                SelectionStep::Disable(m) => (m, false),
            };
            for (r, s) in rules.iter().zip(state.iter_mut()) {
                if m.matches(r.name(), r.tags()) {
                    *s = on;
                }
            }
        }
        state
    }

    /// Applies the steps to each rule's `enabled` flag (starting from the flags the rules files
    /// gave) and drops rules less severe than the minimum priority.
    pub fn apply<T: Selectable>(&self, rules: &mut Vec<T>) {
        let states = self.enabled_states(rules, |r| r.enabled());
        for (r, s) in rules.iter_mut().zip(states) {
            r.set_enabled(s);
        }
        rules.retain(|r| r.priority().at_least(self.min_priority));
    }
}

/// Falco's `matches_wildcard`: `*` matches any run of characters; the literal after each `*`
/// is matched at its *first* occurrence (no backtracking), exactly as Falco does.
pub fn matches_wildcard(pattern: &str, s: &str) -> bool {
    let mut pattern = pattern;
    let mut s = s;
    loop {
        let Some(star) = pattern.find('*') else {
            return pattern == s;
        };
        if star == 0 {
            let rest = pattern.trim_start_matches('*');
            if rest.is_empty() {
                return true;
            }
            let lit_len = rest.find('*').unwrap_or(rest.len());
            let lit = &rest[..lit_len];
            let Some(at) = s.find(lit) else { return false };
            pattern = &rest[lit_len..];
            s = &s[at + lit_len..];
        } else {
            let head = &pattern[..star];
            if !s.starts_with(head) {
                return false;
            }
            pattern = &pattern[star..];
            s = &s[star..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_first_occurrence_semantics() {
        // Falco does not backtrack: the literal after '*' binds to its first occurrence.
        assert!(!matches_wildcard("*ab", "abab"));
        assert!(matches_wildcard("*b", "ab"));
        assert!(matches_wildcard("a*", "a"));
    }
}
