//! Unit tests for rules: a YAML file names rules to load, the containers and processes that
//! exist, and cases made of synthetic events with the alerts each case expects. The runner feeds
//! the events through the same state, evaluation and output stages as captured events and
//! compares the alerts with the expectations. The format is documented in
//! `docs/writing-rules.md`.
//!
//! Place in the data flow: stands in for capture: test file → [`reader`] (and [`events`]) →
//! [`seed`]ed state → [`Engine`](syssentry_engine::eval::Engine) → alerts → [`run`] comparison →
//! [`report`] text.
//!
//! ```
//! use syssentry_ruletest::{read_str, run_test_file};
//! let dir = std::env::temp_dir().join(format!("ruletest-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("rules.yaml"), "- rule: Shadow read\n  desc: d\n  \
//!     condition: evt.type = openat and fd.name = /etc/shadow\n  output: read by %proc.name\n  priority: WARNING\n").unwrap();
//! let test = "rules: [rules.yaml]\n\
//!     processes: [{pid: 100, exe: /usr/bin/cat, args: [cat, /etc/shadow]}]\n\
//!     cases:\n  - name: cat reads shadow\n    \
//!     events: [{type: openat, pid: 100, res: 3, args: {name: /etc/shadow, flags: O_RDONLY}}]\n    \
//!     expect: [{rule: Shadow read, output_contains: read by cat}]\n";
//! let file = read_str(&dir.join("t.yaml"), test.as_bytes()).unwrap();
//! let result = run_test_file(&file).unwrap();
//! assert!(result.cases[0].passed());
//! std::fs::remove_dir_all(&dir).ok();
//! ```

#![forbid(unsafe_code)]

mod doc;
mod error;
pub mod events;
pub mod reader;
pub mod report;
pub mod run;
pub mod seed;
mod setup;
pub mod spec;
pub mod values;

pub use error::{Problem, TestFileError};
pub use reader::{collect_test_files, read_file, read_str, T0};
pub use report::{render_case, Totals};
pub use run::{run_file, run_test_file, ActualAlert, CaseResult, DiffLine, Difference, FileResult};
pub use syssentry_engine::state::split_image_reference as split_image;
pub use spec::{Case, Expected, TestEvent, TestFile};
