//! `blackbird._core`: the compiler as a Python extension. It compiles a function of a module's
//! source text (with the file name diagnostics name) and calls it with Python arguments:
//! NumPy arrays are passed without copying (their data pointer, shape and strides), scalars
//! and tuples as values. The decorators, type objects and the dispatcher's Python side are
//! plain Python (`blackbird/*.py`).
//!
//! A call's hot path ([`Compiled::call`]) converts the arguments and computes their
//! fingerprint in one pass ([`arguments`]), finds the specialisation for that fingerprint in
//! a small table read under a shared lock, and calls its machine code; only a new fingerprint
//! takes the compile lock (the module's, inside the compiler).

mod arguments;
mod results;

use std::mem::ManuallyDrop;
use std::sync::{Arc, Mutex, RwLock};

use blackbird::{Arg, CompiledFunction, Error, FunctionKind, Module, PyValue};
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use arguments::{convert, fingerprint_of, scan, Fingerprint, Scanned};
use results::{to_python, Owners, ReturnedBuffer};

create_exception!(
    blackbird,
    TypingError,
    PyTypeError,
    "A function or its arguments cannot be typed or compiled (Numba's TypingError)."
);

/// A compiled function's module and its compiler-side [`blackbird::Function`], which borrows
/// the module (both `Send + Sync`: compiling locks the module inside the compiler).
struct Holder {
    function: ManuallyDrop<blackbird::Function<'static>>,
    /// Leaked from a box in [`compile`], owned by this holder alone, freed after `function`.
    module: &'static Module,
}

impl Drop for Holder {
    fn drop(&mut self) {
        // SAFETY: the function borrows the module: it goes first; then the module, leaked from
        // a box by `compile` and referred to by nothing else, is freed once.
        unsafe {
            ManuallyDrop::drop(&mut self.function);
            drop(Box::from_raw(self.module as *const Module as *mut Module));
        }
    }
}

/// One function of a module, compiled per argument types on first call.
#[pyclass(frozen, module = "blackbird._core")]
struct Compiled {
    holder: Holder,
    /// The specialisations compiled from Python, by fingerprint, in order (never removed):
    /// every call reads it; a new fingerprint adds to it.
    specializations: RwLock<Vec<(Fingerprint, Arc<CompiledFunction>)>>,
    /// The argument types of each specialisation compiled, in Numba's words, in order.
    signatures: Mutex<Vec<Vec<String>>>,
    name: String,
    filename: String,
    source: String,
    /// `@guvectorize` and GPU ufuncs: calls go through the compiler's function.
    whole_calls: bool,
    /// Eager signatures: each call picks the first that accepts the argument values (an int
    /// may fit int32 or not), so specialisations are not looked up by types alone.
    eager: bool,
    /// Release the GIL around compiled code (`nogil=True`, as Numba does).
    release_gil: bool,
    /// Read-only arrays are passed as they are, typed read-only (`@njit` compiled per
    /// argument types: the typing refuses writes into them); else as copies (see `convert`).
    pass_readonly: bool,
}

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

/// The Python exception compiled code raised: the builtin exception class of that name (or
/// `numpy.linalg.LinAlgError`), with
/// its message, and the raising source location as a note.
fn raised(py: Python<'_>, kind: &str, message: &str, location: &str) -> PyErr {
    let make = || -> PyResult<PyErr> {
        // NumPy's exceptions by their name, the others from builtins.
        let module = match kind {
            "LinAlgError" => py.import("numpy.linalg")?,
            _ => py.import("builtins")?,
        };
        let class = module
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

/// Compile function `name` of a module's `source` (read from `filename`): checked now, its
/// eager signatures compiled now; other specialisations on their first call. With
/// `release_gil` (`nogil=True`), calls release the GIL while compiled code runs.
#[pyfunction]
#[pyo3(signature = (source, filename, name, release_gil=false))]
fn compile(
    py: Python<'_>,
    source: String,
    filename: String,
    name: String,
    release_gil: bool,
) -> PyResult<Compiled> {
    let (src, file, n) = (source.clone(), filename.clone(), name.clone());
    let holder = py
        .detach(move || -> Result<Holder, Error> {
            let module: &'static Module = Box::leak(Box::new(Module::from_source(&src, &file)?));
            match module.function(&n) {
                Ok(function) => Ok(Holder {
                    function: ManuallyDrop::new(function),
                    module,
                }),
                Err(e) => {
                    // SAFETY: leaked just above; nothing borrows it any more.
                    drop(unsafe { Box::from_raw(module as *const Module as *mut Module) });
                    Err(e)
                }
            }
        })
        .map_err(|e| compile_error(py, e, &source))?;
    let eager = holder.function.is_eager();
    let whole_calls = matches!(
        holder.function.kind(),
        FunctionKind::GpuUfunc | FunctionKind::Gufunc
    );
    let pass_readonly = !eager && holder.function.kind() == FunctionKind::Jit;
    Ok(Compiled {
        holder,
        specializations: RwLock::new(vec![]),
        signatures: Mutex::new(vec![]),
        name,
        filename,
        source,
        whole_calls,
        eager,
        release_gil,
        pass_readonly,
    })
}

#[pymethods]
impl Compiled {
    /// Call with positional arguments; compiles a specialisation for new argument types.
    #[pyo3(signature = (*args))]
    fn __call__(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        self.call(py, args)
    }

    /// The argument types of each specialisation compiled so far, in Numba's words.
    fn signatures(&self) -> Vec<Vec<String>> {
        self.signatures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The IR signature of the specialisation for these arguments (compiling it if needed),
    /// and the IR of each stage it went through, in order: `typed`, `tensor`, `tensor-opt`,
    /// `loop`, `mlir` (none when it was loaded from the on-disk cache).
    #[pyo3(signature = (*args))]
    fn stages(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Vec<(String, String)>> {
        let c = self.specialization_for(py, args)?;
        let mut stages = vec![("signature".to_string(), c.signature.clone())];
        stages.extend(
            c.stages
                .iter()
                .map(|(s, ir)| (s.name().to_string(), ir.to_string())),
        );
        Ok(stages)
    }

    /// How long compiling the specialisation for these arguments took (compiling it if
    /// needed), by stage in pipeline order, in seconds (none when it was loaded from the
    /// on-disk cache).
    #[pyo3(signature = (*args))]
    fn compile_times(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Vec<(String, f64)>> {
        let c = self.specialization_for(py, args)?;
        Ok(c.stages
            .times()
            .iter()
            .map(|(stage, took)| (stage.name().to_string(), took.as_secs_f64()))
            .collect())
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
    /// The specialisation for `args` (compiled, without the GIL, if it is new).
    fn specialization_for(
        &self,
        py: Python<'_>,
        args: &Bound<'_, PyTuple>,
    ) -> PyResult<Arc<CompiledFunction>> {
        let mut s = Scanned::default();
        let fingerprint = scan(args, &mut s, self.pass_readonly)?.then_some(s.fingerprint);
        let converted = convert(args, self.pass_readonly)?;
        py.detach(|| self.specialization(&converted.args, fingerprint))
            .map_err(|e| compile_error(py, e, &self.source))
    }

    /// A call: the arguments scanned (fingerprint and packed form) and the specialisation for
    /// the fingerprint run; new types, and arguments that cannot be scanned, are converted and
    /// go through the compiler (compiling on first use).
    fn call(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let mut s = Scanned::default();
        let scanned = !self.eager && !self.whole_calls && scan(args, &mut s, self.pass_readonly)?;
        if scanned {
            let table = self
                .specializations
                .read()
                .unwrap_or_else(|e| e.into_inner());
            if let Some((_, c)) = table.iter().find(|(k, _)| *k == s.fingerprint) {
                let raw = s.raw();
                // SAFETY: `c` was compiled for arguments of this fingerprint (checked against
                // the converted arguments when it was filed), so each slot holds its
                // parameter's type and each array its dtype, rank and layout; the arrays'
                // memory is kept alive by `args` for the call, and `scan` only passes arrays
                // whose indices address distinct, aligned elements.
                let result = if self.release_gil {
                    let c = c.clone();
                    drop(table);
                    py.detach(|| unsafe { c.call_raw(raw) })
                } else {
                    // With the GIL held (compiled code does not call back into Python), the
                    // table is read-locked for the call (a compiling thread waits for it).
                    let result = unsafe { c.call_raw(raw) };
                    drop(table);
                    result
                };
                return match result {
                    Ok(v) => to_python(py, v, &Owners { args, copies: &[] }),
                    Err(e) => Err(compile_error(py, e.into(), &self.source)),
                };
            }
        }
        let mut converted = convert(args, self.pass_readonly)?;
        let fingerprint = scanned.then_some(s.fingerprint);
        let run = |args: &mut [Arg<'static>]| -> Result<PyValue, Error> {
            if self.whole_calls {
                return self.holder.function.call(args);
            }
            Ok(self.specialization(args, fingerprint)?.call_lending(args)?)
        };
        // Compiling runs without the GIL (it may take long).
        let result = py.detach(|| run(&mut converted.args));
        converted.settle(py)?;
        result
            .map_err(|e| compile_error(py, e, &self.source))
            .and_then(|v| {
                let owners = Owners {
                    args,
                    copies: &converted.copies,
                };
                to_python(py, v, &owners)
            })
    }

    /// The specialisation for `args` (of scanned fingerprint `fingerprint`), compiled on first
    /// use (under the compiler's lock: two threads calling with the same new types compile
    /// once), and filed under the fingerprint if it is that of `args`' types.
    fn specialization(
        &self,
        args: &[Arg],
        fingerprint: Option<Fingerprint>,
    ) -> Result<Arc<CompiledFunction>, Error> {
        let c = self.holder.function.specialization(args)?;
        if self.eager {
            return Ok(c);
        }
        if let Some(f) = fingerprint.filter(|f| Some(*f) == fingerprint_of(args)) {
            let mut table = self
                .specializations
                .write()
                .unwrap_or_else(|e| e.into_inner());
            if !table.iter().any(|(k, _)| *k == f) {
                table.push((f, c.clone()));
            }
        }
        let signature: Vec<String> = args.iter().map(Arg::describe).collect();
        let mut signatures = self.signatures.lock().unwrap_or_else(|e| e.into_inner());
        if !signatures.contains(&signature) {
            signatures.push(signature);
        }
        Ok(c)
    }
}

/// The fast path of a dispatcher's call, in Rust: a Python dispatcher class derives from it
/// and hands it its compiled function (`_set_compiled`); positional calls with the function's
/// number of arguments go straight to it, anything else (keywords, defaults to fill, the first
/// call, typing errors to reword or to run in object mode) to the Python method `_slow_call`.
#[pyclass(subclass, frozen, module = "blackbird._core")]
struct DispatcherBase {
    compiled: RwLock<Option<(Py<Compiled>, usize)>>,
}

#[pymethods]
impl DispatcherBase {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, pyo3::types::PyDict>>) -> Self {
        DispatcherBase {
            compiled: RwLock::new(None),
        }
    }

    /// Calls with `nargs` positional arguments go to `compiled` (None: all go to `_slow_call`).
    fn _set_compiled(&self, compiled: Option<Py<Compiled>>, nargs: usize) {
        *self.compiled.write().unwrap_or_else(|e| e.into_inner()) = compiled.map(|c| (c, nargs));
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
                let guard = slf.get().compiled.read().unwrap_or_else(|e| e.into_inner());
                guard
                    .as_ref()
                    .filter(|(_, n)| *n == args.len())
                    .map(|(c, _)| c.clone_ref(py))
            };
            if let Some(c) = fast {
                return match c.get().call(py, args) {
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
                    // Argument types the function does not compile for: `@jit` without
                    // `nopython=True` runs them in object mode (the Python side decides).
                    Err(e)
                        if e.is_instance_of::<TypingError>(py)
                            && slf
                                .getattr("_fallback")
                                .is_ok_and(|f| f.is_truthy().unwrap_or(false)) =>
                    {
                        Ok(slf.call_method("_slow_call", args, kwargs)?.unbind())
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
    py.detach(move || blackbird::dump(&s, &f, &name, &stage, signature.as_deref()))
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
    m.add_class::<ReturnedBuffer>()?;
    m.add_function(wrap_pyfunction!(compile, m)?)?;
    m.add_function(wrap_pyfunction!(dump, m)?)?;
    m.add_function(wrap_pyfunction!(stages, m)?)?;
    Ok(())
}
