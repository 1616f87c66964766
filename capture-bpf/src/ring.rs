//! Waiting on the BPF ring buffer: a `poll(2)` on its fd with a timeout, so that a trickle of
//! records (the producer wakes the reader only every few dozen KiB) is still delivered promptly.
//!
//! Place in the data flow: kernel ring buffer → **ring** → `decode`.

use std::os::fd::AsRawFd;

/// Waits until `fd` is readable or `timeout` passes. An interrupted wait counts as a timeout.
pub(crate) fn wait_readable(
    fd: &impl AsRawFd,
    timeout: std::time::Duration,
) -> std::io::Result<bool> {
    let mut pfd = libc::pollfd {
        fd: fd.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = timeout.as_millis().min(i32::MAX as u128) as libc::c_int;
    // SAFETY: `pfd` is one valid pollfd and nfds is 1; poll only writes `revents`.
    let r = unsafe { libc::poll(&mut pfd, 1, ms) };
    if r < 0 {
        let e = std::io::Error::last_os_error();
        if e.kind() == std::io::ErrorKind::Interrupted {
            return Ok(false);
        }
        return Err(e);
    }
    Ok(r > 0)
}
