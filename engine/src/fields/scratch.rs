//! [`Scratch`]: the reusable buffers field extraction renders text into (one per evaluating
//! thread), so nothing is allocated per event once they have grown.
//!
//! Place in the data flow: lent by the evaluator (inside its scratch) → **extraction and
//! formatting** write derived values here → values borrow from it.

/// Reusable buffers for rendering values; one per evaluating thread.
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    pub(crate) a: String,
    pub(crate) b: String,
    pub(crate) c: String,
}

impl Scratch {
    /// Empty buffers.
    pub fn new() -> Self {
        Scratch::default()
    }
}
