//! The Fluent Bit proxy-input ABI: every `FLBPlugin*` export, the per-instance registry, the
//! logger over Fluent Bit's `log_print`, and the hand-over of collect buffers. The only module
//! with `unsafe` code; each block says why it is sound.
//!
//! Place in the data flow: the **sink** boundary. Fluent Bit calls in on its own threads; every
//! entry point catches panics so none unwinds into C.
//!
//! Instances are told apart in two ways: since Fluent Bit 4.1 init stores the instance's id (not
//! a pointer: nothing is ever dereferenced from what comes back) in the proxy context's
//! `remote_context`, which the `*Ctx` callbacks receive; on every host, a thread-local set in
//! init, since each instance runs on its own thread. Older hosts (and exit, pause and resume,
//! which get no context) use the thread-local.

#![allow(unsafe_code)]

pub mod abi;
pub mod alloc;

use crate::instance::Instance;
use syssentry_sensor::clock::now_ns;
use syssentry_sensor::log::{Level, Log};
use abi::*;
use std::cell::RefCell;
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// The plugin's name (`[INPUT] Name syssentry`).
pub const PLUGIN_NAME: &str = "syssentry";
/// Its description.
pub const PLUGIN_DESCRIPTION: &str = "syssentry: Falco-compatible runtime threat detection (eBPF)";

/// A live instance and the collect buffers Fluent Bit holds.
struct Slot {
    inst: Arc<Instance>,
    /// `(address, length)` of buffers handed out and not yet cleaned up.
    buffers: Mutex<Vec<(usize, usize)>>,
}

static INSTANCES: Mutex<Vec<Arc<Slot>>> = Mutex::new(Vec::new());
static NEXT_ID: AtomicU64 = AtomicU64::new(1);
/// Addresses of the strings handed to Fluent Bit in `FLBPluginRegister`, freed in unregister.
static DEF_STRINGS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

thread_local! {
    static CURRENT: RefCell<Option<Arc<Slot>>> = const { RefCell::new(None) };
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f`, turning a panic into `fallback` so it never unwinds into Fluent Bit.
pub fn guard<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

fn by_id(id: usize) -> Option<Arc<Slot>> {
    lock(&INSTANCES)
        .iter()
        .find(|s| s.inst.id as usize == id)
        .cloned()
}

fn current() -> Option<Arc<Slot>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// The instance for a callback: the `remote_context` id when given and known, else this
/// thread's instance.
fn find(ctx: Option<*mut c_void>) -> Option<Arc<Slot>> {
    ctx.filter(|p| !p.is_null())
        .and_then(|p| by_id(p as usize))
        .or_else(current)
}

/// Fluent Bit's logger for one instance.
struct HostLog {
    print: Option<LogPrintFn>,
    check: Option<LogCheckFn>,
    i_ins: usize,
    prefix: String,
}

impl Log for HostLog {
    fn log(&self, level: Level, msg: &str) {
        let Some(print) = self.print else { return };
        if let Some(check) = self.check {
            // SAFETY: `check` is Fluent Bit's `input_log_check`, called with the instance pointer
            // Fluent Bit gave to init; the instance outlives the plugin instance (exit joins every
            // thread that logs before Fluent Bit destroys it).
            if unsafe { check(self.i_ins as *mut c_void, level as c_int) } == 0 {
                return;
            }
        }
        let text = format!("{}{}", self.prefix, msg.replace('\0', " "));
        let Ok(text) = CString::new(text) else { return };
        // SAFETY: `print` is Fluent Bit's `flb_log_print`; the format is the literal "%s" and the
        // single variadic argument is a NUL-terminated string that lives across the call.
        unsafe {
            print(
                level as c_int,
                std::ptr::null(),
                0,
                c"%s".as_ptr(),
                text.as_ptr(),
            )
        };
    }
}

/// Fluent Bit's property getter for one instance (case-insensitive; `None` when absent/empty).
fn get_property(api: &FlbApi, i_ins: *mut c_void, key: &str) -> Option<String> {
    let get = api.input_get_property?;
    let key = CString::new(key).ok()?;
    // SAFETY: `get` is Fluent Bit's `input_get_property`, called during init with that
    // instance's pointer and a NUL-terminated key; it returns NULL or a NUL-terminated string
    // owned by the instance, which is copied before anything else runs.
    let v = unsafe { get(key.as_ptr(), i_ins) };
    if v.is_null() {
        return None;
    }
    // SAFETY: non-NULL results are valid NUL-terminated strings (see above).
    let s = unsafe { CStr::from_ptr(v) }.to_string_lossy().into_owned();
    (!s.is_empty()).then_some(s)
}

fn leak_cstring(s: &str) -> *mut c_char {
    let p = CString::new(s).unwrap_or_default().into_raw();
    lock(&DEF_STRINGS).push(p as usize);
    p
}

fn free_cstring(p: *mut c_char) {
    if p.is_null() {
        return;
    }
    let mut strings = lock(&DEF_STRINGS);
    if let Some(i) = strings.iter().position(|&a| a == p as usize) {
        strings.swap_remove(i);
        // SAFETY: the address was produced by `CString::into_raw` in `leak_cstring` and is
        // removed from the list before being freed, so it is freed exactly once.
        drop(unsafe { CString::from_raw(p) });
    }
}

/// Optional pre-registration hook: always register.
#[no_mangle]
pub extern "C" fn FLBPluginPreRegister(_hot_reloading: c_int) -> c_int {
    0
}

/// Fills the registration: an input (type 1) of the Go proxy kind (11), named `syssentry`. Only
/// the five members every host has are written. Returns 0 (never -1, see the ABI notes).
///
/// # Safety
/// `def` is NULL or Fluent Bit's `struct flb_plugin_proxy_def`.
#[no_mangle]
pub unsafe extern "C" fn FLBPluginRegister(def: *mut FlbPluginProxyDef) -> c_int {
    guard(0, || {
        if def.is_null() {
            return 0;
        }
        // SAFETY: Fluent Bit passes a writable allocation of at least the five common members.
        let d = unsafe { &mut *def };
        crate::handoff::new_generation();
        d.type_ = FLB_PROXY_INPUT_PLUGIN;
        d.proxy = FLB_PROXY_GOLANG;
        d.flags = 0;
        d.name = leak_cstring(PLUGIN_NAME);
        d.description = leak_cstring(PLUGIN_DESCRIPTION);
        0
    })
}

/// Frees the strings of one registration (hot reload registers again while old instances run,
/// so only this `def`'s strings go). It is Fluent Bit's last call before unloading the plugin,
/// after its engine has stopped: when the source failed under `on_failure exit`, the process
/// ends here with [`crate::exit::EXIT_STATUS`].
///
/// # Safety
/// `def` is NULL or the registration filled by [`FLBPluginRegister`].
#[no_mangle]
pub unsafe extern "C" fn FLBPluginUnregister(def: *mut FlbPluginProxyDef) {
    guard((), || {
        if def.is_null() {
            return;
        }
        // SAFETY: Fluent Bit passes back the registration it allocated and we filled.
        let d = unsafe { &mut *def };
        free_cstring(d.name);
        free_cstring(d.description);
        d.name = std::ptr::null_mut();
        d.description = std::ptr::null_mut();
        if let Some(status) = crate::exit::requested() {
            if lock(&INSTANCES).is_empty() {
                std::process::exit(status);
            }
        }
    })
}

/// Starts one instance: reads its properties, loads rules, starts the worker. Returns `FLB_OK`,
/// or `FLB_ERROR` with one error line in Fluent Bit's log (nothing is left running).
///
/// # Safety
/// `plugin` is NULL or Fluent Bit's `struct flbgo_input_plugin`, set up for this instance.
#[no_mangle]
pub unsafe extern "C" fn FLBPluginInit(plugin: *mut c_void) -> c_int {
    guard(FLB_ERROR, || {
        if plugin.is_null() {
            return FLB_ERROR;
        }
        // SAFETY: Fluent Bit passes its `struct flbgo_input_plugin`, whose first four members
        // are the plugin ABI mirrored by `FlbGoInputPlugin`; read once, during init.
        let p = unsafe { &*(plugin as *const FlbGoInputPlugin) };
        if p.api.is_null() {
            return FLB_ERROR;
        }
        // SAFETY: `api` is Fluent Bit's function table, valid for the life of the process.
        let api = unsafe { &*p.api };
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let log = Arc::new(HostLog {
            print: api.log_print,
            check: api.input_log_check,
            i_ins: p.i_ins as usize,
            prefix: format!("[syssentry.{id}] "),
        });
        let i_ins = p.i_ins;
        let mut get = |k: &str| get_property(api, i_ins, k);
        let inst = match Instance::start(id, &mut get, log.clone()) {
            Ok(i) => i,
            Err(e) => {
                log.log(Level::Error, &format!("init failed: {e}"));
                return FLB_ERROR;
            }
        };
        let how = if p.context.is_null() {
            "thread-local (no proxy context)"
        } else {
            // SAFETY: `context` is the per-instance proxy context, an allocation of at least
            // 16 bytes on every host (`{remote_context, proxy}` before 4.1, `{coll_fd,
            // remote_context, proxy}` since); offset 8 is pointer-aligned in both.
            let slot =
                unsafe { (p.context as *mut u8).add(REMOTE_CONTEXT_OFFSET) as *mut *mut c_void };
            // SAFETY: see above; reading a pointer-sized, aligned field.
            if unsafe { slot.read() }.is_null() {
                // SAFETY: NULL here means the 4.1+ layout, where this field is `remote_context`
                // and belongs to the plugin. The id is an opaque token, never dereferenced.
                unsafe { slot.write(id as usize as *mut c_void) };
                "remote_context (fluent bit 4.1 or later)"
            } else {
                "thread-local (fluent bit before 4.1)"
            }
        };
        let slot = Arc::new(Slot {
            inst,
            buffers: Mutex::new(Vec::new()),
        });
        lock(&INSTANCES).push(slot.clone());
        CURRENT.with(|c| *c.borrow_mut() = Some(slot));
        log.log(Level::Info, &format!("started; instance context: {how}"));
        FLB_OK
    })
}

fn collect(slot: Option<Arc<Slot>>, data: *mut *mut c_void, len: *mut usize) -> c_int {
    if data.is_null() || len.is_null() {
        return FLB_OK;
    }
    // SAFETY: Fluent Bit passes valid out-pointers; "nothing" is written first so a failure
    // below never hands out a stale buffer.
    unsafe {
        data.write(std::ptr::null_mut());
        len.write(0);
    }
    let Some(slot) = slot else { return FLB_OK };
    let Some(buf) = slot.inst.collect(now_ns()) else {
        return FLB_OK;
    };
    let n = buf.len();
    let raw = Box::into_raw(buf.into_boxed_slice()) as *mut u8;
    lock(&slot.buffers).push((raw as usize, n));
    // SAFETY: as above; the buffer stays alive until the cleanup callback gives it back.
    unsafe {
        data.write(raw as *mut c_void);
        len.write(n);
    }
    FLB_OK
}

fn release(slot: Option<Arc<Slot>>, data: *mut c_void) -> c_int {
    if data.is_null() {
        return FLB_OK;
    }
    let addr = data as usize;
    let owners = slot
        .into_iter()
        .chain(lock(&INSTANCES).iter().cloned().collect::<Vec<_>>());
    for s in owners {
        let found = {
            let mut bufs = lock(&s.buffers);
            bufs.iter()
                .position(|&(a, _)| a == addr)
                .map(|i| bufs.swap_remove(i))
        };
        if let Some((a, n)) = found {
            free_buffer(a, n);
            return FLB_OK;
        }
    }
    FLB_OK
}

fn free_buffer(addr: usize, len: usize) {
    // SAFETY: `(addr, len)` was recorded from `Box::<[u8]>::into_raw` in `collect` and removed
    // from the instance's list before this call, so the box is rebuilt exactly once.
    drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(addr as *mut u8, len)) });
}

/// Collect (Fluent Bit 4.1+): `ctx` is the instance id stored at init.
///
/// # Safety
/// `data` and `len` are NULL or valid out-pointers.
#[no_mangle]
pub unsafe extern "C" fn FLBPluginInputCallbackCtx(
    ctx: *mut c_void,
    data: *mut *mut c_void,
    len: *mut usize,
) -> c_int {
    guard(FLB_OK, || collect(find(Some(ctx)), data, len))
}

/// Collect (hosts before 4.1): the instance is this thread's.
///
/// # Safety
/// `data` and `len` are NULL or valid out-pointers.
#[no_mangle]
pub unsafe extern "C" fn FLBPluginInputCallback(data: *mut *mut c_void, len: *mut usize) -> c_int {
    guard(FLB_OK, || collect(current(), data, len))
}

/// Gives a collect buffer back (4.1+).
#[no_mangle]
pub extern "C" fn FLBPluginInputCleanupCallbackCtx(ctx: *mut c_void, data: *mut c_void) -> c_int {
    guard(FLB_OK, || release(find(Some(ctx)), data))
}

/// Gives a collect buffer back (before 4.1).
#[no_mangle]
pub extern "C" fn FLBPluginInputCleanupCallback(data: *mut c_void) -> c_int {
    guard(FLB_OK, || release(current(), data))
}

/// Runs after the collector starts; nothing to do.
#[no_mangle]
pub extern "C" fn FLBPluginInputPreRun(_enable_hot_reload: c_int) -> c_int {
    0
}

/// Back pressure or shutdown: this thread's instance stops handing out data. (Fluent Bit also
/// stops the timer of the last initialised instance, whichever was paused; the flag makes the
/// right instance hold its data whatever Fluent Bit does to the timers.)
#[no_mangle]
pub extern "C" fn FLBPluginInputPause() {
    guard((), || {
        if let Some(s) = current() {
            s.inst.pause();
        }
    })
}

/// The end of back pressure.
#[no_mangle]
pub extern "C" fn FLBPluginInputResume() {
    guard((), || {
        if let Some(s) = current() {
            s.inst.resume();
        }
    })
}

/// Shutdown or hot reload is coming: the worker starts stopping.
#[no_mangle]
pub extern "C" fn FLBPluginInputPreExit(shutdown_by_hot_reloading: c_int) {
    guard((), || {
        if let Some(s) = current() {
            s.inst.pre_exit(shutdown_by_hot_reloading != 0);
        }
    })
}

/// The last call on the instance thread: joins the worker, frees what Fluent Bit never gave
/// back, forgets the instance.
#[no_mangle]
pub extern "C" fn FLBPluginExit() -> c_int {
    guard(FLB_OK, || {
        let Some(slot) = CURRENT.with(|c| c.borrow_mut().take()) else {
            return FLB_OK;
        };
        slot.inst.exit();
        let left: Vec<(usize, usize)> = std::mem::take(&mut *lock(&slot.buffers));
        for (a, n) in left {
            free_buffer(a, n);
        }
        lock(&INSTANCES).retain(|s| !Arc::ptr_eq(s, &slot));
        FLB_OK
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_turns_a_panic_into_the_fallback() {
        let r = guard(7, || -> i32 { panic!("boom") });
        assert_eq!(r, 7);
        assert_eq!(guard(7, || 3), 3);
    }

    #[test]
    fn register_and_unregister_free_their_own_strings() {
        let mut a = FlbPluginProxyDef {
            type_: 0,
            proxy: 0,
            flags: 5,
            name: std::ptr::null_mut(),
            description: std::ptr::null_mut(),
        };
        let mut b = FlbPluginProxyDef {
            type_: 0,
            proxy: 0,
            flags: 5,
            name: std::ptr::null_mut(),
            description: std::ptr::null_mut(),
        };
        // SAFETY: valid, writable defs.
        unsafe {
            assert_eq!(FLBPluginRegister(&mut a), 0);
            assert_eq!(FLBPluginRegister(&mut b), 0);
        }
        assert_eq!((a.type_, a.proxy, a.flags), (1, 11, 0));
        // SAFETY: filled by register.
        let name_a = unsafe { CStr::from_ptr(a.name) };
        assert_eq!(name_a.to_str().unwrap(), "syssentry");
        let before = lock(&DEF_STRINGS).len();
        // SAFETY: the def register filled.
        unsafe { FLBPluginUnregister(&mut a) };
        assert_eq!(lock(&DEF_STRINGS).len(), before - 2);
        assert!(a.name.is_null());
        // SAFETY: b is still registered and valid.
        let name_b = unsafe { CStr::from_ptr(b.name) };
        assert_eq!(name_b.to_str().unwrap(), "syssentry");
        // SAFETY: as above.
        unsafe { FLBPluginUnregister(&mut b) };
    }
}
