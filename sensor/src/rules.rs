//! Loading the rules a sensor runs, the same way for every front end: each configured path must
//! exist, the rules must load without errors and at least one rule must be enabled after the
//! selection; otherwise nothing starts. Rendering the diagnostics is the front end's (carets on a
//! terminal, one line per diagnostic in Fluent Bit's log).
//!
//! Place in the data flow: the one-time rules path (rules files → **loaded rule set**), before
//! capture starts.

use std::path::{Path, PathBuf};
use syssentry_engine::eval::{load_rules, BuildOptions, RulesReport};

/// Why the rules cannot run.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// A configured path cannot be read.
    #[error("rules path {path} cannot be read: {source}")]
    PathUnreadable {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The rules have errors (the report holds every diagnostic).
    #[error("the rules have {errors} error(s); first: {first}")]
    Invalid {
        /// How many errors.
        errors: usize,
        /// The first one, on one line.
        first: String,
        /// Everything that was loaded, with the diagnostics.
        report: Box<RulesReport>,
    },
    /// No rule is enabled after the selection: nothing to detect.
    #[error("no rule is enabled after selection ({rules} rules loaded from {files} files): nothing to detect")]
    NothingEnabled {
        /// Rules loaded.
        rules: usize,
        /// Files loaded.
        files: usize,
    },
}

/// Loads `paths` (files, or directories of `*.yaml` files, in order) with `opts`.
pub fn load(paths: &[impl AsRef<Path>], opts: &BuildOptions) -> Result<RulesReport, RulesError> {
    for p in paths {
        let p = p.as_ref();
        if let Err(source) = std::fs::metadata(p) {
            return Err(RulesError::PathUnreadable { path: p.to_path_buf(), source });
        }
    }
    let report = load_rules(paths, opts);
    if report.diagnostics.has_errors() {
        let first = report.diagnostics.errors().next().map(|d| d.summary()).unwrap_or_default();
        return Err(RulesError::Invalid { errors: report.diagnostics.error_count(), first, report: Box::new(report) });
    }
    if report.summary.enabled_rules == 0 {
        return Err(RulesError::NothingEnabled { rules: report.summary.rules, files: report.summary.files });
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("syssentry-sensor-rules-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn each_refusal_says_why() {
        let empty = dir("missing");
        let missing = empty.join("nope.yaml");
        assert!(matches!(load(&[&missing], &BuildOptions::default()), Err(RulesError::PathUnreadable { .. })));
        let _ = std::fs::remove_dir_all(&empty);

        let d = dir("bad");
        let bad = d.join("bad.yaml");
        std::fs::write(&bad, "- rule: R\n  desc: d\n  condition: evt.type = = open\n  output: o\n  priority: INFO\n").unwrap();
        let e = load(&[&bad], &BuildOptions::default()).unwrap_err();
        assert!(matches!(&e, RulesError::Invalid { errors: 1.., .. }), "{e}");
        assert!(e.to_string().contains("bad.yaml"), "{e}");

        let off = d.join("off.yaml");
        std::fs::write(&off, "- rule: R\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n  enabled: false\n").unwrap();
        let e = load(&[&off], &BuildOptions::default()).unwrap_err();
        assert!(matches!(e, RulesError::NothingEnabled { rules: 1, files: 1 }), "{e}");

        let on = d.join("on.yaml");
        std::fs::write(&on, "- rule: R\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n").unwrap();
        assert_eq!(load(&[&on], &BuildOptions::default()).unwrap().summary.enabled_rules, 1);
        let _ = std::fs::remove_dir_all(&d);
    }
}
