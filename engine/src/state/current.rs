//! [`Current`]: what the last applied event did that fields need (the fd it used, a closed fd
//! or exiting thread kept until `finish`).
//!
//! Place in the data flow: written by `State::apply` → read by fields while rules evaluate the
//! event → cleared by `State::finish`.

use super::fd::Fd;

/// What the last applied event did that fields need (libsinsp's per-event thread data).
#[derive(Debug, Clone, Default)]
pub(crate) struct Current {
    /// Number of the current event when the event does not carry one.
    pub num: u64,
    /// The fd number the event used or created (`fd.num`), -1 when none.
    pub fd: i64,
    /// The event changed the fd's name.
    pub fd_name_changed: bool,
    /// An fd removed by the event (close), kept until `finish`.
    pub closed: Option<(i64, Fd)>,
    /// Thread to remove in `finish` (procexit).
    pub exiting: Option<(i64, i64)>,
    /// A buffer the state update builds paths in, kept between events so that an open does not
    /// allocate for its path (its contents mean nothing between events).
    pub path: String,
}
