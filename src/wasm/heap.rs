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

fn grow(pages: usize) -> Option<usize> {
    let previous = wasm32::memory_grow(0, pages);
    (previous != usize::MAX).then_some(previous * PAGE)
}

impl State {
    fn alloc_class(&mut self, shift: u32) -> *mut u8 {
        let slot = (shift - MIN_SHIFT) as usize;
        let head = self.free[slot];
        if head != 0 {
            // SAFETY: `head` is a block of this class that `dealloc` put on the list; its
            // first word holds the next free block.
            self.free[slot] = unsafe { *(head as *const usize) };
            return head as *mut u8;
        }
        let size = 1usize << shift;
        let mut start = (self.bump + size - 1) & !(size - 1);
        if start + size > self.end {
            let Some(region) = grow(1) else {
                return ptr::null_mut();
            };
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
        let best = (0..self.large.len())
            .filter(|&i| self.large[i].1 >= pages)
            .min_by_key(|&i| self.large[i].1);
        if let Some(i) = best {
            let (address, run) = self.large[i];
            // The rest of a longer run stays free.
            self.large[i] = if run > pages {
                (address + pages * PAGE, run - pages)
            } else {
                (0, 0)
            };
            return address as *mut u8;
        }
        grow(pages).map_or(ptr::null_mut(), |a| a as *mut u8)
    }

    fn free_pages(&mut self, address: usize, size: usize) {
        let pages = size.div_ceil(PAGE);
        match self.large.iter().position(|&(_, n)| n == 0) {
            Some(i) => self.large[i] = (address, pages),
            // The table is full: keep the larger runs.
            None => {
                if let Some(i) = (0..self.large.len()).min_by_key(|&i| self.large[i].1) {
                    if self.large[i].1 < pages {
                        self.large[i] = (address, pages);
                    }
                }
            }
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
            Some(shift) => {
                let slot = (shift - MIN_SHIFT) as usize;
                // SAFETY: the block is at least 16 bytes and ours again.
                unsafe { *(block as *mut usize) = state.free[slot] };
                state.free[slot] = block as usize;
            }
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
            if !new_block.is_null() {
                ptr::copy_nonoverlapping(block, new_block, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
            new_block
        }
    }
}
