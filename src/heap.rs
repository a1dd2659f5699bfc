//! The wasm module's allocator: size classes of powers of two, each with a free list, carved
//! from memory the module grows page by page, and whole pages for larger blocks. About 1 KB of
//! code where `dlmalloc` (std's default on wasm32) is 8 KB. Memory is never given back to the
//! engine (wasm cannot shrink a memory), and a freed small block only serves its own class
//! again: the client's small allocations are a few sizes that recur every call, so the classes
//! stay few and warm. Large blocks vary with the input (a batch's text), so their freed pages
//! merge with free neighbours and serve any later block; `tests/js/node/memory.test.mjs`
//! checks that the memory stops growing.
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
    /// The first free run of whole pages, 0 when none: the runs are listed in address order,
    /// each holding in its first two words the next run's address (0 ends the list) and its
    /// length in pages. Neighbours merge when freed, so the pages of blocks that grew step by
    /// step (a request text, a batch's records) serve the next larger block instead of
    /// the memory growing on every call that is larger than the last.
    runs: usize,
    /// The unused rest of the last region taken for the classes.
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
            runs: 0,
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

/// A free run's next run and length in pages.
///
/// SAFETY (for this and `set_run`): `run` is a free run of at least one page, ours alone.
unsafe fn run_at(run: usize) -> (usize, usize) {
    let words = run as *const usize;
    unsafe { (*words, *words.add(1)) }
}

unsafe fn set_run(run: usize, next: usize, pages: usize) {
    let words = run as *mut usize;
    unsafe {
        *words = next;
        *words.add(1) = pages;
    }
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
            let region = self.take_pages(1);
            // A fresh page continues the region when it is adjacent, as it is unless a large
            // block was taken in between.
            if region != self.end {
                self.bump = region;
            }
            self.end = region + PAGE;
            start = (self.bump + size - 1) & !(size - 1);
        }
        self.bump = start + size;
        start as *mut u8
    }

    /// `pages` whole pages: from the free run that fits best, else from a free run at the top
    /// of memory grown by what it lacks, else grown anew.
    fn take_pages(&mut self, pages: usize) -> usize {
        // (the run before it or 0, the run, its next, its length)
        let mut best: Option<(usize, usize, usize, usize)> = None;
        let mut last = (0, 0, 0);
        let (mut before, mut run) = (0, self.runs);
        while run != 0 {
            // SAFETY: every run on the list is free and ours.
            let (next, length) = unsafe { run_at(run) };
            if length >= pages && best.is_none_or(|b| length < b.3) {
                best = Some((before, run, next, length));
            }
            last = (before, run, length);
            (before, run) = (run, next);
        }
        if let Some((before, run, next, length)) = best {
            if length > pages {
                // Cut from the run's end: the rest keeps its place in the list.
                // SAFETY: as above.
                unsafe { set_run(run, next, length - pages) };
                return run + (length - pages) * PAGE;
            }
            self.unlink(before, next);
            return run;
        }
        let (before, run, length) = last;
        if run != 0 && run + length * PAGE == wasm32::memory_size(0) * PAGE {
            // The last run ends where memory does: grow it by the pages it lacks.
            grow(pages - length);
            self.unlink(before, 0);
            return run;
        }
        grow(pages)
    }

    /// Takes a run off the list: `next` follows it, `before` (0 when it is the first) precedes it.
    fn unlink(&mut self, before: usize, next: usize) {
        if before == 0 {
            self.runs = next;
        } else {
            // SAFETY: `before` is a free run on the list.
            unsafe { set_run(before, next, run_at(before).1) };
        }
    }

    fn free_pages(&mut self, address: usize, pages: usize) {
        let (mut before, mut next) = (0, self.runs);
        while next != 0 && next < address {
            before = next;
            // SAFETY: every run on the list is free and ours.
            next = unsafe { run_at(next).0 };
        }
        let (mut after, mut length) = (next, pages);
        if next != 0 && address + pages * PAGE == next {
            // SAFETY: as above.
            let (next_next, next_length) = unsafe { run_at(next) };
            (after, length) = (next_next, length + next_length);
        }
        // SAFETY: as above; `address` is the freed block, whole pages now ours.
        unsafe {
            if before != 0 {
                let before_length = run_at(before).1;
                if before + before_length * PAGE == address {
                    set_run(before, after, before_length + length);
                    return;
                }
                set_run(before, address, before_length);
            } else {
                self.runs = address;
            }
            set_run(address, after, length);
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
            None => state.take_pages(layout.size().div_ceil(PAGE)) as *mut u8,
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: as in `alloc`.
        let state = unsafe { &mut *self.0.get() };
        match class_of(&layout) {
            Some(shift) => state.free_class(shift, block),
            None => state.free_pages(block as usize, layout.size().div_ceil(PAGE)),
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
