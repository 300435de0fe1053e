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

use blackbird_passes::conversion::loop_to_mlir::{ENTRY_SYMBOL, RAISE_HOOK_SYMBOL};

use crate::engine::{
    counts_heap_buffers, CpuTarget, EngineError, JitModule, PackedFn, LIVE_BUFFERS_SYMBOL,
};
use crate::native::SharedLibrary;
use crate::returned::{discard_array, take_array, OwnedArray};

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
    _borrow: PhantomData<&'a mut u8>,
}

impl<'a> ArrayArg<'a> {
    pub fn new<T: Element, D: Dimension>(mut view: ArrayViewMut<'a, T, D>) -> Self {
        let shape = view.shape().iter().map(|d| *d as i64).collect();
        let strides = view.strides().iter().map(|s| *s as i64).collect();
        ArrayArg {
            ptr: view.as_mut_ptr() as *mut u8,
            dtype: T::DTYPE,
            shape,
            strides,
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
        let contiguous = |dims: &mut dyn Iterator<Item = (i64, i64)>| {
            let mut expected = 1;
            for (n, s) in dims {
                if n != 1 && s != expected {
                    return false;
                }
                expected *= n;
            }
            true
        };
        let pairs: Vec<(i64, i64)> = self
            .shape
            .iter()
            .copied()
            .zip(self.strides.iter().copied())
            .collect();
        if contiguous(&mut pairs.iter().rev().copied()) {
            Layout::C
        } else if contiguous(&mut pairs.iter().copied()) {
            Layout::F
        } else {
            Layout::A
        }
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
}

/// What a compiled specialisation depends on in an argument: its kind, and for arrays the
/// dtype, rank and layout.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ArgKey {
    Int,
    Float,
    Bool,
    Array {
        dtype: DType,
        rank: usize,
        layout: Layout,
    },
    Tuple(Vec<ArgKey>),
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
            },
            Arg::Tuple(items) => ArgKey::Tuple(items.iter().map(Arg::key).collect()),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Arg::Int(_) => "int64".into(),
            Arg::Float(_) => "float64".into(),
            Arg::Bool(_) => "bool".into(),
            Arg::Array(a) => format!("array({}, {}d, {:?})", a.dtype.name(), a.rank(), a.layout()),
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
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
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
}

/// Why a call failed.
#[derive(thiserror::Error, Debug, Clone, PartialEq)]
pub enum CallError {
    /// The arguments do not fit the compiled signature (Numba's TypingError).
    #[error("TypingError: {0}")]
    Typing(String),
    /// Compiled code raised a Python exception.
    #[error("{location}: {kind}: {message}")]
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

thread_local! {
    /// The first exception raised on this thread during the current call.
    static RAISED: Cell<i64> = const { Cell::new(-1) };
    /// This thread is running a call (not an OpenMP worker of one).
    static IN_CALL: Cell<bool> = const { Cell::new(false) };
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
    if IN_CALL.with(Cell::get) {
        RAISED.with(|r| {
            if r.get() < 0 {
                r.set(site);
            }
        });
    } else {
        let _ = WORKER_RAISED.compare_exchange(-1, site, Ordering::SeqCst, Ordering::SeqCst);
    }
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
        let jit = if keep_object {
            JitModule::compile_keeping_object(mlir, target)?
        } else {
            JitModule::compile(mlir, target)?
        };
        let parallel = jit.has_parallel_loops();
        Self::new(Code::Jit(jit), parallel, params, results, raise_sites)
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
        if let Ok(hook) = code.lookup(crate::print::PRINT_HOOK_SYMBOL) {
            let hook = hook as *mut extern "C" fn(*const std::ffi::c_char, *const i64);
            // SAFETY: as for the raise hook: the module's pointer-sized global holding the
            // `void(ptr, ptr)` function its prints call, set before the code runs.
            unsafe { hook.write(crate::print::blackbird_print) };
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
        Ok(Entry {
            code,
            entry,
            params,
            results,
            raise_sites,
            parallel,
            buffer_counter,
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
        let out = vec![
            0i64;
            self.results
                .iter()
                .map(ResultKind::slots)
                .sum::<usize>()
                .max(1)
        ];
        // Memref descriptors `{allocated, aligned, offset, sizes, strides}` (one per array,
        // then the results' buffer), each in its own heap block so that its address is stable;
        // every packed argument is then a pointer to a 64-bit slot holding a scalar or a
        // descriptor's address.
        let mut descriptors: Vec<Vec<u64>> = vec![];
        let mut values: Vec<u64> = vec![];
        let mut descriptor_of = vec![None; args.len()];
        let mut slot_of = vec![];
        for (i, (arg, param)) in args.iter().zip(&self.params).enumerate() {
            if matches!(arg, Arg::Array(_)) {
                descriptor_of[i] = Some(descriptors.len());
            }
            slot_of.push(values.len());
            pack(param, arg, &mut values, &mut descriptors);
        }
        let mut call = PreparedCall {
            entry: self,
            out,
            descriptors,
            descriptor_of,
            slot_of,
            values,
            pointers: vec![],
            _args: PhantomData,
        };
        let out_ptr = call.out.as_mut_ptr() as u64;
        let out_len = call.out.len() as u64;
        call.descriptors.push(vec![out_ptr, out_ptr, 0, out_len, 1]);
        call.values
            .push(call.descriptors.last().expect("pushed").as_ptr() as u64);
        call.pointers = call
            .values
            .iter_mut()
            .map(|s| s as *mut u64 as *mut c_void)
            .collect();
        Ok(call)
    }
}

/// Append the 64-bit slots of checked argument `arg` (a tuple's elements in order; an array's
/// descriptor kept in `descriptors`, its address in the slot).
fn pack(param: &ParamKind, arg: &Arg, values: &mut Vec<u64>, descriptors: &mut Vec<Vec<u64>>) {
    match (param, arg) {
        (ParamKind::Scalar(k), a) => values.push(scalar_slot(*k, a).expect("checked")),
        (ParamKind::Array { .. }, Arg::Array(a)) => {
            let mut d = vec![a.ptr as u64, a.ptr as u64, 0];
            d.extend(a.shape.iter().map(|x| *x as u64));
            d.extend(a.strides.iter().map(|x| *x as u64));
            values.push(d.as_ptr() as u64);
            descriptors.push(d);
        }
        (ParamKind::Tuple(params), Arg::Tuple(items)) => {
            for (p, a) in params.iter().zip(items) {
                pack(p, a, values, descriptors);
            }
        }
        _ => unreachable!("checked"),
    }
}

/// A call of an [`Entry`] with its arguments packed (see [`Entry::prepare`]); it borrows the
/// arrays mutably for as long as it lives.
pub struct PreparedCall<'e, 'a> {
    entry: &'e Entry,
    /// The results' 64-bit slots.
    out: Vec<i64>,
    descriptors: Vec<Vec<u64>>,
    /// Per argument, its descriptor (arrays).
    descriptor_of: Vec<Option<usize>>,
    /// Per argument, its first packed argument.
    slot_of: Vec<usize>,
    /// Per packed argument, a scalar or a descriptor's address.
    values: Vec<u64>,
    /// Per packed argument, the address of its value.
    pointers: Vec<*mut c_void>,
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
        let d = self.descriptor_of[arg].expect("an array argument");
        self.descriptors[d][0] = data as u64;
        self.descriptors[d][1] = data as u64;
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
        // SAFETY: the pointer addresses the argument's slot in `values`, which lives (and is
        // not reallocated) as long as `self`.
        unsafe { *(self.pointers[self.slot_of[arg]] as *mut u64) = bits };
        Ok(())
    }

    /// Run the compiled code; its results, or the exception it raised.
    pub fn invoke(&mut self) -> Result<Vec<Returned>, CallError> {
        let entry = self.entry;
        let _serial = entry
            .parallel
            .then(|| PARALLEL_CALL.lock().unwrap_or_else(|e| e.into_inner()));
        if entry.parallel {
            WORKER_RAISED.store(-1, Ordering::SeqCst);
        }
        RAISED.with(|r| r.set(-1));
        IN_CALL.with(|c| c.set(true));
        let live_before = entry.buffer_counter.live();
        // SAFETY: `pointers` holds one pointer per C-interface parameter of `blackbird_entry`, in
        // order, each to a live 64-bit slot holding a scalar of that parameter's type (little
        // endian: narrower scalars are read from the low bytes) or the address of a live memref
        // descriptor; the descriptors describe memory borrowed mutably for the whole call (by
        // `'a`, or as `set_array_data`'s caller guarantees).
        unsafe { entry.entry.call(&mut self.pointers) };
        IN_CALL.with(|c| c.set(false));
        let site = match RAISED.with(|r| r.replace(-1)) {
            -1 if entry.parallel => WORKER_RAISED.swap(-1, Ordering::SeqCst),
            site => site,
        };
        if !matches!(entry.buffer_counter, BufferCounter::Off) {
            let balance = BufferBalance {
                left_allocated: entry.buffer_counter.live() - live_before,
                owned_by_results: self.owned_results(),
            };
            LAST_BUFFER_BALANCE.with(|b| b.set(Some(balance)));
        }
        let mut words = self.out.iter().copied();
        let mut returned = vec![];
        for k in &entry.results {
            let w: Vec<i64> = words.by_ref().take(k.slots()).collect();
            returned.push(match k {
                ResultKind::Scalar(s) => Returned::Scalar(decode(*s, w[0])),
                // SAFETY: the slots are the descriptor and flag the wrapper stored; after a
                // raise only the ownership is read.
                ResultKind::Array { rank, .. } if site >= 0 => {
                    unsafe { discard_array(*rank, &w) };
                    continue;
                }
                ResultKind::Array { dtype, rank } => {
                    Returned::Array(unsafe { take_array(*dtype, *rank, &w) })
                }
            });
        }
        if site >= 0 {
            let (kind, message, location) = entry.raise_sites[site as usize].clone();
            return Err(CallError::Raised {
                kind,
                message,
                location,
            });
        }
        Ok(returned)
    }
}

impl PreparedCall<'_, '_> {
    /// How many array results own their (non-null) buffer, as the call left them.
    fn owned_results(&self) -> i64 {
        let mut words = &self.out[..];
        let mut owned = 0;
        for k in &self.entry.results {
            let (w, rest) = words.split_at(k.slots());
            if let ResultKind::Array { rank, .. } = k {
                owned += i64::from(w[2 + 2 * rank] & 1 == 1 && w[0] != 0);
            }
            words = rest;
        }
        owned
    }
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
