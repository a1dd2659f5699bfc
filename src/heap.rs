//! The wasm module's allocator: size classes of powers of two, each with a free list, carved
//! from memory the module grows page by page. About 1 KB of code where `dlmalloc` (std's
//! default on wasm32) is 8 KB. Memory is never given back to the engine (wasm cannot shrink a
//! memory), and a freed block only serves its own class again: the client's allocations are a
//! few sizes that recur every call, so the classes stay few and warm.
//!
//! wasm32 has one thread, so the state needs no lock.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr;

const PAGE: usize = 65_536;
/// Classes 2^4 (16 bytes) to 2^15 (32 KB); larger blocks are whole pages.
const MIN_SHIFT: u32 = 4;
const MAX_SHIFT: u32 = 15;
const CLASSES: usize = (MAX_SHIFT - MIN_SHIFT + 1) as usize;

struct State {
    /// The head of each class's free list; a free block's first word points to the next.
    free: [usize; CLASSES],
    /// Free runs of whole pages: (address, pages), a few at most.
    large: [(usize, usize); 8],
    /// The unused rest of the last grown region.
    bump: usize,
    end: usize,
}

pub struct Heap(UnsafeCell<State>);

// SAFETY: wasm32-unknown-unknown without threads: no two accesses can overlap.
unsafe impl Sync for Heap {}

impl Heap {
    pub const fn new() -> Self {
        Heap(UnsafeCell::new(State {
            free: [0; CLASSES],
            large: [(0, 0); 8],
            bump: 0,
            end: 0,
        }))
    }
}

/// The class of a request: the smallest power of two that holds `size` and is a multiple of
/// `align` (both powers of two, so the larger of the two rounded up).
fn class_of(layout: &Layout) -> Option<u32> {
    let need = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    let shift = usize::BITS - (need - 1).leading_zeros();
    (shift <= MAX_SHIFT).then_some(shift)
}

/// `pages` more pages of memory, at the address returned. Running out of memory traps here,
/// as `handle_alloc_error` would after a null (whose path, message formatting set up and
/// all, stays linked: LLVM cannot see through `__rust_alloc` that no null comes back).
fn grow(pages: usize) -> usize {
    let previous = wasm32::memory_grow(0, pages);
    if previous == usize::MAX {
        wasm32::unreachable();
    }
    previous * PAGE
}

impl State {
    fn alloc_class(&mut self, shift: u32) -> *mut u8 {
        let Some(head) = self.free.get_mut((shift - MIN_SHIFT) as usize) else {
            wasm32::unreachable();
        };
        if *head != 0 {
            let block = *head;
            // SAFETY: `block` is a block of this class that `dealloc` put on the list; its
            // first word holds the next free block.
            *head = unsafe { *(block as *const usize) };
            return block as *mut u8;
        }
        let size = 1usize << shift;
        let mut start = (self.bump + size - 1) & !(size - 1);
        if start + size > self.end {
            let region = grow(1);
            // A fresh page continues the region when it is adjacent, as it is unless a large
            // block was grown in between.
            if region != self.end {
                self.bump = region;
            }
            self.end = region + PAGE;
            start = (self.bump + size - 1) & !(size - 1);
        }
        self.bump = start + size;
        start as *mut u8
    }

    fn alloc_pages(&mut self, size: usize) -> *mut u8 {
        let pages = size.div_ceil(PAGE);
        // The smallest free run that fits, taken whole.
        let best = self
            .large
            .iter_mut()
            .filter(|run| run.1 >= pages)
            .min_by_key(|run| run.1);
        if let Some(run) = best {
            let (address, length) = *run;
            // The rest of a longer run stays free.
            *run = if length > pages {
                (address + pages * PAGE, length - pages)
            } else {
                (0, 0)
            };
            return address as *mut u8;
        }
        grow(pages) as *mut u8
    }

    fn free_pages(&mut self, address: usize, size: usize) {
        let pages = size.div_ceil(PAGE);
        // The first empty slot (a run of 0 pages), else (the table is full) the shortest run if
        // it is shorter: the larger runs are kept.
        if let Some(run) = self.large.iter_mut().min_by_key(|run| run.1) {
            if run.1 < pages {
                *run = (address, pages);
            }
        }
    }

    fn free_class(&mut self, shift: u32, block: *mut u8) {
        if let Some(head) = self.free.get_mut((shift - MIN_SHIFT) as usize) {
            // SAFETY: the block is at least 16 bytes and ours again.
            unsafe { *(block as *mut usize) = *head };
            *head = block as usize;
        }
    }
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded (see `Sync`), and no allocation re-enters the allocator.
        let state = unsafe { &mut *self.0.get() };
        match class_of(&layout) {
            Some(shift) => state.alloc_class(shift),
            // Page-aligned, so any alignment up to 64 KB holds.
            None => state.alloc_pages(layout.size()),
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: as in `alloc`.
        let state = unsafe { &mut *self.0.get() };
        match class_of(&layout) {
            Some(shift) => state.free_class(shift, block),
            None => state.free_pages(block as usize, layout.size()),
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the contract of `GlobalAlloc::realloc` (a non-zero size that does not
        // overflow when rounded to the alignment).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // A block holds its whole class (or its whole pages): a new size of the same class
        // needs no copy, and `dealloc` will find the same class from the new size.
        let same = match (class_of(&layout), class_of(&new_layout)) {
            (Some(a), Some(b)) => a == b,
            (None, None) => layout.size().div_ceil(PAGE) == new_size.div_ceil(PAGE),
            _ => false,
        };
        if same {
            return block;
        }
        // SAFETY: as above.
        unsafe {
            let new_block = self.alloc(new_layout);
            ptr::copy_nonoverlapping(block, new_block, layout.size().min(new_size));
            self.dealloc(block, layout);
            new_block
        }
    }
}
