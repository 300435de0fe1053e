//! Calling compiled entry functions with Python-like arguments: scalars and NumPy-style arrays
//! (ndarray views, any strides, zero copy: writes are visible to the caller).
//!
//! The compiled module exports `blackbird_entry(args…, out: memref<Kxi64>)` (see the
//! emitter): arrays travel as strided memref descriptors, scalars by value, results come back
//! as 64-bit slots. Exceptions raised by compiled code (`blackbird_raise(site)`, which calls
//! the function the module's raise hook holds) are recorded per thread and returned as
//! [`CallError::Raised`] once the call returns.

use std::cell::Cell;
use std::ffi::c_void;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

use ndarray::{ArrayViewMut, Dimension};

use blackbird_passes::conversion::loop_to_mlir::{
    CATCH_HOOK_SYMBOL, ENTRY_SYMBOL, RAISED_ANY_SYMBOL, RAISED_HOOK_SYMBOL, RAISE_HOOK_SYMBOL,
};

use crate::engine::{
    counts_heap_buffers, CpuTarget, EngineError, JitModule, JitTimes, PackedFn, LIVE_BUFFERS_SYMBOL,
};
use crate::native::SharedLibrary;
use crate::returned::{discard_array, lent_array, take_array, LentArray, OwnedArray};

/// Element types of arrays.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum DType {
    F64,
    F32,
    I64,
    I32,
    I16,
    I8,
    U8,
    U16,
    U32,
    U64,
    Bool,
}

impl DType {
    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            DType::F64 | DType::I64 | DType::U64 => 8,
            DType::F32 | DType::I32 | DType::U32 => 4,
            DType::I16 | DType::U16 => 2,
            DType::I8 | DType::U8 | DType::Bool => 1,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DType::F64 => "float64",
            DType::F32 => "float32",
            DType::I64 => "int64",
            DType::I32 => "int32",
            DType::I16 => "int16",
            DType::I8 => "int8",
            DType::U8 => "uint8",
            DType::U16 => "uint16",
            DType::U32 => "uint32",
            DType::U64 => "uint64",
            DType::Bool => "bool",
        }
    }
}

/// Rust element types that map to a [`DType`].
pub trait Element: Copy + 'static {
    const DTYPE: DType;
}
macro_rules! elements {
    ($($t:ty => $d:ident),*) => { $(impl Element for $t { const DTYPE: DType = DType::$d; })* };
}
elements!(
    f64 => F64, f32 => F32, i64 => I64, i32 => I32, i16 => I16, i8 => I8,
    u8 => U8, u16 => U16, u32 => U32, u64 => U64, bool => Bool
);

/// Memory layout an array has or a parameter requires.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    C,
    F,
    A,
}

/// A mutable array argument borrowed from an ndarray view.
pub struct ArrayArg<'a> {
    ptr: *mut u8,
    pub dtype: DType,
    pub shape: Vec<i64>,
    /// In elements; may be negative.
    pub strides: Vec<i64>,
    /// Typed read-only (a read-only NumPy array): compiled code for it may not write into it
    /// (a typing error), and it is its own specialisation.
    pub readonly: bool,
    _borrow: PhantomData<&'a mut u8>,
}

// SAFETY: an `ArrayArg<'a>` is a mutable borrow of the array's elements for `'a` (it is built
// from an `ArrayViewMut<'a, T, _>` or from `&'a mut [u8]`, of `Copy` element types that are
// `Send + Sync`), so it crosses threads as that `&'a mut` borrow would; the raw pointer only
// expresses that the elements need not be contiguous.
unsafe impl Send for ArrayArg<'_> {}
// SAFETY: as above (`&ArrayArg` gives access to the elements by reads only).
unsafe impl Sync for ArrayArg<'_> {}

impl<'a> ArrayArg<'a> {
    pub fn new<T: Element, D: Dimension>(mut view: ArrayViewMut<'a, T, D>) -> Self {
        let shape = view.shape().iter().map(|d| *d as i64).collect();
        let strides = view.strides().iter().map(|s| *s as i64).collect();
        ArrayArg {
            ptr: view.as_mut_ptr() as *mut u8,
            dtype: T::DTYPE,
            shape,
            strides,
            readonly: false,
            _borrow: PhantomData,
        }
    }

    pub fn rank(&self) -> usize {
        self.shape.len()
    }

    /// The address of the first element (of index 0 along every axis).
    pub fn data_ptr(&self) -> *mut u8 {
        self.ptr
    }

    /// The view of the trailing axes at position `outer` of the leading `outer.len()` axes; a
    /// leading axis of size 1 is broadcast (any index reads its element 0).
    ///
    /// # Panics
    /// If `outer` has more entries than axes or an index is out of range.
    pub fn outer_view(&mut self, outer: &[i64]) -> ArrayArg<'_> {
        let k = outer.len();
        assert!(
            k <= self.rank(),
            "outer_view: {k} indices for rank {}",
            self.rank()
        );
        let mut offset = 0i64;
        for (d, i) in outer.iter().enumerate() {
            let i = if self.shape[d] == 1 { 0 } else { *i };
            assert!(
                (0..self.shape[d]).contains(&i),
                "outer_view: index {i} out of range"
            );
            offset += i * self.strides[d];
        }
        ArrayArg {
            // In bounds: every index is within its axis.
            ptr: self
                .ptr
                .wrapping_offset(offset as isize * self.dtype.size() as isize),
            dtype: self.dtype,
            shape: self.shape[k..].to_vec(),
            strides: self.strides[k..].to_vec(),
            readonly: self.readonly,
            _borrow: PhantomData,
        }
    }

    /// This view with a new leading axis of size 1 (a 0-d value seen as a 1-element array).
    pub fn with_unit_axis(mut self) -> Self {
        self.shape.insert(0, 1);
        self.strides.insert(0, 1);
        self
    }

    /// A contiguous array of `dtype` and `shape` over `bytes` (its elements in C order).
    ///
    /// # Panics
    /// If `bytes` does not hold exactly the elements of `shape`.
    pub fn from_bytes(bytes: &'a mut [u8], dtype: DType, shape: Vec<i64>) -> Self {
        let count: i64 = shape.iter().product();
        assert_eq!(
            bytes.len(),
            count.max(0) as usize * dtype.size(),
            "from_bytes: {} bytes for shape {shape:?} of {}",
            bytes.len(),
            dtype.name()
        );
        let mut strides = vec![1; shape.len()];
        for d in (0..shape.len().saturating_sub(1)).rev() {
            strides[d] = strides[d + 1] * shape[d + 1].max(1);
        }
        ArrayArg {
            ptr: bytes.as_mut_ptr(),
            dtype,
            shape,
            strides,
            readonly: false,
            _borrow: PhantomData,
        }
    }

    /// The same view, borrowed again.
    pub fn reborrow(&mut self) -> ArrayArg<'_> {
        ArrayArg {
            ptr: self.ptr,
            dtype: self.dtype,
            shape: self.shape.clone(),
            strides: self.strides.clone(),
            readonly: self.readonly,
            _borrow: PhantomData,
        }
    }

    /// This C-contiguous array seen as one axis of all its elements; `None` if it is not
    /// C-contiguous.
    pub fn flattened(&mut self) -> Option<ArrayArg<'_>> {
        (self.layout() == Layout::C).then(|| ArrayArg {
            ptr: self.ptr,
            dtype: self.dtype,
            shape: vec![self.shape.iter().product()],
            strides: vec![1],
            readonly: self.readonly,
            _borrow: PhantomData,
        })
    }

    /// The elements as C-ordered bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self.contiguous_bytes() {
            Some(bytes) => bytes.to_vec(),
            None => self.gather(&self.shape, &self.strides),
        }
    }

    /// The elements' memory, when the array is C-contiguous.
    pub fn contiguous_bytes(&self) -> Option<&[u8]> {
        let len = self.byte_len();
        // SAFETY: a C-contiguous view's `len` bytes from its first element are its elements,
        // borrowed as long as the view is.
        (self.layout() == Layout::C)
            .then(|| unsafe { std::slice::from_raw_parts(self.ptr as *const u8, len) })
    }

    /// The elements' memory, writable, when the array is C-contiguous.
    pub fn contiguous_bytes_mut(&mut self) -> Option<&mut [u8]> {
        let len = self.byte_len();
        // SAFETY: as `contiguous_bytes`, through the view's mutable borrow.
        (self.layout() == Layout::C)
            .then(|| unsafe { std::slice::from_raw_parts_mut(self.ptr, len) })
    }

    /// The size of the elements in bytes.
    fn byte_len(&self) -> usize {
        self.shape.iter().product::<i64>().max(0) as usize * self.dtype.size()
    }

    /// The elements of this array broadcast to `shape` (NumPy's rules: missing leading axes
    /// and axes of size 1 repeat) as C-ordered bytes; `None` if it does not broadcast to it.
    pub fn broadcast_bytes(&self, shape: &[i64]) -> Option<Vec<u8>> {
        let extra = shape.len().checked_sub(self.rank())?;
        let mut strides = vec![0; shape.len()];
        for (d, (n, s)) in self.shape.iter().zip(&self.strides).enumerate() {
            match *n {
                n if n == shape[extra + d] => strides[extra + d] = *s,
                1 => {}
                _ => return None,
            }
        }
        Some(self.gather(shape, &strides))
    }

    /// The elements at `strides` (in elements, from the first one) over `shape`, C-ordered.
    fn gather(&self, shape: &[i64], strides: &[i64]) -> Vec<u8> {
        let size = self.dtype.size();
        let mut out = Vec::with_capacity(shape.iter().product::<i64>().max(0) as usize * size);
        for_each_offset(shape, strides, |offset| {
            // SAFETY: the offset addresses an element of the borrowed view.
            let p = unsafe { self.ptr.offset(offset as isize * size as isize) };
            out.extend_from_slice(unsafe { std::slice::from_raw_parts(p, size) });
        });
        out
    }

    /// Write C-ordered bytes (as [`to_bytes`](Self::to_bytes) gives) into the elements.
    ///
    /// # Panics
    /// If `bytes` does not hold one element per element of the array.
    pub fn write_bytes(&mut self, bytes: &[u8]) {
        let size = self.dtype.size();
        assert_eq!(bytes.len(), self.byte_len(), "write_bytes");
        if let Some(elements) = self.contiguous_bytes_mut() {
            elements.copy_from_slice(bytes);
            return;
        }
        let mut chunks = bytes.chunks_exact(size);
        let base = self.ptr;
        for_each_offset(&self.shape, &self.strides, |offset| {
            let chunk = chunks.next().expect("one chunk per element");
            // SAFETY: the offset addresses an element of the mutably borrowed view.
            unsafe {
                let p = base.offset(offset as isize * size as isize);
                std::ptr::copy_nonoverlapping(chunk.as_ptr(), p, size);
            }
        });
    }

    /// C if row-major contiguous, else F if column-major contiguous, else A.
    pub fn layout(&self) -> Layout {
        layout_of(&self.shape, &self.strides)
    }

    /// An array argument over raw memory (a NumPy array's data, shape and strides).
    ///
    /// # Safety
    /// `ptr` must address the element of index 0 of an array of `dtype` with `shape` and
    /// `strides` (in elements, possibly negative) every index of which addresses an element,
    /// aligned for `dtype`, valid for reads and writes and not otherwise accessed for `'a`.
    pub unsafe fn from_raw_parts(
        ptr: *mut u8,
        dtype: DType,
        shape: Vec<i64>,
        strides: Vec<i64>,
    ) -> ArrayArg<'a> {
        ArrayArg {
            ptr,
            dtype,
            shape,
            strides,
            readonly: false,
            _borrow: PhantomData,
        }
    }
}

/// The layout of an array of `shape` and `strides` (in elements): C if row-major contiguous,
/// else F if column-major contiguous, else A (axes of size 1 have any stride).
pub fn layout_of(shape: &[i64], strides: &[i64]) -> Layout {
    fn contiguous(dims: impl Iterator<Item = (i64, i64)>) -> bool {
        let mut expected = 1;
        for (n, s) in dims {
            if n != 1 && s != expected {
                return false;
            }
            expected *= n;
        }
        true
    }
    let pairs = || shape.iter().copied().zip(strides.iter().copied());
    if contiguous(pairs().rev()) {
        Layout::C
    } else if contiguous(pairs()) {
        Layout::F
    } else {
        Layout::A
    }
}

/// Call `f` with the element offset (from the first element, in elements) of each element
/// of an array of `shape` and `strides`, in C order.
fn for_each_offset(shape: &[i64], strides: &[i64], mut f: impl FnMut(i64)) {
    if shape.contains(&0) {
        return;
    }
    let mut index = vec![0i64; shape.len()];
    loop {
        f(index.iter().zip(strides).map(|(i, s)| i * s).sum());
        let mut d = shape.len();
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            index[d] += 1;
            if index[d] < shape[d] {
                break;
            }
            index[d] = 0;
        }
    }
}

/// An argument of a call.
pub enum Arg<'a> {
    Int(i64),
    Float(f64),
    Bool(bool),
    Array(ArrayArg<'a>),
    /// A Python tuple (passed to compiled code as its elements, in order).
    Tuple(Vec<Arg<'a>>),
    /// A NumPy scalar (`np.float32(1.5)`, `np.int32(3)`, `np.uint8(7)`): typed as its dtype,
    /// as Numba's `typeof` types it (a Python int or float is `Int` or `Float`: int64,
    /// float64).
    NumPyScalar(ScalarKind, Scalar),
    /// Python's `None` (Numba's `none` type): nothing is passed to compiled code, whose
    /// `is None` tests it decides while compiling.
    None,
}

/// An argument in its packed form, for [`Entry::call_raw`]: what a caller that knows the
/// argument types the entry was compiled for (a dispatcher matching a fingerprint) passes
/// without building [`Arg`]s.
#[derive(Copy, Clone, Debug)]
pub enum RawArg {
    /// A scalar's 64-bit slot (narrower types in the low bits, floats as their bits).
    Slot(u64),
    Array(RawArray),
}

/// An array's memory as NumPy describes it.
#[derive(Copy, Clone, Debug)]
pub struct RawArray {
    /// The element of index 0.
    pub data: *mut u8,
    pub rank: usize,
    /// `rank` sizes.
    pub shape: *const isize,
    /// `rank` strides in bytes, multiples of `itemsize`; no two indices on one element.
    pub byte_strides: *const isize,
    pub itemsize: usize,
}

// SAFETY: a `RawArray` lends an array's memory for one call, as an `ArrayArg` does (see there);
// the caller of `Entry::call_raw` guarantees the memory for the call, on whichever thread runs
// it.
unsafe impl Send for RawArray {}
// SAFETY: as above.
unsafe impl Sync for RawArray {}

/// What a compiled specialisation depends on in an argument: its kind, and for arrays the
/// dtype, rank and layout.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ArgKey {
    Int,
    Float,
    Bool,
    /// A NumPy scalar of this kind.
    Scalar(ScalarKind),
    Array {
        dtype: DType,
        rank: usize,
        layout: Layout,
        readonly: bool,
    },
    Tuple(Vec<ArgKey>),
    None,
}

impl Arg<'_> {
    pub fn key(&self) -> ArgKey {
        match self {
            Arg::Int(_) => ArgKey::Int,
            Arg::Float(_) => ArgKey::Float,
            Arg::Bool(_) => ArgKey::Bool,
            Arg::Array(a) => ArgKey::Array {
                dtype: a.dtype,
                rank: a.rank(),
                layout: a.layout(),
                readonly: a.readonly,
            },
            Arg::Tuple(items) => ArgKey::Tuple(items.iter().map(Arg::key).collect()),
            Arg::NumPyScalar(kind, _) => ArgKey::Scalar(*kind),
            Arg::None => ArgKey::None,
        }
    }

    /// A NumPy scalar's value as the Python scalar it converts like (an int, a float or a
    /// bool; a uint64 beyond int64's range stays as it is); other arguments as they are.
    pub fn as_python_scalar(&self) -> Option<Arg<'static>> {
        Some(match self {
            Arg::Int(i) => Arg::Int(*i),
            Arg::Float(f) => Arg::Float(*f),
            Arg::Bool(b) => Arg::Bool(*b),
            Arg::NumPyScalar(_, Scalar::Int(i)) => Arg::Int(*i),
            Arg::NumPyScalar(_, Scalar::UInt(u)) => match i64::try_from(*u) {
                Ok(i) => Arg::Int(i),
                Err(_) => Arg::NumPyScalar(ScalarKind::U64, Scalar::UInt(*u)),
            },
            Arg::NumPyScalar(_, Scalar::Float(f)) => Arg::Float(*f),
            Arg::NumPyScalar(_, Scalar::Bool(b)) => Arg::Bool(*b),
            Arg::Array(_) | Arg::Tuple(_) | Arg::None => return None,
        })
    }

    pub fn describe(&self) -> String {
        match self {
            Arg::Int(_) => "int64".into(),
            Arg::Float(_) => "float64".into(),
            Arg::Bool(_) => "bool".into(),
            Arg::None => "none".into(),
            Arg::NumPyScalar(kind, _) => kind.name().into(),
            Arg::Array(a) => format!(
                "{}array({}, {}d, {:?})",
                if a.readonly { "readonly " } else { "" },
                a.dtype.name(),
                a.rank(),
                a.layout()
            ),
            // Numba's names: UniTuple(int64 x 2), Tuple(int64, float64).
            Arg::Tuple(items) => {
                let names: Vec<String> = items.iter().map(Arg::describe).collect();
                match names.first() {
                    Some(first) if names.iter().all(|n| n == first) => {
                        format!("UniTuple({first} x {})", names.len())
                    }
                    _ => format!("Tuple({})", names.join(", ")),
                }
            }
        }
    }
}

/// Scalar types at the compiled function's boundary.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ScalarKind {
    I64,
    I32,
    I16,
    I8,
    U8,
    U16,
    U32,
    U64,
    F64,
    F32,
    Bool,
}

impl ScalarKind {
    /// Numba's name of the type.
    pub fn name(self) -> &'static str {
        match self {
            ScalarKind::I64 => "int64",
            ScalarKind::I32 => "int32",
            ScalarKind::I16 => "int16",
            ScalarKind::I8 => "int8",
            ScalarKind::U8 => "uint8",
            ScalarKind::U16 => "uint16",
            ScalarKind::U32 => "uint32",
            ScalarKind::U64 => "uint64",
            ScalarKind::F64 => "float64",
            ScalarKind::F32 => "float32",
            ScalarKind::Bool => "bool",
        }
    }
}

/// What one parameter of the compiled function expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamKind {
    Scalar(ScalarKind),
    Array {
        dtype: DType,
        rank: usize,
        layout: Layout,
    },
    /// A tuple: compiled code takes its elements as parameters, in order.
    Tuple(Vec<ParamKind>),
}

/// A scalar result.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Scalar {
    Int(i64),
    /// A uint64 result (it may not fit an i64).
    UInt(u64),
    Float(f64),
    Bool(bool),
}

/// What one result of the compiled function is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResultKind {
    Scalar(ScalarKind),
    /// An array: its descriptor, then its ownership flag.
    Array {
        dtype: DType,
        rank: usize,
    },
}

impl ResultKind {
    fn slots(&self) -> usize {
        match self {
            ResultKind::Scalar(_) => 1,
            ResultKind::Array { rank, .. } => 3 + 2 * rank,
        }
    }
}

/// One returned value.
#[derive(Clone, Debug, PartialEq)]
pub enum Returned {
    Scalar(Scalar),
    Array(OwnedArray),
    /// An array in memory the code did not allocate (a view of an argument), not copied: only
    /// from calls that ask for it ([`Entry::call_raw`], [`PreparedCall::invoke_lending`]).
    Lent(LentArray),
}

/// An exception as CPython's traceback ends: `ValueError: message`, or `ValueError` alone
/// when the message is empty (`raise ValueError`).
pub fn exception_text(kind: &str, message: &str) -> String {
    match message {
        "" => kind.to_string(),
        m => format!("{kind}: {m}"),
    }
}

/// Why a call failed.
#[derive(thiserror::Error, Debug, Clone, PartialEq)]
pub enum CallError {
    /// The arguments do not fit the compiled signature (Numba's TypingError).
    #[error("TypingError: {0}")]
    Typing(String),
    /// Compiled code raised a Python exception.
    #[error("{location}: {}", exception_text(.kind, .message))]
    Raised {
        kind: String,
        message: String,
        location: String,
    },
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// Where compiled code raised, as `(kind, message, location)`.
pub type RaiseSite = (String, String, String);

/// What a thread running calls keeps.
struct CallState {
    /// The first exception raised on this thread during the current call.
    raised: Cell<i64>,
    /// This thread is running a call (not an OpenMP worker of one).
    in_call: Cell<bool>,
}

thread_local! {
    static CALL_STATE: CallState = const {
        CallState {
            raised: Cell::new(-1),
            in_call: Cell::new(false),
        }
    };
}

thread_local! {
    /// The heap buffers of this thread's last call of counting code (see [`BufferBalance`]).
    static LAST_BUFFER_BALANCE: Cell<Option<BufferBalance>> = const { Cell::new(None) };
}

/// After a call of code compiled while [`crate::engine::count_heap_buffers`] was on: how many
/// heap buffers the call left allocated (allocations less frees, by the calling thread and its
/// OpenMP workers) and how many the results owned when the call returned. Every buffer left
/// must be a result's (else the code leaked it), and every owned result's buffer must be left
/// (else it was freed twice): the two are equal. Meaningful when no other thread calls the
/// same code meanwhile.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct BufferBalance {
    /// Buffers allocated and not freed during the call.
    pub left_allocated: i64,
    /// Array results that own their (non-null) buffer.
    pub owned_by_results: i64,
}

impl BufferBalance {
    /// No buffer leaked, none freed twice.
    pub fn is_balanced(&self) -> bool {
        self.left_allocated == self.owned_by_results
    }
}

/// The [`BufferBalance`] of this thread's last call of code that counts its heap buffers,
/// taken (the next answer is `None` until another such call).
pub fn take_buffer_balance() -> Option<BufferBalance> {
    LAST_BUFFER_BALANCE.with(Cell::take)
}

/// Where an [`Entry`]'s code counts its live heap buffers.
#[derive(Copy, Clone, Debug)]
enum BufferCounter {
    /// It does not count (compiled with counting off, or loaded from the on-disk cache).
    Off,
    /// It counts, and allocates nothing (its module has no heap functions).
    NoHeap,
    /// It counts in the `i64` at this address (the module's [`LIVE_BUFFERS_SYMBOL`]).
    At(usize),
}

impl BufferCounter {
    fn live(self) -> i64 {
        match self {
            BufferCounter::Off | BufferCounter::NoHeap => 0,
            // SAFETY: the address is the module's `i64` counter global, alive as long as the
            // code; compiled code updates it atomically.
            BufferCounter::At(address) => {
                unsafe { &*(address as *const AtomicI64) }.load(Ordering::SeqCst)
            }
        }
    }
}

/// The first exception raised by an OpenMP worker thread during the current parallel call.
static WORKER_RAISED: AtomicI64 = AtomicI64::new(-1);
/// Held for the whole of a call of code with parallel loops, so that [`WORKER_RAISED`] belongs
/// to one call at a time.
static PARALLEL_CALL: Mutex<()> = Mutex::new(());

/// Called by compiled code; keeps the first exception raised during a call (by the calling
/// thread, or by any worker thread of its parallel loops).
extern "C" fn blackbird_raise(site: i64) {
    let recorded = CALL_STATE.with(|state| {
        if state.in_call.get() && state.raised.get() < 0 {
            state.raised.set(site);
        }
        state.in_call.get()
    });
    if !recorded {
        let _ = WORKER_RAISED.compare_exchange(-1, site, Ordering::SeqCst, Ordering::SeqCst);
    }
}

/// Called by compiled code after a call that may raise (`loop.raised`): 1 when an exception
/// was raised during the current call on this thread (on an OpenMP worker thread: by any
/// thread of the parallel call), else 0.
extern "C" fn blackbird_raised() -> i64 {
    let raised = CALL_STATE.with(|state| match state.in_call.get() {
        true => state.raised.get() >= 0,
        false => WORKER_RAISED.load(Ordering::SeqCst) >= 0,
    });
    i64::from(raised)
}

/// Called by compiled code after a `try` body (`loop.catch`): the site of the exception raised
/// during the current call on this thread (on an OpenMP worker thread: by any thread of the
/// parallel call), or -1, clearing the record so that the handlers run as if nothing was
/// raised.
extern "C" fn blackbird_catch() -> i64 {
    CALL_STATE.with(|state| match state.in_call.get() {
        true => state.raised.replace(-1),
        false => WORKER_RAISED.swap(-1, Ordering::SeqCst),
    })
}

/// The machine code an [`Entry`] runs: JIT-compiled in this process, or a shared library
/// (from the on-disk cache).
pub enum Code {
    Jit(JitModule),
    Library(SharedLibrary),
}

impl Code {
    fn lookup(&self, name: &str) -> Result<*mut c_void, EngineError> {
        match self {
            Code::Jit(jit) => jit.lookup(name),
            Code::Library(library) => library.lookup(name),
        }
    }
}

/// A compiled entry function ready to call.
pub struct Entry {
    /// Owns the code `entry` points into.
    code: Code,
    entry: PackedFn,
    pub params: Vec<ParamKind>,
    pub results: Vec<ResultKind>,
    pub(crate) raise_sites: Vec<RaiseSite>,
    /// The code has parallel loops (its calls are serialised, see [`PARALLEL_CALL`]).
    pub(crate) parallel: bool,
    buffer_counter: BufferCounter,
    /// The address of the module's `blackbird_raised_any` flag (see [`RAISED_ANY_SYMBOL`]),
    /// where the code asks whether a call raised, and how many calls of the code are running.
    raised_any: Option<usize>,
    running: std::sync::atomic::AtomicUsize,
    /// How long JIT-compiling the code took (zero for code loaded from the on-disk cache).
    pub jit_times: JitTimes,
}

impl Entry {
    /// JIT-compile `mlir` (which defines `blackbird_entry`) for `target`; with `keep_object`,
    /// as position-independent code whose object file [`Entry::write_object`] can write.
    pub fn compile(
        mlir: &str,
        target: &CpuTarget,
        keep_object: bool,
        params: Vec<ParamKind>,
        results: Vec<ResultKind>,
        raise_sites: Vec<RaiseSite>,
    ) -> Result<Self, EngineError> {
        let start = std::time::Instant::now();
        let jit = if keep_object {
            JitModule::compile_keeping_object(mlir, target)?
        } else {
            JitModule::compile(mlir, target)?
        };
        let parallel = jit.has_parallel_loops();
        let lowering = jit.lowering_time;
        // Resolving the entry's symbols makes LLVM compile the module.
        let mut entry = Self::new(Code::Jit(jit), parallel, params, results, raise_sites)?;
        entry.jit_times = JitTimes {
            lowering,
            codegen: start.elapsed().saturating_sub(lowering),
        };
        Ok(entry)
    }

    /// The entry function of loaded `code`: its raise hook set, its packed wrapper resolved.
    pub fn new(
        code: Code,
        parallel: bool,
        params: Vec<ParamKind>,
        results: Vec<ResultKind>,
        raise_sites: Vec<RaiseSite>,
    ) -> Result<Self, EngineError> {
        if !raise_sites.is_empty() {
            let hook = code.lookup(RAISE_HOOK_SYMBOL)? as *mut extern "C" fn(i64);
            // SAFETY: the hook is the module's pointer-sized global holding the `void(i64)`
            // function its raises call; nothing runs the code before this store.
            unsafe { hook.write(blackbird_raise) };
        }
        if let Ok(hook) = code.lookup(RAISED_HOOK_SYMBOL) {
            let hook = hook as *mut extern "C" fn() -> i64;
            // SAFETY: as for the raise hook: the module's pointer-sized global holding the
            // `i64()` function its `loop.raised` calls, set before the code runs.
            unsafe { hook.write(blackbird_raised) };
        }
        if let Ok(hook) = code.lookup(CATCH_HOOK_SYMBOL) {
            let hook = hook as *mut extern "C" fn() -> i64;
            // SAFETY: as for the raise hook: the module's pointer-sized global holding the
            // `i64()` function its `loop.catch` calls, set before the code runs.
            unsafe { hook.write(blackbird_catch) };
        }
        if let Ok(hook) = code.lookup(crate::print::PRINT_HOOK_SYMBOL) {
            let hook = hook as *mut extern "C" fn(*const std::ffi::c_char, *const i64);
            // SAFETY: as for the raise hook: the module's pointer-sized global holding the
            // `void(ptr, ptr)` function its prints call, set before the code runs.
            unsafe { hook.write(crate::print::blackbird_print) };
        }
        crate::random::install_hooks(|symbol| code.lookup(symbol).ok());
        crate::lists::install_hooks(|symbol| code.lookup(symbol).ok().map(|a| a as *mut u8));
        crate::dicts::install_hooks(|symbol| code.lookup(symbol).ok().map(|a| a as *mut u8));
        if let Ok(hook) = code.lookup(crate::lapack::LINALG_HOOK_SYMBOL) {
            let hook =
                hook as *mut unsafe extern "C" fn(*const std::ffi::c_char, *const i64) -> i64;
            // SAFETY: as for the raise hook: the module's pointer-sized global holding the
            // `i64(ptr, ptr)` function its linear algebra calls, set before the code runs.
            unsafe { hook.write(crate::lapack::blackbird_linalg) };
        }
        let buffer_counter = match &code {
            Code::Jit(_) if counts_heap_buffers() => match code.lookup(LIVE_BUFFERS_SYMBOL) {
                Ok(address) => BufferCounter::At(address as usize),
                Err(_) => BufferCounter::NoHeap,
            },
            _ => BufferCounter::Off,
        };
        let ptr = code.lookup(&format!("_mlir__mlir_ciface_{ENTRY_SYMBOL}"))?;
        // SAFETY: MLIR generates `_mlir_<f>` wrappers with the C signature `void(void**)`.
        let entry = unsafe { PackedFn::from_raw(ptr) };
        let raised_any = code.lookup(RAISED_ANY_SYMBOL).ok().map(|a| a as usize);
        Ok(Entry {
            code,
            entry,
            params,
            results,
            raise_sites,
            parallel,
            buffer_counter,
            raised_any,
            running: std::sync::atomic::AtomicUsize::new(0),
            jit_times: JitTimes::default(),
        })
    }

    /// Write the JIT-compiled code as an object file (see [`Entry::compile`]).
    pub fn write_object(&self, path: &std::path::Path) -> Result<(), EngineError> {
        match &self.code {
            Code::Jit(jit) => jit.write_object(path),
            Code::Library(_) => Err(EngineError::ObjectFile(path.display().to_string())),
        }
    }

    /// Whether `args` fit the parameters (see [`check_args`]).
    pub fn check_args(&self, args: &[Arg]) -> Result<(), String> {
        check_args(&self.params, args)
    }

    /// Call with `args`, converting scalars as Numba does (ints and bools to floats, bools to
    /// ints) and checking arrays' dtype, rank and layout.
    pub fn call(&self, args: &mut [Arg]) -> Result<Vec<Returned>, CallError> {
        self.prepare(args)?.invoke()
    }

    /// The packed arguments of a call with `args`, checked, ready to invoke (repeatedly: a
    /// gufunc calls its kernel once per outer position, moving the arrays' data in between).
    pub fn prepare<'e, 'a>(
        &'e self,
        args: &'a mut [Arg],
    ) -> Result<PreparedCall<'e, 'a>, CallError> {
        self.check_args(args).map_err(CallError::Typing)?;
        Ok(self.block(|words, base, at| {
            for (arg, param) in args.iter().zip(&self.params) {
                pack(param, arg, words, base, at);
            }
        }))
    }

    /// Call with arguments already in their packed form (see [`RawArg`]): one per parameter,
    /// a slot for a scalar, the memory of an array; `take` is given the results, in order. An
    /// array result in memory the code did not allocate (a view of an argument) is given as
    /// [`Returned::Lent`], not copied: the caller holds the arguments, and makes it a view of
    /// one (or copies it while they live).
    ///
    /// # Safety
    /// Each slot must hold a value of its scalar parameter's type (as [`Arg`]s of the types the
    /// entry was compiled for would be packed); each array must be of its parameter's dtype
    /// and layout and valid as [`RawArray`] says, for the whole call.
    pub unsafe fn call_raw<R>(
        &self,
        raw: &[RawArg],
        take: impl FnOnce(&mut dyn Iterator<Item = Returned>) -> R,
    ) -> Result<R, CallError> {
        let fits = raw.len() == self.params.len()
            && raw.iter().zip(&self.params).all(|(r, p)| match (r, p) {
                (RawArg::Slot(_), ParamKind::Scalar(_)) => true,
                (RawArg::Array(a), ParamKind::Array { rank, .. }) => a.rank == *rank,
                _ => false,
            });
        if !fits {
            return Err(CallError::Typing(
                "the arguments do not fit the compiled signature".into(),
            ));
        }
        let layout = self.block_layout();
        // Small blocks on the stack, zeroed as far as used.
        let mut on_stack = std::mem::MaybeUninit::<[u64; 128]>::uninit();
        let mut on_heap = vec![];
        let words: &mut [u64] = if layout.len <= 128 {
            let p = on_stack.as_mut_ptr() as *mut u64;
            // SAFETY: the first `layout.len` words of the array are zeroed, then borrowed.
            unsafe {
                std::ptr::write_bytes(p, 0, layout.len);
                std::slice::from_raw_parts_mut(p, layout.len)
            }
        } else {
            on_heap.resize(layout.len, 0u64);
            &mut on_heap[..]
        };
        let pointers_at = self.fill_block(&layout, words, |words, base, at| {
            for r in raw {
                match r {
                    RawArg::Slot(v) => words[at.1] = *v,
                    RawArg::Array(a) => {
                        let d = at.0;
                        words[d] = a.data as u64;
                        words[d + 1] = a.data as u64;
                        words[d + 2] = 0;
                        for i in 0..a.rank {
                            // SAFETY: the caller guarantees `rank` sizes and strides.
                            let (n, s) = unsafe { (*a.shape.add(i), *a.byte_strides.add(i)) };
                            words[d + 3 + i] = n as u64;
                            words[d + 3 + a.rank + i] = (s / a.itemsize as isize) as u64;
                        }
                        words[at.1] = base.wrapping_add(d) as u64;
                        at.0 += 3 + 2 * a.rank;
                    }
                }
                at.1 += 1;
            }
        });
        // SAFETY: the block was just filled for this entry; the arrays are valid for the call
        // as the caller guarantees.
        unsafe { run_block(self, words, pointers_at, true, take) }
    }

    /// A call's block of words with the arguments written by `pack` (given the block, its
    /// address and where the next descriptor word and the next value go).
    fn block<'a>(
        &self,
        pack: impl FnOnce(&mut [u64], *mut u64, &mut (usize, usize)),
    ) -> PreparedCall<'_, 'a> {
        let layout = self.block_layout();
        let mut words = vec![0u64; layout.len];
        let pointers_at = self.fill_block(&layout, &mut words, pack);
        PreparedCall {
            entry: self,
            words,
            out_len: layout.out_len,
            values_at: layout.values_at,
            pointers_at,
            _args: PhantomData,
        }
    }

    /// Where things go in a call's block of 64-bit words: the results' slots, then the memref
    /// descriptors `{allocated, aligned, offset, sizes, strides}` of the arrays and of the
    /// results' buffer, then one value per packed argument (a scalar, or the address of its
    /// descriptor), then the packed arguments: the addresses of those values.
    fn block_layout(&self) -> BlockLayout {
        let out_len = self
            .results
            .iter()
            .map(ResultKind::slots)
            .sum::<usize>()
            .max(1);
        let mut counts = (0, 0);
        for p in &self.params {
            count_words(p, &mut counts);
        }
        let (descriptor_words, value_count) = counts;
        let values_at = out_len + descriptor_words + 5;
        BlockLayout {
            out_len,
            values_at,
            len: values_at + 2 * (value_count + 1),
        }
    }

    /// Write a call's block (of `layout.len` zeroed words, which stay where they are for the
    /// call): the arguments by `pack` (given the block, its address and where the next
    /// descriptor word and the next value go), the results' buffer, the packed arguments'
    /// addresses; returns where those addresses start.
    fn fill_block(
        &self,
        layout: &BlockLayout,
        words: &mut [u64],
        pack: impl FnOnce(&mut [u64], *mut u64, &mut (usize, usize)),
    ) -> usize {
        let base = words.as_mut_ptr();
        let mut at = (layout.out_len, layout.values_at);
        pack(words, base, &mut at);
        let (out_descriptor, last_value) = at;
        // The results' buffer: a 1-d memref over the first `out_len` words.
        words[out_descriptor..out_descriptor + 5].copy_from_slice(&[
            base as u64,
            base as u64,
            0,
            layout.out_len as u64,
            1,
        ]);
        words[last_value] = base.wrapping_add(out_descriptor) as u64;
        let pointers_at = last_value + 1;
        for i in layout.values_at..pointers_at {
            words[pointers_at + i - layout.values_at] = base.wrapping_add(i) as u64;
        }
        pointers_at
    }

    /// Where argument `arg`'s first value and (for an array) descriptor are in a prepared
    /// call's block, relative to the values' and descriptors' starts.
    fn position_of(&self, arg: usize) -> (usize, usize) {
        let mut counts = (0, 0);
        for p in &self.params[..arg] {
            count_words(p, &mut counts);
        }
        (counts.1, counts.0)
    }
}

/// Add the descriptor words and packed values of a parameter to `(descriptor words, values)`.
fn count_words(param: &ParamKind, counts: &mut (usize, usize)) {
    match param {
        ParamKind::Scalar(_) => counts.1 += 1,
        ParamKind::Array { rank, .. } => {
            counts.0 += 3 + 2 * rank;
            counts.1 += 1;
        }
        ParamKind::Tuple(items) => items.iter().for_each(|i| count_words(i, counts)),
    }
}

/// Write checked argument `arg` into a call's block `words` (at address `base`) at `at` (the
/// next descriptor word, the next value), advancing it: a scalar as its value; an array as
/// its descriptor, its value being the descriptor's address; a tuple as its elements in order.
fn pack(param: &ParamKind, arg: &Arg, words: &mut [u64], base: *mut u64, at: &mut (usize, usize)) {
    match (param, arg) {
        (ParamKind::Scalar(k), a) => {
            words[at.1] = scalar_slot(*k, a).expect("checked");
            at.1 += 1;
        }
        (ParamKind::Array { .. }, Arg::Array(a)) => {
            let d = at.0;
            words[d] = a.ptr as u64;
            words[d + 1] = a.ptr as u64;
            words[d + 2] = 0;
            let rank = a.rank();
            for (i, (n, s)) in a.shape.iter().zip(&a.strides).enumerate() {
                words[d + 3 + i] = *n as u64;
                words[d + 3 + rank + i] = *s as u64;
            }
            words[at.1] = base.wrapping_add(d) as u64;
            at.0 += 3 + 2 * rank;
            at.1 += 1;
        }
        (ParamKind::Tuple(params), Arg::Tuple(items)) => {
            for (p, a) in params.iter().zip(items) {
                pack(p, a, words, base, at);
            }
        }
        // `None` passes nothing.
        (ParamKind::Tuple(_), Arg::None) => {}
        _ => unreachable!("checked"),
    }
}

/// A call of an [`Entry`] with its arguments packed (see [`Entry::prepare`]); it borrows the
/// arrays mutably for as long as it lives.
pub struct PreparedCall<'e, 'a> {
    entry: &'e Entry,
    /// The results' slots, the descriptors, the packed arguments' values, then their
    /// addresses (see `prepare`); never reallocated.
    words: Vec<u64>,
    out_len: usize,
    /// Where the values start in `words`.
    values_at: usize,
    /// Where the values' addresses start in `words`: the packed arguments.
    pointers_at: usize,
    _args: PhantomData<&'a mut ()>,
}

impl PreparedCall<'_, '_> {
    /// Make array argument `arg` start at `data` for the following calls.
    ///
    /// # Safety
    /// `data` must address an array with argument `arg`'s dtype, shape and strides, valid for
    /// reads and writes, and not otherwise borrowed, during those calls.
    ///
    /// # Panics
    /// If argument `arg` is not an array.
    pub unsafe fn set_array_data(&mut self, arg: usize, data: *mut u8) {
        assert!(
            matches!(self.entry.params[arg], ParamKind::Array { .. }),
            "set_array_data: argument {arg} is not an array"
        );
        let d = self.out_len + self.entry.position_of(arg).1;
        // Written through the block's address, which the compiled code reads through.
        let base = self.words.as_mut_ptr();
        // SAFETY: the descriptor's first two words are inside the block.
        unsafe {
            *base.add(d) = data as u64;
            *base.add(d + 1) = data as u64;
        }
    }

    /// Make scalar argument `arg` hold `value` for the following calls (a gufunc passes the
    /// elements of an array to a scalar parameter, one per outer position); the error says
    /// that `value` does not fit the parameter's type.
    ///
    /// # Panics
    /// If argument `arg` is not a scalar.
    pub fn set_scalar(&mut self, arg: usize, value: &Arg) -> Result<(), String> {
        let ParamKind::Scalar(k) = self.entry.params[arg] else {
            panic!("set_scalar: argument {arg} is not a scalar")
        };
        let bits = scalar_slot(k, value)
            .ok_or_else(|| format!("cannot pass {} as {}", value.describe(), k.name()))?;
        let slot = self.values_at + self.entry.position_of(arg).0;
        // SAFETY: the slot is inside the block (written through its address, as above).
        unsafe { *self.words.as_mut_ptr().add(slot) = bits };
        Ok(())
    }

    /// Run the compiled code; its results, or the exception it raised.
    pub fn invoke(&mut self) -> Result<Vec<Returned>, CallError> {
        // SAFETY: the block was filled by `Entry::prepare` for this entry, and the arrays are
        // borrowed for `'a` (or as `set_array_data`'s caller guarantees).
        unsafe {
            run_block(self.entry, &mut self.words, self.pointers_at, false, |r| {
                r.collect()
            })
        }
    }

    /// As [`PreparedCall::invoke`], except that an array result in memory the code did not
    /// allocate (a view of an argument) is [`Returned::Lent`], not copied: the caller keeps the
    /// arguments' memory alive as long as it uses it.
    pub fn invoke_lending(&mut self) -> Result<Vec<Returned>, CallError> {
        // SAFETY: as for `invoke`.
        unsafe {
            run_block(self.entry, &mut self.words, self.pointers_at, true, |r| {
                r.collect()
            })
        }
    }
}

/// How many of the array results in a call's block `words` own their (non-null) buffer.
fn owned_results(entry: &Entry, words: &[u64]) -> i64 {
    let mut at = 0;
    let mut owned = 0;
    for k in &entry.results {
        let w: &[i64] = bytemuck_words(&words[at..at + k.slots()]);
        if let ResultKind::Array { rank, .. } = k {
            owned += i64::from(w[2 + 2 * rank] & 1 == 1 && w[0] != 0);
        }
        at += k.slots();
    }
    owned
}

/// Where things go in a call's block of words (see [`Entry::block_layout`]).
struct BlockLayout {
    out_len: usize,
    values_at: usize,
    len: usize,
}

/// Run `entry`'s code with a call's block `words` (filled by [`Entry::fill_block`], the packed
/// arguments from `pointers_at`); `take` is given its results, in order (it takes them all, or
/// those left are dropped), or the exception it raised is returned. With `lend`, an array
/// result the code did not allocate is [`Returned::Lent`] (else a copy).
///
/// # Safety
/// The block must have been filled for `entry`, its descriptors describing memory valid for
/// reads and writes, and not otherwise accessed, during the call.
unsafe fn run_block<R>(
    entry: &Entry,
    words: &mut [u64],
    pointers_at: usize,
    lend: bool,
    take: impl FnOnce(&mut dyn Iterator<Item = Returned>) -> R,
) -> Result<R, CallError> {
    let _serial = entry
        .parallel
        .then(|| PARALLEL_CALL.lock().unwrap_or_else(|e| e.into_inner()));
    if entry.parallel {
        WORKER_RAISED.store(-1, Ordering::SeqCst);
    }
    let count = words.len() - pointers_at;
    // SAFETY: the block's last `count` words are the addresses of the packed values (64-bit
    // words are pointer-sized on the 64-bit targets the JIT supports), in the block, which
    // the caller keeps for the call.
    let pointers = unsafe {
        std::slice::from_raw_parts_mut(
            words.as_mut_ptr().add(pointers_at) as *mut *mut c_void,
            count,
        )
    };
    let live_before = entry.buffer_counter.live();
    // A call that no other thread is running clears the module's "some call raised" flag: its
    // checks after calls then take the fast path again (another thread that starts and raises
    // meanwhile sets it again; a check that sees it set asks the runtime about its own call).
    let alone = entry.running.fetch_add(1, Ordering::SeqCst) == 0;
    if let (true, Some(address)) = (alone, entry.raised_any) {
        // SAFETY: the address is the module's `i64` flag global, alive as long as the code;
        // compiled code reads and writes it atomically.
        unsafe { &*(address as *const AtomicI64) }.store(0, Ordering::SeqCst);
    }
    let raised = CALL_STATE.with(|state| {
        state.raised.set(-1);
        state.in_call.set(true);
        // SAFETY: `pointers` holds one pointer per C-interface parameter of `blackbird_entry`,
        // in order, each to a live 64-bit slot holding a scalar of that parameter's type
        // (little endian: narrower scalars are read from the low bytes) or the address of a
        // live memref descriptor; the descriptors describe memory valid for the whole call (as
        // the caller guarantees).
        unsafe { entry.entry.call(pointers) };
        state.in_call.set(false);
        state.raised.replace(-1)
    });
    entry.running.fetch_sub(1, Ordering::SeqCst);
    let site = match raised {
        -1 if entry.parallel => WORKER_RAISED.swap(-1, Ordering::SeqCst),
        site => site,
    };
    if !matches!(entry.buffer_counter, BufferCounter::Off) {
        let balance = BufferBalance {
            left_allocated: entry.buffer_counter.live() - live_before,
            owned_by_results: owned_results(entry, words),
        };
        LAST_BUFFER_BALANCE.with(|b| b.set(Some(balance)));
    }
    let mut at = 0;
    let mut slots = entry.results.iter().map(|k| {
        let w: &[i64] = bytemuck_words(&words[at..at + k.slots()]);
        at += k.slots();
        (k, w)
    });
    if site >= 0 {
        for (k, w) in slots {
            if let ResultKind::Array { rank, .. } = k {
                // SAFETY: the slots are the descriptor and flag the wrapper stored; after a
                // raise only the ownership is read.
                unsafe { discard_array(*rank, w) };
            }
        }
        let (kind, message, location) = entry.raise_sites[site as usize].clone();
        return Err(CallError::Raised {
            kind,
            message,
            location,
        });
    }
    let mut values = slots.by_ref().map(|(k, w)| match k {
        ResultKind::Scalar(s) => Returned::Scalar(decode(*s, w[0])),
        // SAFETY: the slots are the descriptor and flag of an array the call returned.
        ResultKind::Array { dtype, rank } => match lend.then(|| lent_array(*dtype, *rank, w)) {
            Some(Some(lent)) => Returned::Lent(lent),
            _ => Returned::Array(unsafe { take_array(*dtype, *rank, w) }),
        },
    });
    let r = take(&mut values);
    // Results `take` left: their buffers freed.
    values.for_each(drop);
    Ok(r)
}

// A prepared call keeps pointers in its 64-bit words.
const _: () = assert!(std::mem::size_of::<*mut c_void>() == std::mem::size_of::<u64>());

/// The 64-bit words compiled code wrote, as the signed values they are read as.
fn bytemuck_words(words: &[u64]) -> &[i64] {
    // SAFETY: u64 and i64 have the same size and alignment, and every bit pattern is valid.
    unsafe { std::slice::from_raw_parts(words.as_ptr() as *const i64, words.len()) }
}

/// Whether `args` fit the parameters: scalars convertible as Numba converts them, arrays of
/// the parameter's dtype, rank and layout.
pub fn check_args(params: &[ParamKind], args: &[Arg]) -> Result<(), String> {
    if args.len() != params.len() {
        return Err(format!(
            "expected {} arguments, got {}",
            params.len(),
            args.len()
        ));
    }
    for (i, (arg, param)) in args.iter().zip(params).enumerate() {
        check_arg(param, arg).map_err(|why| format!("argument {i}: {why}"))?;
    }
    Ok(())
}

/// Whether one argument fits its parameter (see [`check_args`]).
fn check_arg(param: &ParamKind, arg: &Arg) -> Result<(), String> {
    match (param, arg) {
        (ParamKind::Scalar(k), a) => {
            if scalar_slot(*k, a).is_none() {
                return Err(format!("cannot convert {} to {k:?}", a.describe()));
            }
        }
        (
            ParamKind::Array {
                dtype,
                rank,
                layout,
            },
            Arg::Array(a),
        ) => {
            let ok_layout = *layout == Layout::A
                || a.layout() == *layout
                || a.shape.iter().product::<i64>() == 0;
            if a.dtype != *dtype || a.rank() != *rank || !ok_layout {
                return Err(format!(
                    "expected array({}, {rank}d, {layout:?}), got {}",
                    dtype.name(),
                    arg.describe()
                ));
            }
        }
        (ParamKind::Array { dtype, rank, .. }, a) => {
            return Err(format!(
                "expected array({}, {rank}d), got {}",
                dtype.name(),
                a.describe()
            ))
        }
        (ParamKind::Tuple(params), Arg::None) if params.is_empty() => {}
        (ParamKind::Tuple(params), Arg::Tuple(items)) if params.len() == items.len() => {
            for (k, (p, a)) in params.iter().zip(items).enumerate() {
                check_arg(p, a).map_err(|why| format!("item {k}: {why}"))?;
            }
        }
        (ParamKind::Tuple(params), a) => {
            return Err(format!(
                "expected a tuple of {} items, got {}",
                params.len(),
                a.describe()
            ))
        }
    }
    Ok(())
}

/// The 64-bit slot holding scalar argument `a` converted to `k` (low bits for narrower kinds), or
/// `None` when Numba would refuse the conversion.
pub(crate) fn scalar_slot(k: ScalarKind, a: &Arg) -> Option<u64> {
    let int = |v: i64, bits: u32| -> Option<u64> {
        let fits = bits == 64 || (v >= -(1i64 << (bits - 1)) && v < (1i64 << (bits - 1)));
        fits.then_some(v as u64)
    };
    if let Arg::NumPyScalar(_, v) = a {
        return match (k, v) {
            (ScalarKind::U64, Scalar::UInt(u)) => Some(*u),
            (_, Scalar::UInt(_)) => None,
            _ => scalar_slot(k, &a.as_python_scalar()?),
        };
    }
    match (k, a) {
        (ScalarKind::F64, Arg::Float(f)) => Some(f.to_bits()),
        (ScalarKind::F64, Arg::Int(i)) => Some((*i as f64).to_bits()),
        (ScalarKind::F64, Arg::Bool(b)) => Some((*b as i64 as f64).to_bits()),
        (ScalarKind::F32, Arg::Float(f)) => Some((*f as f32).to_bits() as u64),
        (ScalarKind::F32, Arg::Int(i)) => Some((*i as f32).to_bits() as u64),
        (ScalarKind::F32, Arg::Bool(b)) => Some((*b as i64 as f32).to_bits() as u64),
        (ScalarKind::Bool, Arg::Bool(b)) => Some(*b as u64),
        (ScalarKind::I64, Arg::Int(i)) => int(*i, 64),
        (ScalarKind::I32, Arg::Int(i)) => int(*i, 32),
        (ScalarKind::I16, Arg::Int(i)) => int(*i, 16),
        (ScalarKind::I8, Arg::Int(i)) => int(*i, 8),
        (ScalarKind::U8, Arg::Int(i)) => (0..1 << 8).contains(i).then_some(*i as u64),
        (ScalarKind::U16, Arg::Int(i)) => (0..1 << 16).contains(i).then_some(*i as u64),
        (ScalarKind::U32, Arg::Int(i)) => (0..1 << 32).contains(i).then_some(*i as u64),
        (ScalarKind::U64, Arg::Int(i)) => (*i >= 0).then_some(*i as u64),
        (
            ScalarKind::I64
            | ScalarKind::I32
            | ScalarKind::I16
            | ScalarKind::I8
            | ScalarKind::U8
            | ScalarKind::U16
            | ScalarKind::U32
            | ScalarKind::U64,
            Arg::Bool(b),
        ) => Some(*b as u64),
        _ => None,
    }
}

fn decode(k: ScalarKind, v: i64) -> Scalar {
    match k {
        ScalarKind::F64 => Scalar::Float(f64::from_bits(v as u64)),
        ScalarKind::F32 => Scalar::Float(f32::from_bits(v as u32) as f64),
        ScalarKind::Bool => Scalar::Bool(v & 1 == 1),
        ScalarKind::U8 => Scalar::Int(v & 0xFF),
        ScalarKind::U16 => Scalar::Int(v & 0xFFFF),
        ScalarKind::U32 => Scalar::Int(v & 0xFFFF_FFFF),
        ScalarKind::U64 => Scalar::UInt(v as u64),
        _ => Scalar::Int(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{s, Array2};

    #[test]
    fn strided_views_gather_and_scatter_in_c_order() {
        let mut m = Array2::<f32>::from_shape_fn((3, 4), |(i, j)| (10 * i + j) as f32);
        let mut view = m.slice_mut(s![..;2, ..;-3]);
        let mut arg = ArrayArg::new(view.view_mut());
        assert!(arg.contiguous_bytes().is_none());
        let bytes = arg.to_bytes();
        let values: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(values, vec![3.0, 0.0, 23.0, 20.0]);
        let doubled: Vec<u8> = values
            .iter()
            .flat_map(|v| (2.0 * v).to_le_bytes())
            .collect();
        arg.write_bytes(&doubled);
        assert_eq!(m[[0, 3]], 6.0);
        assert_eq!(m[[2, 0]], 40.0);
        assert_eq!(m[[1, 0]], 10.0, "rows outside the view are untouched");
    }

    #[test]
    fn contiguous_arrays_are_their_own_bytes() {
        let mut m = Array2::<i32>::from_shape_fn((2, 3), |(i, j)| (3 * i + j) as i32);
        let mut arg = ArrayArg::new(m.view_mut());
        let bytes = arg.contiguous_bytes().unwrap().to_vec();
        assert_eq!(bytes.len(), 24);
        assert_eq!(bytes, arg.to_bytes());
        let negated: Vec<u8> = bytes
            .chunks_exact(4)
            .flat_map(|c| (-i32::from_le_bytes(c.try_into().unwrap())).to_le_bytes())
            .collect();
        arg.write_bytes(&negated);
        assert_eq!(m[[1, 2]], -5);
    }

    #[test]
    fn arrays_broadcast_as_numpy_does() {
        let mut row = ndarray::Array1::<f64>::from_vec(vec![1.0, 2.0, 3.0]);
        let arg = ArrayArg::new(row.view_mut());
        let bytes = arg.broadcast_bytes(&[2, 3]).unwrap();
        let values: Vec<f64> = bytes
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(values, vec![1.0, 2.0, 3.0, 1.0, 2.0, 3.0]);
        assert!(arg.broadcast_bytes(&[2, 4]).is_none());
        assert!(arg.broadcast_bytes(&[]).is_none());
    }
}
