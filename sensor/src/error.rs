//! Why the sensor could not start, or stopped: typed from the source or sink that failed to the
//! message the user reads, with the evidence (the capture error, the verifier log, the path).
//!
//! Place in the data flow: returned by the runtime to the front end that drives it.

use crate::sink::SinkError;
use crate::source::SourceError;

/// Why [`Sensor::start`](crate::runtime::Sensor::start) failed.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The source could not be opened (the host refused capture, ...).
    #[error(transparent)]
    Open(SourceError),
    /// The state could not be seeded from the source (the host's `/proc` unreadable).
    #[error(transparent)]
    Seed(SourceError),
}

/// Why [`Sensor::run`](crate::runtime::Sensor::run) returned early.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The sink failed (stdout closed, ...).
    #[error(transparent)]
    Sink(#[from] SinkError),
    /// The source failed and the policy is to stop (`on_failure exit`).
    #[error("the {source_name} source failed: {error}")]
    SourceFailed {
        /// The source's name.
        source_name: &'static str,
        /// Why it failed.
        #[source]
        error: SourceError,
    },
    /// The evaluation threads could not be started.
    #[error(transparent)]
    Evaluators(#[from] crate::evaluators::EvaluatorError),
}
