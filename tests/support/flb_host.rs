//! A stand-in for Fluent Bit's proxy-input host: loads the built `libsyssentry.so` with `dlopen`
//! and drives it as Fluent Bit does (see `fluent-bit-proxy-abi.md`): register on the main
//! thread; one thread per instance named `flb-in-<name>.<id>-w0` for init, collect, cleanup,
//! pause, resume, pre-exit and exit; one shared `flbgo_input_plugin` struct rewritten before each
//! init; the 4.1+ proxy context (`remote_context` at offset 8, `*Ctx` callbacks) or the older one
//! (proxy pointer at offset 8, plain callbacks). Collect buffers are copied and given back
//! exactly as `flb_proxy_input_cb_collect` does, then decoded with `rmpv` and checked the way
//! Fluent Bit's log-event decoder checks them.
//!
//! The unsafe blocks here are the host side of the FFI boundary under test.

use libloading::os::unix::{Library, Symbol, RTLD_LAZY, RTLD_LOCAL};
use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_void};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Serialises tests: they share the loaded library (as Fluent Bit's generations do) and the
/// captured log.
pub static SERIAL: Mutex<()> = Mutex::new(());

/// Takes the serial lock.
pub fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Every message the plugin logged: (level, text).
pub static LOGS: Mutex<Vec<(i32, String)>> = Mutex::new(Vec::new());

/// What the plugin logged so far.
pub fn logs() -> Vec<(i32, String)> {
    LOGS.lock().unwrap().clone()
}

/// Forgets what the plugin logged.
pub fn clear_logs() {
    LOGS.lock().unwrap().clear();
}

/// Path of the shared object built for these tests.
pub fn library_path() -> PathBuf {
    crate::paths::plugin()
}

/// `struct flb_plugin_proxy_def`, as Fluent Bit 5.1 lays it out.
#[repr(C)]
pub struct Def {
    /// Plugin type (1: input).
    pub type_: c_int,
    /// Proxy kind (11: the Go proxy ABI).
    pub proxy: c_int,
    /// Flags.
    pub flags: c_int,
    /// The plugin's name.
    pub name: *mut c_char,
    /// Its description.
    pub description: *mut c_char,
    // 5.1.1 layout tail (zeroed by calloc on the real host).
    /// Output event type (5.0+; untouched by inputs).
    pub event_type: c_int,
    /// Config map (5.1.1+; untouched).
    pub config_map: *mut c_void,
}

#[repr(C)]
struct Api {
    output_get_property: *const c_void,
    input_get_property: unsafe extern "C" fn(*const c_char, *mut c_void) -> *const c_char,
    output_get_cmt_instance: *const c_void,
    input_get_cmt_instance: *const c_void,
    log_print: unsafe extern "C" fn(c_int, *const c_char, c_int, *const c_char, *const c_char),
    input_log_check: unsafe extern "C" fn(*mut c_void, c_int) -> c_int,
    output_log_check: *const c_void,
}

/// The shared `struct flbgo_input_plugin`: four ABI members plus room for the private ones.
#[repr(C)]
struct GoInputPlugin {
    name: *mut c_char,
    api: *const Api,
    i_ins: *mut c_void,
    context: *mut c_void,
    private: [usize; 6],
}

/// What `i_ins` points at in this host: the instance's properties and log level.
pub struct Ins {
    props: HashMap<String, CString>,
    log_level: c_int,
}

unsafe extern "C" fn input_get_property(key: *const c_char, ins: *mut c_void) -> *const c_char {
    // SAFETY: the plugin passes a NUL-terminated key and the `i_ins` this host gave it.
    let (key, ins) = unsafe { (CStr::from_ptr(key), &*(ins as *const Ins)) };
    let k = key.to_string_lossy().to_ascii_lowercase();
    match ins.props.get(&k) {
        Some(v) if !v.as_bytes().is_empty() => v.as_ptr(),
        _ => std::ptr::null(),
    }
}

unsafe extern "C" fn log_print(
    level: c_int,
    _file: *const c_char,
    _line: c_int,
    fmt: *const c_char,
    arg: *const c_char,
) {
    // SAFETY: the plugin must call with the literal "%s" and one string argument.
    let fmt = unsafe { CStr::from_ptr(fmt) }
        .to_string_lossy()
        .into_owned();
    assert_eq!(fmt, "%s", "log_print must get a literal %s format");
    // SAFETY: as above.
    let text = unsafe { CStr::from_ptr(arg) }
        .to_string_lossy()
        .into_owned();
    eprintln!("[host log {level}] {text}");
    LOGS.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((level, text));
}

unsafe extern "C" fn input_log_check(ins: *mut c_void, level: c_int) -> c_int {
    // SAFETY: `ins` is the `i_ins` this host gave the plugin.
    let ins = unsafe { &*(ins as *const Ins) };
    (level <= ins.log_level) as c_int
}

/// Context layout to emulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Fluent Bit 4.1+: `{coll_fd, remote_context, proxy}`, `*Ctx` callbacks.
    V41,
    /// Before 4.1: `{remote_context, proxy}`, plain callbacks.
    Pre41,
}

type InitFn = unsafe extern "C" fn(*mut c_void) -> c_int;
type CollectCtxFn = unsafe extern "C" fn(*mut c_void, *mut *mut c_void, *mut usize) -> c_int;
type CollectFn = unsafe extern "C" fn(*mut *mut c_void, *mut usize) -> c_int;
type CleanupCtxFn = unsafe extern "C" fn(*mut c_void, *mut c_void) -> c_int;
type CleanupFn = unsafe extern "C" fn(*mut c_void) -> c_int;
type VoidFn = unsafe extern "C" fn();
type IntArgFn = unsafe extern "C" fn(c_int);
type ExitFn = unsafe extern "C" fn() -> c_int;
type RegisterFn = unsafe extern "C" fn(*mut Def) -> c_int;
type UnregisterFn = unsafe extern "C" fn(*mut Def);

#[derive(Clone, Copy)]
struct Syms {
    init: InitFn,
    collect_ctx: CollectCtxFn,
    collect: CollectFn,
    cleanup_ctx: CleanupCtxFn,
    cleanup: CleanupFn,
    pause: VoidFn,
    resume: VoidFn,
    pre_exit: IntArgFn,
    exit: ExitFn,
}

// SAFETY: plain function pointers into the loaded library, which outlives every user.
unsafe impl Send for Syms {}

/// The loaded library and its registration.
pub struct Host {
    lib: Library,
    /// Fluent Bit's function table; `plugin` points into it.
    _api: Box<Api>,
    plugin: Box<GoInputPlugin>,
    /// The current registration.
    pub def: Box<Def>,
    syms: Syms,
    next_id: usize,
    /// Which proxy context layout this host emulates.
    pub layout: Layout,
}

// SAFETY: the raw pointers are only used under the test's serial lock.
unsafe impl Send for Host {}

fn sym<T: Copy>(lib: &Library, name: &str) -> T {
    // SAFETY: the symbol has the C signature `T` describes (see the ABI notes).
    let s: Symbol<T> =
        unsafe { lib.get(name.as_bytes()) }.unwrap_or_else(|e| panic!("symbol {name}: {e}"));
    *s
}

impl Host {
    /// dlopen + FLBPluginPreRegister(0) + FLBPluginRegister, as `flb_plugin_proxy_create` does.
    pub fn load(layout: Layout) -> Host {
        let path = library_path();
        // SAFETY: loading the library runs no initialisers beyond Rust's own.
        let lib = unsafe { Library::open(Some(&path), RTLD_LAZY | RTLD_LOCAL) }
            .unwrap_or_else(|e| panic!("dlopen {}: {e}", path.display()));
        let syms = Syms {
            init: sym(&lib, "FLBPluginInit"),
            collect_ctx: sym(&lib, "FLBPluginInputCallbackCtx"),
            collect: sym(&lib, "FLBPluginInputCallback"),
            cleanup_ctx: sym(&lib, "FLBPluginInputCleanupCallbackCtx"),
            cleanup: sym(&lib, "FLBPluginInputCleanupCallback"),
            pause: sym(&lib, "FLBPluginInputPause"),
            resume: sym(&lib, "FLBPluginInputResume"),
            pre_exit: sym(&lib, "FLBPluginInputPreExit"),
            exit: sym(&lib, "FLBPluginExit"),
        };
        let api = Box::new(Api {
            output_get_property: std::ptr::null(),
            input_get_property,
            output_get_cmt_instance: std::ptr::null(),
            input_get_cmt_instance: std::ptr::null(),
            log_print,
            input_log_check,
            output_log_check: std::ptr::null(),
        });
        let plugin = Box::new(GoInputPlugin {
            name: std::ptr::null_mut(),
            api: &*api,
            i_ins: std::ptr::null_mut(),
            context: std::ptr::null_mut(),
            private: [0; 6],
        });
        let mut host = Host {
            lib,
            _api: api,
            plugin,
            def: Box::new(Def::zeroed()),
            syms,
            next_id: 0,
            layout,
        };
        host.def = host.register();
        host
    }

    /// FLBPluginPreRegister + FLBPluginRegister into a fresh def (hot reload does this again on
    /// the loaded library).
    pub fn register(&self) -> Box<Def> {
        let pre: unsafe extern "C" fn(c_int) -> c_int = sym(&self.lib, "FLBPluginPreRegister");
        let reg: RegisterFn = sym(&self.lib, "FLBPluginRegister");
        let mut def = Box::new(Def::zeroed());
        // SAFETY: exported functions called with a valid, zeroed def (Fluent Bit 5.x callocs it).
        unsafe {
            assert_ne!(pre(0), -1, "pre-register refused");
            assert_eq!(reg(&mut *def), 0, "FLBPluginRegister must return 0");
        }
        assert_eq!((def.type_, def.proxy), (1, 11));
        assert_eq!(
            (def.event_type, def.config_map),
            (0, std::ptr::null_mut()),
            "wrote past the common members"
        );
        def
    }

    /// The name a registration carries.
    pub fn def_name(def: &Def) -> String {
        assert!(!def.name.is_null());
        // SAFETY: set by FLBPluginRegister.
        unsafe { CStr::from_ptr(def.name) }
            .to_string_lossy()
            .into_owned()
    }

    /// FLBPluginUnregister of the current registration, on the main thread: Fluent Bit's last
    /// call before it unloads the plugin.
    pub fn unregister_current(&mut self) {
        let unreg: UnregisterFn = sym(&self.lib, "FLBPluginUnregister");
        // SAFETY: the def this library filled at load (or at the last hot reload).
        unsafe { unreg(&mut *self.def) };
    }

    /// FLBPluginUnregister(def) on the main thread.
    pub fn unregister(&self, def: &mut Def) {
        let unreg: UnregisterFn = sym(&self.lib, "FLBPluginUnregister");
        // SAFETY: the def this library filled.
        unsafe { unreg(def) };
    }

    /// Starts an instance thread and runs FLBPluginInit there; `Err(InitFailed)` if init failed
    /// (the thread is then ended, as Fluent Bit ends the process).
    pub fn start(&mut self, props: &[(&str, &str)]) -> Result<Inst, InitFailed> {
        self.start_named(props, None)
    }

    /// Starts an instance on a thread named as Fluent Bit names it (`flb-in-<name>-w0`).
    pub fn start_named(
        &mut self,
        props: &[(&str, &str)],
        thread_name: Option<&str>,
    ) -> Result<Inst, InitFailed> {
        let id = self.next_id;
        self.next_id += 1;
        let ins = Box::new(Ins {
            props: props
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), CString::new(*v).unwrap()))
                .collect(),
            log_level: 5,
        });
        let (tx, rx) = mpsc::channel::<Job>();
        let layout = self.layout;
        let syms = self.syms;
        let plugin_addr = &mut *self.plugin as *mut GoInputPlugin as usize;
        let name = thread_name
            .map(str::to_string)
            .unwrap_or_else(|| format!("flb-in-syssentry.{id}-w0"));
        let (ready_tx, ready_rx) = mpsc::channel::<bool>();
        let handle = std::thread::Builder::new()
            .name(name)
            .spawn(move || {
                let ins = ins;
                // The per-instance proxy context, calloc'ed as Fluent Bit does.
                let dummy_proxy = Box::new([0usize; 8]);
                let mut ctx: Box<[usize; 3]> = Box::new([0; 3]);
                match layout {
                    Layout::V41 => ctx[2] = &*dummy_proxy as *const _ as usize,
                    Layout::Pre41 => ctx[1] = &*dummy_proxy as *const _ as usize,
                }
                let plugin = plugin_addr as *mut GoInputPlugin;
                // SAFETY: the shared struct is only written by instance threads during init, and
                // the test starts instances one after another (Fluent Bit serialises inits).
                unsafe {
                    (*plugin).i_ins = &*ins as *const Ins as *mut c_void;
                    (*plugin).context = ctx.as_mut_ptr() as *mut c_void;
                }
                // SAFETY: exported init called with the shared struct, as go.c does.
                let ok = unsafe { (syms.init)(plugin as *mut c_void) } > 0;
                if layout == Layout::Pre41 {
                    assert_eq!(
                        ctx[1], &*dummy_proxy as *const _ as usize,
                        "proxy pointer overwritten on a pre-4.1 layout"
                    );
                }
                let _ = ready_tx.send(ok);
                if !ok {
                    return;
                }
                let mut st = InstThread {
                    syms,
                    layout,
                    ctx,
                    _dummy_proxy: dummy_proxy,
                    _ins: ins,
                };
                for job in rx {
                    job(&mut st);
                }
            })
            .expect("spawn instance thread");
        let ok = ready_rx.recv().unwrap_or(false);
        if !ok {
            let _ = handle.join();
            return Err(InitFailed);
        }
        Ok(Inst {
            tx: Some(tx),
            handle: Some(handle),
        })
    }
}

impl Def {
    /// An all-zero registration, as Fluent Bit 5.x callocs it.
    pub fn zeroed() -> Def {
        Def {
            type_: 0,
            proxy: 0,
            flags: 0,
            name: std::ptr::null_mut(),
            description: std::ptr::null_mut(),
            event_type: 0,
            config_map: std::ptr::null_mut(),
        }
    }
}

type Job = Box<dyn FnOnce(&mut InstThread) + Send>;

/// The plugin's FLBPluginInit returned an error (its log lines say why).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InitFailed;

/// State living on an instance thread.
pub struct InstThread {
    syms: Syms,
    layout: Layout,
    ctx: Box<[usize; 3]>,
    /// What the pre-4.1 context's proxy pointer points at (kept alive, never read).
    _dummy_proxy: Box<[usize; 8]>,
    /// The instance Fluent Bit would own (`i_ins`; the plugin reads it, this host only keeps it
    /// alive).
    _ins: Box<Ins>,
}

/// One decoded log event.
#[derive(Debug, Clone)]
pub struct Event {
    /// The event time.
    pub time_ns: u64,
    /// The metadata map.
    pub metadata: rmpv::Value,
    /// The body map.
    pub body: rmpv::Value,
}

impl Event {
    /// A key of the body.
    pub fn get(&self, key: &str) -> Option<&rmpv::Value> {
        map_get(&self.body, key)
    }

    /// A string key of the body (empty when absent).
    pub fn str(&self, key: &str) -> String {
        self.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    }
}

/// A msgpack value as JSON (as Fluent Bit's `json_lines` format prints a record body).
pub fn to_json(v: &rmpv::Value) -> serde_json::Value {
    use rmpv::Value as V;
    match v {
        V::Nil => serde_json::Value::Null,
        V::Boolean(b) => (*b).into(),
        V::Integer(i) => i.as_i64().map(Into::into).or_else(|| i.as_u64().map(Into::into)).unwrap_or_default(),
        V::F32(f) => (*f).into(),
        V::F64(f) => (*f).into(),
        V::String(s) => s.as_str().unwrap_or_default().into(),
        V::Binary(b) => String::from_utf8_lossy(b).into_owned().into(),
        V::Array(a) => a.iter().map(to_json).collect(),
        V::Map(m) => serde_json::Value::Object(
            m.iter().map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), to_json(v))).collect(),
        ),
        V::Ext(_, _) => serde_json::Value::Null,
    }
}

/// A key of a msgpack map.
pub fn map_get<'a>(v: &'a rmpv::Value, key: &str) -> Option<&'a rmpv::Value> {
    v.as_map()?
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
}

/// Decodes a collect buffer as Fluent Bit's log-event decoder would: a stream of
/// `[[EventTime, {metadata}], {body}]` events. Panics on anything Fluent Bit would reject.
pub fn decode(buf: &[u8]) -> Vec<Event> {
    let mut rd = buf;
    let mut out = Vec::new();
    while !rd.is_empty() {
        let v = rmpv::decode::read_value(&mut rd).expect("valid msgpack");
        let arr = v.as_array().expect("event is an array");
        assert_eq!(arr.len(), 2, "event root has 2 elements");
        let header = arr[0].as_array().expect("v2 header array");
        assert_eq!(header.len(), 2);
        let time_ns = match &header[0] {
            rmpv::Value::Ext(0, b) if b.len() == 8 => {
                let s = u32::from_be_bytes(b[..4].try_into().unwrap()) as u64;
                let n = u32::from_be_bytes(b[4..].try_into().unwrap()) as u64;
                assert!(n < 1_000_000_000);
                assert!(s < 0xFFFF_FFFE, "reserved group marker");
                s * 1_000_000_000 + n
            }
            other => panic!("timestamp must be EventTime ext 0/8, got {other:?}"),
        };
        assert!(header[1].is_map(), "metadata is a map");
        assert!(arr[1].is_map(), "body is a map");
        out.push(Event {
            time_ns,
            metadata: header[1].clone(),
            body: arr[1].clone(),
        });
    }
    out
}

/// A running instance (its thread).
pub struct Inst {
    tx: Option<mpsc::Sender<Job>>,
    handle: Option<JoinHandle<()>>,
}

impl Inst {
    fn run<R: Send + 'static>(&self, f: impl FnOnce(&mut InstThread) -> R + Send + 'static) -> R {
        let (rtx, rrx) = mpsc::channel();
        self.tx
            .as_ref()
            .expect("running")
            .send(Box::new(move |t| {
                let _ = rtx.send(f(t));
            }))
            .expect("instance thread alive");
        rrx.recv().expect("instance thread answered")
    }

    /// One timer tick: flb_proxy_input_cb_collect. Returns the decoded events (empty when the
    /// plugin returned nothing) and the raw byte length.
    pub fn collect(&self) -> (Vec<Event>, usize) {
        let (evs, n, _) = self.collect_timed();
        (evs, n)
    }

    /// [`Inst::collect`], also returning how long the plugin's collect callback took (the call
    /// alone: not the copy, cleanup or decoding).
    pub fn collect_timed(&self) -> (Vec<Event>, usize, Duration) {
        let (bytes, took) = self.run(|t| {
            let mut data: *mut c_void = std::ptr::null_mut();
            let mut len: usize = 0;
            let start = Instant::now();
            let ret = match t.layout {
                // SAFETY: exported callbacks with valid out-pointers and the remote context.
                Layout::V41 => unsafe {
                    (t.syms.collect_ctx)(t.ctx[1] as *mut c_void, &mut data, &mut len)
                },
                // SAFETY: as above.
                Layout::Pre41 => unsafe { (t.syms.collect)(&mut data, &mut len) },
            };
            let took = start.elapsed();
            if len == 0 {
                return (Vec::new(), took);
            }
            assert_ne!(ret, -1, "-1 with data leaks the buffer in fluent bit");
            assert!(!data.is_null());
            // SAFETY: the plugin handed out `len` readable bytes at `data`.
            let copy = unsafe { std::slice::from_raw_parts(data as *const u8, len) }.to_vec();
            let rc = match t.layout {
                // SAFETY: give the buffer back as go.c does.
                Layout::V41 => unsafe { (t.syms.cleanup_ctx)(t.ctx[1] as *mut c_void, data) },
                // SAFETY: as above.
                Layout::Pre41 => unsafe { (t.syms.cleanup)(data) },
            };
            assert_ne!(rc, -1);
            (copy, took)
        });
        let n = bytes.len();
        (decode(&bytes), n, took)
    }

    /// Collects every `period` until `done` says so or `timeout` passes; returns everything.
    pub fn collect_until(
        &self,
        timeout: Duration,
        period: Duration,
        mut done: impl FnMut(&[Event]) -> bool,
    ) -> Vec<Event> {
        let start = Instant::now();
        let mut all = Vec::new();
        loop {
            let (evs, _) = self.collect();
            all.extend(evs);
            if done(&all) || start.elapsed() > timeout {
                return all;
            }
            std::thread::sleep(period);
        }
    }

    /// What init stored in `remote_context` (0: nothing).
    pub fn remote_context(&self) -> usize {
        self.run(|t| t.ctx[1])
    }

    /// `FLBPluginInputPause` on the instance's thread.
    pub fn pause(&self) {
        // SAFETY: exported callback, on the instance thread.
        self.run(|t| unsafe { (t.syms.pause)() })
    }

    /// `FLBPluginInputResume` on the instance's thread.
    pub fn resume(&self) {
        // SAFETY: as above.
        self.run(|t| unsafe { (t.syms.resume)() })
    }

    /// Fluent Bit's shutdown: pause, (grace), pause again, pre-exit, exit; then the thread ends.
    /// Returns how long pre-exit + exit took.
    pub fn shutdown(mut self, hot_reload: bool) -> Duration {
        let took = self.run(move |t| {
            // SAFETY: exported callbacks in Fluent Bit's shutdown order, on the instance thread.
            unsafe {
                (t.syms.pause)();
                (t.syms.pause)();
                let start = Instant::now();
                (t.syms.pre_exit)(hot_reload as c_int);
                (t.syms.exit)();
                start.elapsed()
            }
        });
        self.tx.take();
        if let Some(h) = self.handle.take() {
            h.join().expect("instance thread");
        }
        took
    }
}

impl Drop for Inst {
    fn drop(&mut self) {
        if self.tx.is_some() {
            self.run(|t| {
                // SAFETY: exported exit on the instance thread.
                unsafe { (t.syms.exit)() };
            });
            self.tx.take();
        }
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// Names of this process's threads.
pub fn thread_names() -> Vec<String> {
    let mut names = Vec::new();
    if let Ok(rd) = std::fs::read_dir("/proc/self/task") {
        for e in rd.flatten() {
            if let Ok(n) = std::fs::read_to_string(e.path().join("comm")) {
                names.push(n.trim().to_string());
            }
        }
    }
    names
}

/// A rules file in a temp directory.
pub struct TempRules {
    /// Its directory.
    pub dir: PathBuf,
    /// The rules file.
    pub file: PathBuf,
}

impl TempRules {
    /// Writes `text` as a rules file in a directory of its own.
    pub fn new(tag: &str, text: &str) -> TempRules {
        let dir = std::env::temp_dir().join(format!(
            "syssentry-plugin-test-{}-{tag}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("rules.yaml");
        std::fs::write(&file, text).unwrap();
        TempRules { dir, file }
    }

    /// The file's path.
    pub fn path(&self) -> String {
        self.file.display().to_string()
    }
}

impl Drop for TempRules {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A rule matching the synthetic scenario's `openat` of `/etc/shadow`.
pub const SHADOW_RULES: &str = r#"
- rule: Shadow read
  desc: the synthetic scenario's cat opens /etc/shadow
  condition: evt.type = openat and fd.name = /etc/shadow
  output: "shadow opened (proc=%proc.name pid=%proc.pid parent=%proc.pname file=%fd.name fd=%fd.num uid=%user.uid)"
  priority: WARNING
  tags: [filesystem, test_tag]
- rule: Cat started
  desc: the synthetic scenario's execve
  condition: evt.type = execve and proc.name = cat
  output: "cat started (pid=%proc.pid)"
  priority: NOTICE
  tags: [process]
"#;

/// A rule that never fires (an instance that raises nothing itself: a sensor refuses to start
/// with no rule enabled).
pub const QUIET_RULES: &str = r#"
- rule: Never
  desc: nothing opens this path
  condition: evt.type = openat and fd.name = /nonexistent/syssentry-never
  output: "never (file=%fd.name)"
  priority: INFO
"#;

/// `Arc::new`.
pub fn arc<T>(t: T) -> Arc<T> {
    Arc::new(t)
}
