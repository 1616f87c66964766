//! Reading the BPF ring buffer (`BPF_MAP_TYPE_RINGBUF`) directly from its memory mappings, and
//! waiting on it with `poll(2)` and a timeout, so that a trickle of records (the producer wakes
//! the reader only every few dozen KiB) is still delivered promptly.
//!
//! The reader publishes its position once per batch of records (or per eighth of the ring)
//! instead of after every record: each producer reserve reads the consumer position, and a
//! position rewritten per record keeps that cache line moving between the two CPUs.
//!
//! The kernel's layout and protocol, followed here:
//! * map offset 0, one page, read-write: `consumer_pos` (u64), written only by the reader;
//! * map offset one page, read-only: a page whose first u64 is `producer_pos`, then the data
//!   area of `size` bytes (a power of two) mapped twice in a row, so a record that wraps is
//!   still contiguous;
//! * a record at data offset `pos & (size - 1)`: an 8-byte header (u32 `len`, u32 page
//!   offset), then `len` bytes; bit 31 of `len` (BUSY) means reserved but not yet submitted,
//!   bit 30 (DISCARD) means submitted as discarded; the next record starts at
//!   `pos + round_up(len + 8, 8)`;
//! * the reader acquire-loads `producer_pos` and each `len`, and release-stores
//!   `consumer_pos` after it is done with the bytes it gives back.
//!
//! Place in the data flow: kernel ring buffer → **ring** → `decode`.

use std::os::fd::{AsRawFd, BorrowedFd, RawFd};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

use crate::error::CaptureError;

const BUSY_BIT: u32 = 1 << 31;
const DISCARD_BIT: u32 = 1 << 30;
const HDR_SZ: u64 = 8;

/// One memory mapping, unmapped on drop.
struct Mapping {
    ptr: NonNull<u8>,
    len: usize,
}

impl Mapping {
    fn new(
        fd: RawFd,
        len: usize,
        offset: usize,
        writable: bool,
        what: &'static str,
    ) -> Result<Mapping, CaptureError> {
        let prot = if writable {
            libc::PROT_READ | libc::PROT_WRITE
        } else {
            libc::PROT_READ
        };
        // SAFETY: a new shared mapping of `len` bytes of `fd` at `offset` chosen by the kernel
        // (no address hint), touching no existing memory; the result is checked below.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                prot,
                libc::MAP_SHARED,
                fd,
                offset as libc::off_t,
            )
        };
        if p == libc::MAP_FAILED {
            return Err(CaptureError::RingMap {
                what,
                len,
                source: std::io::Error::last_os_error(),
            });
        }
        let ptr = NonNull::new(p.cast::<u8>()).ok_or(CaptureError::RingMap {
            what,
            len,
            source: std::io::ErrorKind::InvalidData.into(),
        })?;
        Ok(Mapping { ptr, len })
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: `ptr`/`len` are exactly one mapping this value created and still owns; no
        // reference into it outlives the reader (records are lent only within `read`).
        unsafe { libc::munmap(self.ptr.as_ptr().cast(), self.len) };
    }
}

/// A reader of one BPF ring buffer through its own mappings.
pub(crate) struct RingReader {
    fd: RawFd,
    consumer: Mapping,
    producer: Mapping,
    page: usize,
    mask: u64,
    /// The reader's position (what it has consumed).
    cons: u64,
    /// The position last published to `consumer_pos`.
    published: u64,
    /// Publish early when this many bytes were consumed since the last publication.
    publish_bytes: u64,
}

// SAFETY: the mappings are owned by the reader and reached only through `&mut self`; the
// kernel side synchronises through the atomic positions. Moving the reader to another thread
// is therefore sound.
unsafe impl Send for RingReader {}

impl RingReader {
    /// Maps the ring buffer of map `fd`, whose data area is `size` bytes. The fd must stay open
    /// for the reader's life (the mappings keep the ring alive, the fd serves `wait`).
    pub(crate) fn new(fd: BorrowedFd<'_>, size: usize) -> Result<RingReader, CaptureError> {
        let page = page_size();
        if !size.is_power_of_two() || size < page {
            return Err(CaptureError::RingSize { size, page });
        }
        let raw = fd.as_raw_fd();
        let consumer = Mapping::new(raw, page, 0, true, "consumer page")?;
        let producer = Mapping::new(raw, page + 2 * size, page, false, "producer page and data")?;
        Ok(RingReader::with_mappings(raw, consumer, producer, size))
    }

    /// A reader over mappings laid out as the kernel's: `consumer` one page, `producer` one
    /// page then the `size`-byte data area twice.
    fn with_mappings(fd: RawFd, consumer: Mapping, producer: Mapping, size: usize) -> RingReader {
        let page = page_size();
        let mut r = RingReader {
            fd,
            consumer,
            producer,
            page,
            mask: size as u64 - 1,
            cons: 0,
            published: 0,
            publish_bytes: (size / 8) as u64,
        };
        r.cons = r.consumer_pos().load(Ordering::Acquire);
        r.published = r.cons;
        r
    }

    fn consumer_pos(&self) -> &AtomicU64 {
        // SAFETY: the consumer mapping is one page, page aligned, writable and shared with the
        // kernel, which only reads it; a u64 at its start is in bounds and aligned.
        unsafe { AtomicU64::from_ptr(self.consumer.ptr.as_ptr().cast::<u64>()) }
    }

    fn producer_pos(&self) -> &AtomicU64 {
        // SAFETY: the producer mapping starts with a page-aligned page whose first u64 the
        // kernel writes (with release semantics); we only load it (an atomic load of a
        // lock-free u64 is allowed on read-only memory).
        unsafe { AtomicU64::from_ptr(self.producer.ptr.as_ptr().cast::<u64>()) }
    }

    /// Address of data-area offset `off` (< 2 * size).
    fn data(&self, off: u64) -> *const u8 {
        debug_assert!(off <= 2 * (self.mask + 1));
        // SAFETY: the data area starts one page into the producer mapping and is 2 * size
        // bytes long; callers pass offsets below 2 * size (masked position plus at most size).
        unsafe { self.producer.ptr.as_ptr().add(self.page + off as usize) }
    }

    /// Passes each submitted record (not discarded) to `f`, in order, at most `max` records
    /// (discarded ones do not count); returns how many were passed. Stops at the first record
    /// still being written. The bytes lent to `f` stay valid until `f` returns: the position
    /// given back to the kernel never passes a record not yet handed out, and it is published
    /// at the end of the call or every `size / 8` bytes.
    pub(crate) fn read(
        &mut self,
        max: usize,
        f: &mut dyn FnMut(&[u8]),
    ) -> Result<usize, CaptureError> {
        let mut n = 0;
        let mut prod = self.producer_pos().load(Ordering::Acquire);
        let res = loop {
            if n >= max {
                break Ok(());
            }
            if self.cons >= prod {
                // Caught up with what was reserved when last looked: look again once.
                prod = self.producer_pos().load(Ordering::Acquire);
                if self.cons >= prod {
                    break Ok(());
                }
            }
            let hdr = self.data(self.cons & self.mask).cast::<u32>();
            // SAFETY: the header is 8-byte aligned (positions advance in multiples of 8 and
            // the data area is page aligned) and inside the data area; the kernel publishes
            // `len` with a release store once the record is complete. An atomic load of a
            // lock-free u32 is allowed on read-only memory.
            let len = unsafe { AtomicU32::from_ptr(hdr.cast_mut()) }.load(Ordering::Acquire);
            if len & BUSY_BIT != 0 {
                break Ok(());
            }
            let data_len = len & !(BUSY_BIT | DISCARD_BIT);
            if u64::from(data_len) + HDR_SZ > self.mask + 1 {
                break Err(CaptureError::RingRecord {
                    pos: self.cons,
                    len: data_len,
                    size: (self.mask + 1) as usize,
                });
            }
            if len & DISCARD_BIT == 0 {
                let start = self.data((self.cons + HDR_SZ) & self.mask);
                // SAFETY: `data_len` bytes from the masked record start lie within the doubly
                // mapped data area (start < size, data_len <= size - 8); the producer finished
                // writing them (acquire load of `len` above), and the kernel does not reuse
                // them before `consumer_pos` passes this record, which happens only after `f`
                // returns.
                let rec = unsafe { std::slice::from_raw_parts(start, data_len as usize) };
                f(rec);
                n += 1;
            }
            self.cons += (u64::from(data_len) + HDR_SZ + 7) & !7;
            if self.cons - self.published >= self.publish_bytes {
                self.publish();
            }
        };
        self.publish();
        res.map(|()| n)
    }

    /// Gives the consumed space back to the producers.
    fn publish(&mut self) {
        if self.cons != self.published {
            self.consumer_pos().store(self.cons, Ordering::Release);
            self.published = self.cons;
        }
    }

    /// Bytes submitted or reserved and not yet consumed.
    pub(crate) fn pending(&self) -> u64 {
        self.producer_pos().load(Ordering::Acquire).saturating_sub(self.cons)
    }

    /// The share of the ring waiting to be read (0 empty, 1 full: producers then drop).
    pub(crate) fn backlog(&self) -> f64 {
        self.pending() as f64 / (self.mask + 1) as f64
    }
}

impl AsRawFd for RingReader {
    fn as_raw_fd(&self) -> RawFd {
        self.fd
    }
}

/// The system's page size (the ring's mapping unit).
pub(crate) fn page_size() -> usize {
    // SAFETY: sysconf has no memory-safety preconditions.
    let p = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    if p > 0 {
        p as usize
    } else {
        4096
    }
}

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

#[cfg(test)]
mod tests;
