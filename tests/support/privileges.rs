//! Whether this machine can run the kernel tests: the sensor's own host checks (root or the
//! capabilities, kernel BTF, a usable bpf(2), tracefs and bpffs), so a test skips for exactly the
//! reasons the sensor would refuse to start.

/// Why the kernel tests cannot run here, if they cannot. A test that gets `Some` prints
/// `SKIPPED: <why>` and returns; `scripts/test` turns such a line into a failure, so a green run
/// means every test ran.
pub fn skip_reason() -> Option<String> {
    syssentry_sensor::host::check_host().err().map(|e| e.to_string())
}

/// [`skip_reason`], printing the `SKIPPED:` line; `true` when the test should return.
pub fn skip() -> bool {
    match skip_reason() {
        Some(why) => {
            println!("SKIPPED: {why}");
            true
        }
        None => false,
    }
}
