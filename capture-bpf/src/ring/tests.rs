//! Ring reader tests against a ring laid out like the kernel's (memfd pages, the data area
//! mapped twice in a row) and a producer that follows the kernel's reserve/commit protocol:
//! wrap-around, discarded and busy records, a corrupt header, and a producer thread faster
//! than the reader (drops when full, every kept record read once, in order, intact).

use super::{Mapping, RingReader, BUSY_BIT, DISCARD_BIT, HDR_SZ};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

fn memfd(len: usize) -> i32 {
    // SAFETY: the name is a NUL-terminated literal; flags 0.
    let fd = unsafe { libc::memfd_create(c"ring-test".as_ptr(), 0) };
    assert!(fd >= 0, "memfd_create: {}", std::io::Error::last_os_error());
    // SAFETY: `fd` is the memfd just created.
    assert_eq!(unsafe { libc::ftruncate(fd, len as libc::off_t) }, 0);
    fd
}

/// Maps `fd` (offset 0, `len` bytes) at `addr` exactly.
fn map_at(addr: *mut u8, fd: i32, len: usize, prot: i32) {
    // SAFETY: `addr..addr+len` lies inside a reservation this test owns (MAP_FIXED replaces
    // only those pages); `fd` is a memfd of at least `len` bytes.
    let p = unsafe {
        libc::mmap(
            addr.cast(),
            len,
            prot,
            libc::MAP_SHARED | libc::MAP_FIXED,
            fd,
            0,
        )
    };
    assert_eq!(p.cast::<u8>(), addr, "mmap: {}", std::io::Error::last_os_error());
}

/// Reserves `len` bytes of address space (no access).
fn reserve(len: usize) -> *mut u8 {
    // SAFETY: a fresh anonymous mapping at an address of the kernel's choosing.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    assert_ne!(p, libc::MAP_FAILED);
    p.cast()
}

/// The producer's side of a fake ring: writable views of the same pages the reader maps.
struct Producer {
    cons: Mapping,
    /// producer page, then the data area twice.
    area: Mapping,
    page: usize,
    size: usize,
    prod: u64,
    dropped: u64,
}

// SAFETY: the producer's mappings are only used through `&mut self` on one thread at a time.
unsafe impl Send for Producer {}

/// A reader and a producer over one fake ring of `size` data bytes.
fn fake_ring(size: usize) -> (RingReader, Producer) {
    let page = super::page_size();
    let (fc, fp, fdata) = (memfd(page), memfd(page), memfd(size));
    let double = |prot| {
        let base = reserve(page + 2 * size);
        map_at(base, fp, page, prot);
        // SAFETY: the offset is inside the reservation of page + 2 * size bytes.
        map_at(unsafe { base.add(page) }, fdata, size, prot);
        // SAFETY: page + size + size bytes end the reservation exactly.
        map_at(unsafe { base.add(page + size) }, fdata, size, prot);
        Mapping {
            ptr: std::ptr::NonNull::new(base).unwrap(),
            len: page + 2 * size,
        }
    };
    let reader = RingReader::with_mappings(
        -1,
        Mapping::new(fc, page, 0, true, "test consumer").unwrap(),
        double(libc::PROT_READ),
        size,
    );
    let producer = Producer {
        cons: Mapping::new(fc, page, 0, false, "test consumer view").unwrap(),
        area: double(libc::PROT_READ | libc::PROT_WRITE),
        page,
        size,
        prod: 0,
        dropped: 0,
    };
    for fd in [fc, fp, fdata] {
        // SAFETY: closing memfds this test opened; the mappings keep the memory.
        unsafe { libc::close(fd) };
    }
    (reader, producer)
}

/// A reserved, not yet committed record.
struct Slot {
    hdr: u64,
    len: u32,
}

impl Producer {
    fn producer_pos(&self) -> &AtomicU64 {
        // SAFETY: first u64 of the writable producer page.
        unsafe { AtomicU64::from_ptr(self.area.ptr.as_ptr().cast()) }
    }

    fn data(&self, off: u64) -> *mut u8 {
        // SAFETY: offsets below 2 * size inside the data area after the producer page.
        unsafe { self.area.ptr.as_ptr().add(self.page + off as usize) }
    }

    fn hdr(&self, at: u64) -> &AtomicU32 {
        // SAFETY: 8-aligned header inside the writable data area.
        unsafe { AtomicU32::from_ptr(self.data(at).cast()) }
    }

    /// Reserves `len` bytes as the kernel does, or counts a drop when the ring is full.
    fn reserve(&mut self, len: u32) -> Option<Slot> {
        // SAFETY: first u64 of the consumer page (read-only view); the reader stores it.
        let cons = unsafe { AtomicU64::from_ptr(self.cons.ptr.as_ptr().cast()) }
            .load(Ordering::Acquire);
        let total = (u64::from(len) + HDR_SZ + 7) & !7;
        if self.prod + total - cons > self.size as u64 {
            self.dropped += 1;
            return None;
        }
        let at = self.prod & (self.size as u64 - 1);
        self.hdr(at).store(len | BUSY_BIT, Ordering::Relaxed);
        self.prod += total;
        self.producer_pos().store(self.prod, Ordering::Release);
        Some(Slot { hdr: at, len })
    }

    /// Fills the record of `slot` with the pattern of record `id`.
    fn fill(&mut self, slot: &Slot, id: u32) {
        let p = self.data(slot.hdr + HDR_SZ);
        let bytes = pattern(id, slot.len);
        // SAFETY: `len` bytes after the header fit the double-mapped data area.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len()) };
    }

    /// Commits (or discards) a record: the header's busy bit goes with a full barrier.
    fn commit(&mut self, slot: Slot, discard: bool) {
        let len = slot.len | if discard { DISCARD_BIT } else { 0 };
        self.hdr(slot.hdr).swap(len, Ordering::SeqCst);
    }

    fn send(&mut self, id: u32, discard: bool) -> bool {
        match self.reserve(len_of(id)) {
            Some(slot) => {
                self.fill(&slot, id);
                self.commit(slot, discard);
                true
            }
            None => false,
        }
    }
}

fn len_of(id: u32) -> u32 {
    4 + (id * 37) % 301
}

fn pattern(id: u32, len: u32) -> Vec<u8> {
    let mut v: Vec<u8> = (0..len).map(|j| (id as u8).wrapping_add(j as u8)).collect();
    v[..4].copy_from_slice(&id.to_le_bytes());
    v
}

/// Checks a record's bytes and returns its id.
fn check(rec: &[u8]) -> u32 {
    let id = u32::from_le_bytes(rec[..4].try_into().unwrap());
    assert_eq!(rec.len() as u32, len_of(id), "length of record {id}");
    assert_eq!(rec, pattern(id, rec.len() as u32).as_slice(), "bytes of record {id}");
    id
}

fn read_all(r: &mut RingReader, max: usize) -> Vec<u32> {
    let mut ids = Vec::new();
    r.read(max, &mut |rec| ids.push(check(rec))).unwrap();
    ids
}

#[test]
fn wraps_around_skips_discarded_and_gives_space_back() {
    let (mut r, mut p) = fake_ring(4096);
    let mut next = 0u32;
    // Many laps of the ring, records straddling its end included, every fifth discarded.
    for _ in 0..200 {
        let mut sent = Vec::new();
        while p.send(next, next % 5 == 4) {
            if next % 5 != 4 {
                sent.push(next);
            }
            next += 1;
        }
        assert!(p.dropped > 0);
        p.dropped = 0;
        // A full ring (the next record did not fit): nearly all of it waits.
        assert!(r.backlog() > 0.9 && r.backlog() <= 1.0, "backlog {}", r.backlog());
        assert_eq!(read_all(&mut r, usize::MAX), sent);
        assert_eq!(r.pending(), 0);
        assert_eq!(r.backlog(), 0.0);
        // All space was given back: the next record fits again.
        assert!(p.send(next, false));
        next += 1;
        assert_eq!(read_all(&mut r, usize::MAX), [next - 1]);
    }
    assert!(u64::from(next) * 40 > 20 * 4096, "{next} records is not many laps");
}

#[test]
fn a_bounded_batch_stops_and_resumes_in_order() {
    let (mut r, mut p) = fake_ring(8192);
    for id in 0..20 {
        assert!(p.send(id, id == 3));
    }
    assert_eq!(read_all(&mut r, 5), [0, 1, 2, 4, 5]);
    assert_eq!(read_all(&mut r, 5), [6, 7, 8, 9, 10]);
    assert_eq!(read_all(&mut r, 100), (11..20).collect::<Vec<_>>());
    assert_eq!(read_all(&mut r, 100), Vec::<u32>::new());
}

#[test]
fn stops_at_a_busy_record_until_it_is_committed() {
    let (mut r, mut p) = fake_ring(4096);
    assert!(p.send(0, false));
    let busy = p.reserve(len_of(1)).unwrap();
    assert!(p.send(2, false)); // reserved after the busy one, committed first
    assert_eq!(read_all(&mut r, 100), [0]);
    assert_eq!(read_all(&mut r, 100), Vec::<u32>::new());
    p.fill(&busy, 1);
    p.commit(busy, false);
    assert_eq!(read_all(&mut r, 100), [1, 2]);
}

#[test]
fn a_corrupt_length_is_an_error_not_a_wild_read() {
    let (mut r, mut p) = fake_ring(4096);
    let slot = p.reserve(16).unwrap();
    p.hdr(slot.hdr).store(4096, Ordering::SeqCst);
    let err = r.read(10, &mut |_| panic!("no record")).unwrap_err();
    assert!(
        matches!(err, crate::error::CaptureError::RingRecord { len: 4096, size: 4096, .. }),
        "{err}"
    );
}

/// A producer thread much faster than a reader that works on each record: the ring fills,
/// the producer drops, and every record it kept arrives once, in order and intact.
#[test]
fn a_faster_producer_drops_but_never_corrupts() {
    let (mut r, mut p) = fake_ring(4096);
    const N: u32 = 200_000;
    let producer = std::thread::spawn(move || {
        let mut kept = Vec::new();
        for id in 0..N {
            if p.send(id, id % 7 == 6) && id % 7 != 6 {
                kept.push(id);
            }
        }
        (kept, p.dropped)
    });
    let mut got = Vec::new();
    let mut batches = 0;
    while !producer.is_finished() || r.pending() > 0 {
        r.read(16, &mut |rec| {
            got.push(check(rec));
            // Some work per record, so the producer outruns the reader.
            std::hint::black_box((0..50).sum::<u64>());
        })
        .unwrap();
        batches += 1;
    }
    let (kept, dropped) = producer.join().unwrap();
    got.extend(read_all(&mut r, usize::MAX));
    assert!(dropped > 0, "the producer never found the ring full");
    assert!(batches > 10);
    assert_eq!(got.len(), kept.len(), "{dropped} dropped");
    assert_eq!(got, kept);
}
