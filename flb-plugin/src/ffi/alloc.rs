//! The plugin's global allocator: the C allocator of the process it is loaded into, without
//! assuming more alignment than C guarantees there.
//!
//! Not part of the event data flow; it serves every stage.
//!
//! Fluent Bit exports its own `malloc` family (jemalloc, unprefixed, built with
//! `--with-lg-quantum=3`), which every `malloc` call in the plugin binds to. That jemalloc returns
//! 8-byte-aligned blocks for sizes that are not multiples of 16, while Rust's `System` allocator
//! assumes glibc's 16 bytes and calls plain `malloc` for 16-byte-aligned layouts. The result was
//! misaligned hash tables (a SIGSEGV in SSE loads seen in Fluent Bit 5.1.1 at shutdown). This
//! allocator calls `malloc` only for alignments of 8 or less and `posix_memalign` otherwise.

use std::alloc::{GlobalAlloc, Layout};
use std::os::raw::c_void;

/// The alignment any C `malloc` is relied on to give.
const MALLOC_ALIGN: usize = 8;

/// `malloc` for small alignments, `posix_memalign` for larger ones.
#[derive(Debug, Clone, Copy)]
pub struct HostAlloc;

// SAFETY: every block comes from the C allocator with at least the layout's size and alignment
// (malloc guarantees 8, posix_memalign the requested power of two) and goes back with `free`.
unsafe impl GlobalAlloc for HostAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN {
            // SAFETY: plain C allocation of a non-zero size (GlobalAlloc's contract).
            return unsafe { libc::malloc(layout.size()) } as *mut u8;
        }
        let mut p: *mut c_void = std::ptr::null_mut();
        let align = layout.align().max(std::mem::size_of::<usize>());
        // SAFETY: `align` is a power of two and a multiple of the pointer size, as
        // posix_memalign requires; `p` is a valid out-pointer.
        if unsafe { libc::posix_memalign(&mut p, align, layout.size()) } == 0 {
            p as *mut u8
        } else {
            std::ptr::null_mut()
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from malloc, calloc, realloc or posix_memalign above.
        unsafe { libc::free(ptr as *mut c_void) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN {
            // SAFETY: plain C allocation.
            return unsafe { libc::calloc(1, layout.size()) } as *mut u8;
        }
        // SAFETY: same contract as `alloc`.
        let p = unsafe { self.alloc(layout) };
        if !p.is_null() {
            // SAFETY: `p` points to at least `layout.size()` writable bytes.
            unsafe { std::ptr::write_bytes(p, 0, layout.size()) };
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= MALLOC_ALIGN {
            // SAFETY: `ptr` came from malloc/calloc/realloc (alignment <= 8 path).
            return unsafe { libc::realloc(ptr as *mut c_void, new_size) } as *mut u8;
        }
        // SAFETY: the new layout keeps the alignment and has a non-zero size (GlobalAlloc's
        // contract for realloc).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as in `alloc`.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are valid for the smaller size and do not overlap; the old
            // block is freed once, after the copy.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[global_allocator]
static GLOBAL: HostAlloc = HostAlloc;

#[cfg(test)]
mod tests {
    #[test]
    fn over_aligned_layouts_are_aligned() {
        for align in [16usize, 32, 64, 4096] {
            for size in [1usize, 8, 24, 40, 100, 5000] {
                let l = std::alloc::Layout::from_size_align(size, align).unwrap();
                // SAFETY: non-zero size; freed with the same layout.
                unsafe {
                    let p = std::alloc::alloc(l);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    let q = std::alloc::realloc(p, l, size * 3);
                    assert_eq!(q as usize % align, 0);
                    std::alloc::dealloc(
                        q,
                        std::alloc::Layout::from_size_align(size * 3, align).unwrap(),
                    );
                }
            }
        }
    }
}
