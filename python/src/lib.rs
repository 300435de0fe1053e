//! `blackbird._core`: the compiler as a Python extension. It compiles a function of a module's
//! source text (with the file name diagnostics name) and calls it with Python arguments:
//! NumPy arrays are passed without copying (their data pointer, shape and strides), scalars
//! and tuples as values. The decorators, type objects and the dispatcher's Python side are
//! plain Python (`blackbird/*.py`).

use std::collections::HashMap;
use std::mem::ManuallyDrop;
use std::sync::Mutex;

use blackbird::runtime::{ArgKey, DType};
use blackbird::{Arg, ArrayArg, CompiledFunction, Error, FunctionKind, Module, PyValue};
use ndarray::{ArrayViewMut, IxDyn, ShapeBuilder};
use numpy::npyffi::{NPY_ARRAY_ALIGNED, NPY_ARRAY_WRITEABLE};
use numpy::{
    Element, PyArray1, PyArrayDescr, PyArrayDescrMethods, PyArrayMethods, PyUntypedArray,
    PyUntypedArrayMethods,
};
use pyo3::create_exception;
use pyo3::exceptions::{PyOverflowError, PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PyTuple};

create_exception!(
    blackbird,
    TypingError,
    PyTypeError,
    "A function or its arguments cannot be typed or compiled (Numba's TypingError)."
);

/// A value that crosses into a thread without the GIL. Only used for the arguments of one
/// call, which borrow Python objects kept alive (and arrays' memory) by the calling frame.
struct AssertSend<T>(T);
// SAFETY: see the uses: the wrapped values are only touched by the thread that runs the
// closure while the owner waits for it.
unsafe impl<T> Send for AssertSend<T> {}

/// A compiled function's module and its compiler-side [`blackbird::Function`] (which borrows
/// the module). All access goes through the [`Compiled`] mutex.
struct Holder {
    function: ManuallyDrop<blackbird::Function<'static>>,
    module: *mut Module,
    /// The argument types of each specialisation compiled, in Numba's words, in order.
    signatures: Vec<Vec<String>>,
    /// Specialisations by argument types: owned by `function`'s cache, never removed.
    specializations: HashMap<Vec<ArgKey>, *const CompiledFunction>,
}

impl Drop for Holder {
    fn drop(&mut self) {
        // SAFETY: the function borrows the module: it goes first, then the module it borrowed
        // (leaked from a box in `compile`, owned by this holder alone).
        unsafe {
            ManuallyDrop::drop(&mut self.function);
            drop(Box::from_raw(self.module));
        }
    }
}

// SAFETY: a holder is only used under its `Compiled`'s mutex (one thread at a time); the
// `Rc`s inside the compiler's function are never cloned or dropped outside it. The compiled
// specialisations it owns are immutable once compiled, and calling them from several threads
// at once is what the runtime supports (exceptions are recorded per thread; code with
// parallel loops serialises its calls itself).
unsafe impl Send for Holder {}

/// One function of a module, compiled per argument types on first call.
#[pyclass(frozen, module = "blackbird._core")]
struct Compiled {
    holder: Mutex<Holder>,
    name: String,
    filename: String,
    source: String,
    /// `@guvectorize` and GPU ufuncs: calls go through the compiler's function, under the lock.
    whole_calls: bool,
    /// Eager signatures: each call picks the first that accepts the argument values (an int
    /// may fit int32 or not), so specialisations are not looked up by types alone.
    eager: bool,
}

// SAFETY: see `Holder`: everything inside is reached through the mutex, and the pointers to
// specialisations are to immutable values that live as long as the holder.
unsafe impl Sync for Holder {}

fn compile_error(py: Python<'_>, e: Error, source: &str) -> PyErr {
    match e {
        Error::Raised {
            kind,
            message,
            location,
        } => raised(py, &kind, &message, &location),
        Error::Typing(m) => TypingError::new_err(m),
        Error::Diagnostic(_) | Error::Verify(_) | Error::Pass(_) | Error::NotAvailable(_) => {
            TypingError::new_err(e.render(Some(source)).trim_end().to_string())
        }
        other => PyRuntimeError::new_err(other.render(Some(source)).trim_end().to_string()),
    }
}

/// The Python exception compiled code raised: the builtin exception class of that name, with
/// its message, and the raising source location as a note.
fn raised(py: Python<'_>, kind: &str, message: &str, location: &str) -> PyErr {
    let make = || -> PyResult<PyErr> {
        let builtins = py.import("builtins")?;
        let class = builtins
            .getattr(kind)
            .ok()
            .filter(|c| {
                c.is_instance_of::<pyo3::types::PyType>()
                    && c.cast::<pyo3::types::PyType>()
                        .map(|t| t.is_subclass_of::<pyo3::exceptions::PyBaseException>())
                        .unwrap_or(Ok(false))
                        .unwrap_or(false)
            })
            .unwrap_or(py.get_type::<PyRuntimeError>().into_any());
        let exc = if message.is_empty() {
            class.call0()?
        } else {
            class.call1((message,))?
        };
        if exc.hasattr("add_note")? {
            exc.call_method1(
                "add_note",
                (format!("raised by compiled code at {location}"),),
            )?;
        }
        Ok(PyErr::from_value(exc))
    };
    make().unwrap_or_else(|e| e)
}

/// The element type of a NumPy dtype Blackbird supports (by kind and size, in native byte
/// order).
fn dtype_of(d: &Bound<'_, PyArrayDescr>) -> Option<DType> {
    if d.has_fields() || d.has_subarray() || d.is_native_byteorder() == Some(false) {
        return None;
    }
    Some(match (d.kind(), d.itemsize()) {
        (b'f', 8) => DType::F64,
        (b'f', 4) => DType::F32,
        (b'i', 8) => DType::I64,
        (b'i', 4) => DType::I32,
        (b'i', 2) => DType::I16,
        (b'i', 1) => DType::I8,
        (b'u', 8) => DType::U64,
        (b'u', 4) => DType::U32,
        (b'u', 2) => DType::U16,
        (b'u', 1) => DType::U8,
        (b'b', 1) => DType::Bool,
        _ => return None,
    })
}

/// An array argument: a view of the NumPy array's memory (no copy).
///
/// # Safety
/// `ptr` must address an element of `dtype` at index 0 of an array of `shape` and `strides`
/// (in elements) that stays alive, and is not otherwise accessed, during the call.
unsafe fn array_view<'a>(
    dtype: DType,
    ptr: *mut u8,
    shape: &[usize],
    strides: &[isize],
) -> ArrayArg<'a> {
    fn view<'a, T: blackbird::runtime::Element>(
        ptr: *mut u8,
        shape: &[usize],
        strides: &[isize],
    ) -> ArrayArg<'a> {
        // ndarray takes non-negative strides: start from the lowest address along axes of
        // negative stride, then invert those axes (back to the element at index 0).
        let mut base = ptr as *mut T;
        for (n, s) in shape.iter().zip(strides) {
            if *s < 0 && *n > 0 {
                base = base.wrapping_offset((*n as isize - 1) * *s);
            }
        }
        let positive: Vec<usize> = strides.iter().map(|s| s.unsigned_abs()).collect();
        // SAFETY: as the caller of `array_view` guarantees (`base` is the array's element of
        // lowest address, every index of the positive-strided view is an element).
        let mut v = unsafe {
            ArrayViewMut::<T, IxDyn>::from_shape_ptr(IxDyn(shape).strides(IxDyn(&positive)), base)
        };
        for (d, s) in strides.iter().enumerate() {
            if *s < 0 {
                v.invert_axis(ndarray::Axis(d));
            }
        }
        ArrayArg::new(v)
    }
    match dtype {
        DType::F64 => view::<f64>(ptr, shape, strides),
        DType::F32 => view::<f32>(ptr, shape, strides),
        DType::I64 => view::<i64>(ptr, shape, strides),
        DType::I32 => view::<i32>(ptr, shape, strides),
        DType::I16 => view::<i16>(ptr, shape, strides),
        DType::I8 => view::<i8>(ptr, shape, strides),
        DType::U64 => view::<u64>(ptr, shape, strides),
        DType::U32 => view::<u32>(ptr, shape, strides),
        DType::U16 => view::<u16>(ptr, shape, strides),
        DType::U8 => view::<u8>(ptr, shape, strides),
        DType::Bool => view::<bool>(ptr, shape, strides),
    }
}

/// Whether two indices of an array of `shape` and `strides` may address the same element
/// (a view must not: compiled code writes through it).
fn self_overlapping(shape: &[usize], strides: &[isize]) -> bool {
    let mut axes: Vec<(usize, usize)> = shape
        .iter()
        .zip(strides)
        .filter(|(n, _)| **n > 1)
        .map(|(n, s)| (*n, s.unsigned_abs()))
        .collect();
    axes.sort_by_key(|(_, s)| *s);
    let mut reach = 0usize;
    for (n, s) in axes {
        if s <= reach {
            return true;
        }
        reach += (n - 1) * s;
    }
    false
}

/// Python type names of values Blackbird cannot take, for the error.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Convert one Python argument. Arrays that cannot be passed as they are (read-only or
/// misaligned) are copied; the copies are kept in `keep` for the call.
fn to_arg<'py>(
    obj: &Bound<'py, PyAny>,
    keep: &mut Vec<Bound<'py, PyAny>>,
    position: usize,
) -> PyResult<Arg<'static>> {
    let py = obj.py();
    if obj.is_instance_of::<PyBool>() {
        return Ok(Arg::Bool(obj.extract()?));
    }
    if obj.is_instance_of::<PyInt>() {
        return obj.extract::<i64>().map(Arg::Int).map_err(|_| {
            PyOverflowError::new_err(format!(
                "argument {position}: int {obj} does not fit in int64"
            ))
        });
    }
    if obj.is_instance_of::<PyFloat>() {
        return Ok(Arg::Float(obj.extract()?));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let items = t
            .iter()
            .map(|item| to_arg(&item, keep, position))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(Arg::Tuple(items));
    }
    if let Ok(a) = obj.cast::<PyUntypedArray>() {
        let descr = a.dtype();
        let Some(dtype) = dtype_of(&descr) else {
            return Err(TypingError::new_err(format!(
                "argument {position}: arrays of dtype {} are not supported (supported: float64, float32, int64, int32, int16, int8, uint64, uint32, uint16, uint8, bool)",
                descr.str()?
            )));
        };
        // SAFETY: a live NumPy array's object struct.
        let flags = unsafe { (*a.as_array_ptr()).flags };
        let size = dtype.size() as isize;
        let strides_ok = a.strides().iter().all(|s| s % size == 0);
        let empty = a.shape().contains(&0);
        if flags & NPY_ARRAY_WRITEABLE == 0
            || flags & NPY_ARRAY_ALIGNED == 0
            || !strides_ok
            || (!empty && self_overlapping(a.shape(), a.strides()))
        {
            // Compiled code may write to its arrays: a read-only, misaligned or
            // self-overlapping (e.g. zero-stride) array is passed as a writable, aligned copy
            // (writes are not seen by the caller).
            let copy = py.import("numpy")?.call_method1("array", (obj.clone(),))?;
            let arg = to_arg(&copy, keep, position)?;
            keep.push(copy);
            return Ok(arg);
        }
        let strides: Vec<isize> = if empty {
            // No element is read: C strides (NumPy may give an empty array any strides).
            let mut c = vec![1isize; a.ndim()];
            for d in (0..a.ndim().saturating_sub(1)).rev() {
                c[d] = c[d + 1] * a.shape()[d + 1].max(1) as isize;
            }
            c
        } else {
            a.strides().iter().map(|s| s / size).collect()
        };
        // SAFETY: `data` is the array's element at index 0; `obj` outlives the call (the
        // caller holds it), and the call is the only user of the memory meanwhile (as for
        // any NumPy C extension, another thread writing the same array concurrently is a
        // race the program owns).
        let data = unsafe { (*a.as_array_ptr()).data } as *mut u8;
        return Ok(Arg::Array(unsafe {
            array_view(dtype, data, a.shape(), &strides)
        }));
    }
    // NumPy scalars (np.float32(1), np.int8(3), np.bool_(True)).
    if let Ok(descr) = obj.getattr("dtype") {
        if let Ok(descr) = descr.cast::<PyArrayDescr>() {
            match descr.kind() {
                b'b' => return Ok(Arg::Bool(obj.call_method0("__bool__")?.extract()?)),
                b'i' | b'u' => {
                    return obj
                        .call_method0("__int__")?
                        .extract::<i64>()
                        .map(Arg::Int)
                        .map_err(|_| {
                            PyOverflowError::new_err(format!(
                                "argument {position}: {obj} does not fit in int64"
                            ))
                        })
                }
                b'f' if descr.itemsize() >= 4 => {
                    return Ok(Arg::Float(obj.call_method0("__float__")?.extract()?))
                }
                _ => {}
            }
        }
    }
    let what = if obj.is_instance_of::<PyList>() {
        "list (reflected lists are not supported: pass a NumPy array)".to_string()
    } else {
        type_name(obj)
    };
    Err(TypingError::new_err(format!(
        "argument {position}: cannot compile for a value of type {what}"
    )))
}

/// A Python object for a value compiled code returned (arrays are copied into new NumPy
/// arrays).
fn to_python(py: Python<'_>, v: PyValue) -> PyResult<Py<PyAny>> {
    Ok(match v {
        PyValue::None => py.None(),
        PyValue::Int(i) => i.into_pyobject(py)?.into_any().unbind(),
        PyValue::UInt(i) => i.into_pyobject(py)?.into_any().unbind(),
        PyValue::Float(f) => f.into_pyobject(py)?.into_any().unbind(),
        PyValue::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        PyValue::Complex(re, im) => pyo3::types::PyComplex::from_doubles(py, re, im)
            .into_any()
            .unbind(),
        PyValue::Tuple(items) => {
            let items = items
                .into_iter()
                .map(|i| to_python(py, i))
                .collect::<PyResult<Vec<_>>>()?;
            PyTuple::new(py, items)?.into_any().unbind()
        }
        PyValue::Array(a) => returned_array(py, a)?,
    })
}

/// Keeps a buffer that compiled code allocated alive for as long as the NumPy array over it.
#[pyclass(frozen, module = "blackbird._core")]
struct ReturnedBuffer(#[allow(dead_code)] Box<dyn std::any::Any + Send + Sync>);

/// A NumPy array of a returned array, without copying: a vector becomes the array's memory;
/// a buffer compiled code allocated is lent, owned by a `ReturnedBuffer` the array holds.
fn returned_array(py: Python<'_>, a: blackbird::runtime::OwnedArray) -> PyResult<Py<PyAny>> {
    use blackbird::runtime::{ArrayData as D, Elements};
    fn give<T: Element + Send + Sync + 'static>(
        py: Python<'_>,
        mut e: Elements<T>,
        shape: &[usize],
    ) -> PyResult<Py<PyAny>> {
        if let Elements::Vec(v) = &mut e {
            let v = std::mem::take(v);
            return Ok(PyArray1::from_vec(py, v)
                .reshape(shape)?
                .into_any()
                .unbind());
        }
        let (ptr, len) = (e.as_ptr(), e.len());
        debug_assert_eq!(len, shape.iter().product::<usize>());
        // Moving `e` moves its handle, not the buffer: `ptr` stays valid while `owner` lives.
        let owner = Bound::new(py, ReturnedBuffer(Box::new(e)))?;
        // SAFETY: `ptr` starts `len` elements in C order for `shape`, owned by `owner`, which
        // the new array keeps alive (its base object).
        let view = unsafe { ndarray::ArrayView::from_shape_ptr(IxDyn(shape), ptr) };
        let array = unsafe { numpy::PyArray::borrow_from_array(&view, owner.into_any()) };
        Ok(array.into_any().unbind())
    }
    let s = &a.shape;
    match a.data {
        D::F64(d) => give(py, d, s),
        D::F32(d) => give(py, d, s),
        D::I64(d) => give(py, d, s),
        D::I32(d) => give(py, d, s),
        D::I16(d) => give(py, d, s),
        D::I8(d) => give(py, d, s),
        D::U64(d) => give(py, d, s),
        D::U32(d) => give(py, d, s),
        D::U16(d) => give(py, d, s),
        D::U8(d) => give(py, d, s),
        D::Bool(d) => give(py, d, s),
    }
}

/// Compile function `name` of a module's `source` (read from `filename`): checked now, its
/// eager signatures compiled now; other specialisations on their first call.
#[pyfunction]
fn compile(py: Python<'_>, source: String, filename: String, name: String) -> PyResult<Compiled> {
    let (src, file, n) = (source.clone(), filename.clone(), name.clone());
    // The compiler's errors hold `Rc`s: they cross `detach` (which runs the closure on this
    // same thread) wrapped.
    let made =
        py.detach(move || -> AssertSend<Result<Holder, Error>> { AssertSend(build(src, file, n)) });
    fn build(src: String, file: String, n: String) -> Result<Holder, Error> {
        let module: *mut Module = Box::into_raw(Box::new(Module::from_source(&src, &file)?));
        // SAFETY: the module is owned by the holder and dropped after the function.
        let module_ref: &'static Module = unsafe { &*module };
        match module_ref.function(&n) {
            Ok(function) => Ok(Holder {
                function: ManuallyDrop::new(function),
                module,
                signatures: vec![],
                specializations: HashMap::new(),
            }),
            Err(e) => {
                // SAFETY: nothing borrows the module any more.
                drop(unsafe { Box::from_raw(module) });
                Err(e)
            }
        }
    }
    let holder = made.0.map_err(|e| compile_error(py, e, &source))?;
    let eager = holder.function.is_eager();
    let whole_calls = matches!(
        holder.function.kind(),
        FunctionKind::GpuUfunc | FunctionKind::Gufunc
    );
    Ok(Compiled {
        holder: Mutex::new(holder),
        name,
        filename,
        source,
        whole_calls,
        eager,
    })
}

#[pymethods]
impl Compiled {
    /// Call with positional arguments; compiles a specialisation for new argument types.
    #[pyo3(signature = (*args))]
    fn __call__(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let mut keep = vec![];
        let mut converted = Vec::with_capacity(args.len());
        for (i, a) in args.iter().enumerate() {
            converted.push(to_arg(&a, &mut keep, i)?);
        }
        let mut call_args = AssertSend(converted);
        let result = py.detach(|| -> AssertSend<Result<PyValue, Error>> {
            let call_args = &mut call_args;
            AssertSend(self.run(&mut call_args.0))
        });
        drop(keep);
        match result.0 {
            Ok(v) => to_python(py, v),
            Err(e) => Err(compile_error(py, e, &self.source)),
        }
    }

    /// The argument types of each specialisation compiled so far, in Numba's words.
    fn signatures(&self) -> Vec<Vec<String>> {
        self.lock().signatures.clone()
    }

    /// The IR signature of the specialisation for these arguments (compiling it if needed),
    /// and the IR of each stage it went through, in order: `typed`, `tensor`, `tensor-opt`,
    /// `loop`, `mlir` (none when it was loaded from the on-disk cache).
    #[pyo3(signature = (*args))]
    fn stages(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Vec<(String, String)>> {
        let mut keep = vec![];
        let mut converted = Vec::with_capacity(args.len());
        for (i, a) in args.iter().enumerate() {
            converted.push(to_arg(&a, &mut keep, i)?);
        }
        let c = self
            .specialization(&converted)
            .map_err(|e| compile_error(py, e, &self.source))?;
        // SAFETY: specialisations live as long as the holder (see `Holder`).
        let c = unsafe { &*c };
        let mut stages = vec![("signature".to_string(), c.signature.clone())];
        stages.extend(
            c.stages
                .iter()
                .map(|(s, ir)| (s.name().to_string(), ir.to_string())),
        );
        Ok(stages)
    }

    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    #[getter]
    fn filename(&self) -> &str {
        &self.filename
    }
}

impl Compiled {
    fn lock(&self) -> std::sync::MutexGuard<'_, Holder> {
        self.holder.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The specialisation for `args`, compiled (under the lock) on first use.
    fn specialization(&self, args: &[Arg]) -> Result<*const CompiledFunction, Error> {
        let key: Vec<ArgKey> = args.iter().map(Arg::key).collect();
        let mut h = self.lock();
        if let Some(c) = h.specializations.get(&key) {
            return Ok(*c);
        }
        let c = h.function.specialization(args)?;
        if self.eager {
            return Ok(std::rc::Rc::as_ptr(&c));
        }
        let ptr = std::rc::Rc::as_ptr(&c);
        drop(c);
        h.signatures.push(args.iter().map(Arg::describe).collect());
        h.specializations.insert(key, ptr);
        Ok(ptr)
    }

    /// Run the function with `args` (without the GIL).
    fn run(&self, args: &mut [Arg]) -> Result<PyValue, Error> {
        if self.whole_calls {
            let h = self.lock();
            return h.function.call(args);
        }
        let c = self.specialization(args)?;
        // SAFETY: specialisations live as long as the holder, which `self` keeps alive.
        let c = unsafe { &*c };
        Ok(c.call(args)?)
    }
}

/// The fast path of a dispatcher's call, in Rust: a Python dispatcher class derives from it
/// and hands it its compiled function (`_set_compiled`); positional calls with the function's
/// number of arguments go straight to it, anything else (keywords, defaults to fill, the first
/// call, typing errors to reword) to the Python method `_slow_call`.
#[pyclass(subclass, frozen, module = "blackbird._core")]
struct DispatcherBase {
    compiled: Mutex<Option<(Py<Compiled>, usize)>>,
}

#[pymethods]
impl DispatcherBase {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, pyo3::types::PyDict>>) -> Self {
        DispatcherBase {
            compiled: Mutex::new(None),
        }
    }

    /// Calls with `nargs` positional arguments go to `compiled` (None: all go to `_slow_call`).
    fn _set_compiled(&self, compiled: Option<Py<Compiled>>, nargs: usize) {
        *self.compiled.lock().unwrap_or_else(|e| e.into_inner()) = compiled.map(|c| (c, nargs));
    }

    #[pyo3(signature = (*args, **kwargs))]
    fn __call__(
        slf: &Bound<'_, Self>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, pyo3::types::PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let no_keywords = kwargs.is_none_or(|k| k.is_empty());
        if no_keywords {
            let fast = {
                let guard = slf.get().compiled.lock().unwrap_or_else(|e| e.into_inner());
                guard
                    .as_ref()
                    .filter(|(_, n)| *n == args.len())
                    .map(|(c, _)| c.clone_ref(py))
            };
            if let Some(c) = fast {
                return match c.get().__call__(py, args) {
                    // Arguments that fit no eager signature: the Python side words the error.
                    Err(e)
                        if e.is_instance_of::<TypingError>(py)
                            && e.value(py)
                                .to_string()
                                .starts_with("no matching definition") =>
                    {
                        let message = e.value(py).to_string();
                        Err(PyErr::from_value(
                            slf.call_method1("_no_match", (args, message))?,
                        ))
                    }
                    result => result,
                };
            }
        }
        Ok(slf.call_method("_slow_call", args, kwargs)?.unbind())
    }
}

/// The IR of `name` at `stage` (`py`, `typed`, `tensor`, `tensor-opt`, `loop`, `mlir`,
/// `llvm`, `asm`) for `signature` (Numba's notation).
#[pyfunction]
#[pyo3(signature = (source, filename, name, stage, signature=None))]
fn dump(
    py: Python<'_>,
    source: String,
    filename: String,
    name: String,
    stage: String,
    signature: Option<String>,
) -> PyResult<String> {
    let (s, f) = (source.clone(), filename.clone());
    py.detach(move || AssertSend(blackbird::dump(&s, &f, &name, &stage, signature.as_deref())))
        .0
        .map_err(|e| compile_error(py, e, &source))
}

/// The compilation stages `dump` knows, in pipeline order.
#[pyfunction]
fn stages() -> Vec<&'static str> {
    blackbird::STAGES.to_vec()
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("TypingError", m.py().get_type::<TypingError>())?;
    m.add_class::<Compiled>()?;
    m.add_class::<DispatcherBase>()?;
    m.add_function(wrap_pyfunction!(compile, m)?)?;
    m.add_function(wrap_pyfunction!(dump, m)?)?;
    m.add_function(wrap_pyfunction!(stages, m)?)?;
    Ok(())
}
