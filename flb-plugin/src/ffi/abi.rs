//! `#[repr(C)]` mirrors of the Fluent Bit structs a proxy input plugin touches, and the
//! constants of the proxy ABI. Only the members that are stable from Fluent Bit 2.1 to 5.1 are
//! declared; nothing past them is ever read or written.
//!
//! Not part of the event data flow: this is the boundary with the host that receives the sink's
//! records.

use std::os::raw::{c_char, c_int, c_void};

/// `FLB_ERROR`: a failed init.
pub const FLB_ERROR: c_int = 0;
/// `FLB_OK`.
pub const FLB_OK: c_int = 1;
/// `FLB_PROXY_INPUT_PLUGIN`.
pub const FLB_PROXY_INPUT_PLUGIN: c_int = 1;
/// `FLB_PROXY_GOLANG`: the proxy kind Fluent Bit requires of every shared-object plugin.
pub const FLB_PROXY_GOLANG: c_int = 11;

/// The first five members of `struct flb_plugin_proxy_def` (the only ones present on every host;
/// writing past them overflows the allocation on hosts before 5.0).
#[repr(C)]
#[derive(Debug)]
pub struct FlbPluginProxyDef {
    /// Plugin type (1: input).
    pub type_: c_int,
    /// Proxy kind (11).
    pub proxy: c_int,
    /// Flags OR'ed into the input plugin's flags (0).
    pub flags: c_int,
    /// Plugin name, owned by the plugin (Fluent Bit copies it).
    pub name: *mut c_char,
    /// Description, owned by the plugin (Fluent Bit keeps the pointer until unregister).
    pub description: *mut c_char,
}

/// `input_get_property(key, i_ins)`: the value (owned by Fluent Bit) or NULL.
pub type GetPropertyFn = unsafe extern "C" fn(*const c_char, *mut c_void) -> *const c_char;
/// `flb_log_print(level, file, line, fmt, ...)`.
pub type LogPrintFn = unsafe extern "C" fn(c_int, *const c_char, c_int, *const c_char, ...);
/// `input_log_check(i_ins, level)`: whether the instance logs at that level.
pub type LogCheckFn = unsafe extern "C" fn(*mut c_void, c_int) -> c_int;

/// The first seven members of `struct flb_api` (identical from 2.0 to 5.1).
#[repr(C)]
#[derive(Debug)]
pub struct FlbApi {
    /// Output property getter (unused).
    pub output_get_property: Option<GetPropertyFn>,
    /// Input property getter.
    pub input_get_property: Option<GetPropertyFn>,
    /// Not called (garbage on hosts built without metrics).
    pub output_get_cmt_instance: *mut c_void,
    /// Not called.
    pub input_get_cmt_instance: *mut c_void,
    /// The logger.
    pub log_print: Option<LogPrintFn>,
    /// Per-instance log level check.
    pub input_log_check: Option<LogCheckFn>,
    /// Output log level check (unused).
    pub output_log_check: Option<LogCheckFn>,
}

/// The plugin-visible head of `struct flbgo_input_plugin` (shared by every instance of the
/// loaded library and rewritten before each init: copy what is needed during init).
#[repr(C)]
#[derive(Debug)]
pub struct FlbGoInputPlugin {
    /// Plugin name.
    pub name: *mut c_char,
    /// The API table.
    pub api: *mut FlbApi,
    /// This instance's `struct flb_input_instance *`.
    pub i_ins: *mut c_void,
    /// This instance's proxy context: `{coll_fd, remote_context, proxy}` since 4.1,
    /// `{remote_context, proxy}` before (see [`REMOTE_CONTEXT_OFFSET`]).
    pub context: *mut c_void,
}

/// Byte offset of `remote_context` in the 4.1+ input proxy context. Before 4.1 the same offset
/// holds the (non-NULL) proxy pointer, which is how the layouts are told apart.
pub const REMOTE_CONTEXT_OFFSET: usize = 8;
