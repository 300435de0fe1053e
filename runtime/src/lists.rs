//! The runtime side of Python lists in compiled code (see `loop::LIST_NEW` and the list
//! functions of `loop_to_mlir::LIST_HOOKS`): a list is a [`Header`] and a buffer of elements,
//! both from the C library's `malloc`, whose capacity doubles as the list grows. Each list made
//! on a thread is recorded in that thread's [`LISTS`]; the entry wrapper of compiled code takes
//! a mark of the record before its call and releases back to it after, so every list lives
//! until the call into compiled code that made it ends, and is freed exactly once.

use std::cell::RefCell;

use blackbird_passes::conversion::loop_to_mlir::LIST_HOOKS;

/// The header a list value points to (its layout is the emitted code's).
#[repr(C)]
pub struct Header {
    pub len: i64,
    pub cap: i64,
    pub data: *mut u8,
}

/// A container made by compiled code and the function that frees it.
type Owned = (*mut u8, unsafe fn(*mut u8));

thread_local! {
    /// The lists (and dicts and sets, see `dicts.rs`) made on this thread and not yet
    /// released.
    static LISTS: RefCell<Vec<Owned>> = const { RefCell::new(Vec::new()) };
}

/// Record `container` (freed by `free`) as made on this thread: the release of the call that
/// made it frees it.
pub(crate) fn record(container: *mut u8, free: unsafe fn(*mut u8)) {
    LISTS.with(|l| l.borrow_mut().push((container, free)));
}

/// Free a list [`list_new`] made.
///
/// # Safety
/// `header` is a list header made by [`list_new`] and not freed yet.
unsafe fn free_list(header: *mut u8) {
    let header = header as *mut Header;
    // SAFETY: the caller's contract; both allocations came from `malloc`/`realloc`.
    unsafe {
        libc::free((*header).data as *mut libc::c_void);
        libc::free(header as *mut libc::c_void);
    }
}

/// A failed allocation: compiled code cannot go on without the memory.
fn out_of_memory(bytes: i64) -> ! {
    eprintln!("blackbird: out of memory allocating a list of {bytes} bytes");
    std::process::abort()
}

/// `blackbird_list_new(size, n)`: a list of `n` unwritten elements of `size` bytes.
extern "C" fn list_new(size: i64, n: i64) -> *mut Header {
    let cap = n.max(4);
    let bytes = cap.saturating_mul(size);
    // SAFETY: plain C allocations; both are checked for null.
    unsafe {
        let data = libc::malloc(bytes as usize) as *mut u8;
        let header = libc::malloc(std::mem::size_of::<Header>()) as *mut Header;
        if data.is_null() || header.is_null() {
            out_of_memory(bytes);
        }
        header.write(Header { len: n, cap, data });
        record(header as *mut u8, free_list);
        header
    }
}

/// `blackbird_list_grow(list, n, size)`: capacity for at least `n` elements, growing by
/// half again at least (amortised O(1) appends, as CPython's lists).
///
/// # Safety
/// `list` is a header [`list_new`] made and not yet released.
unsafe extern "C" fn list_grow(list: *mut Header, n: i64, size: i64) {
    // SAFETY: the caller's contract.
    let h = unsafe { &mut *list };
    if n <= h.cap {
        return;
    }
    let cap = n.max(h.cap.saturating_add(h.cap / 2)).max(4);
    let bytes = cap.saturating_mul(size);
    // SAFETY: `data` came from `malloc`/`realloc`.
    let data = unsafe { libc::realloc(h.data as *mut libc::c_void, bytes as usize) } as *mut u8;
    if data.is_null() {
        out_of_memory(bytes);
    }
    h.data = data;
    h.cap = cap;
}

/// `blackbird_lists_mark()`: the number of lists this thread holds now.
extern "C" fn lists_mark() -> i64 {
    LISTS.with(|l| l.borrow().len() as i64)
}

/// `blackbird_lists_release(mark)`: free the lists this thread made since `mark`.
extern "C" fn lists_release(mark: i64) {
    let released: Vec<Owned> =
        LISTS.with(|l| l.borrow_mut().drain(mark.max(0) as usize..).collect());
    for (container, free) in released {
        // SAFETY: each container was made by compiled code through the runtime and is
        // recorded once; the call that made it has ended.
        unsafe { free(container) };
    }
}

/// The number of lists, dicts and sets this thread holds (tests: none after a call).
pub fn live_lists() -> usize {
    LISTS.with(|l| l.borrow().len())
}

/// Store the list functions into the module's hook globals that `lookup` finds.
pub(crate) fn install_hooks(lookup: impl Fn(&str) -> Option<*mut u8>) {
    let functions: [*const (); 4] = [
        list_new as *const (),
        list_grow as *const (),
        lists_mark as *const (),
        lists_release as *const (),
    ];
    for ((_, hook, _, _), f) in LIST_HOOKS.iter().zip(functions) {
        if let Some(address) = lookup(hook) {
            // SAFETY: the hook is the module's pointer-sized global holding the function of
            // the signature `LIST_HOOKS` gives, which `f` has; set before the code runs.
            unsafe { (address as *mut *const ()).write(f) };
        }
    }
}
