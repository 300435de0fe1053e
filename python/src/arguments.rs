//! The Python arguments of a call. The hot path [`scan`]s them: their [`Fingerprint`] (what a
//! specialisation depends on, compared on every call to find the machine code to run) and
//! their packed form ([`RawArg`]: a scalar's slot, an array's memory as the NumPy array struct
//! describes it), in one pass without allocating. Calls that cannot be scanned (tuples,
//! arrays passed as copies, the first call of new types) are [`convert`]ed into the runtime's
//! [`Arg`]s (arrays as views of their memory: no copy).

use std::sync::OnceLock;

use blackbird::runtime::{DType, Layout, RawArg, RawArray, Scalar, ScalarKind};
use blackbird::{Arg, ArrayArg};
use numpy::npyffi::{
    self, NPY_ARRAY_ALIGNED, NPY_ARRAY_C_CONTIGUOUS, NPY_ARRAY_F_CONTIGUOUS, NPY_ARRAY_WRITEABLE,
};
use numpy::{PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyList, PyTuple, PyType};

use crate::TypingError;

/// Calls with more arguments than this (or with tuples) have no fingerprint: they find their
/// specialisation through the compiler's cache, under its lock.
pub const MAX_FINGERPRINTED: usize = 8;

/// The argument types of a call, one code per argument: the kind of a scalar (a Python int,
/// float or bool, or a NumPy scalar's dtype); the dtype, rank, layout and writeability of an
/// array. Two calls with the same fingerprint run the same specialisation.
#[derive(Copy, Clone, PartialEq, Eq, Debug, Default)]
pub struct Fingerprint {
    codes: [u32; MAX_FINGERPRINTED],
    len: u8,
}

const INT: u32 = 1;
const FLOAT: u32 = 2;
const BOOL: u32 = 3;
/// A NumPy scalar: this plus its kind's index.
const NUMPY_SCALAR: u32 = 0x10;
/// An array: this | writeable << 20 | layout << 16 | dtype << 8 | rank.
const ARRAY: u32 = 0x8000_0000;

impl Fingerprint {
    fn push(&mut self, code: u32) -> bool {
        let Some(slot) = self.codes.get_mut(self.len as usize) else {
            return false;
        };
        *slot = code;
        self.len += 1;
        true
    }
}

/// The fingerprint of converted arguments (their types as the compiler keys them), to check a
/// scanned one against before a specialisation is filed under it.
pub fn fingerprint_of(args: &[Arg]) -> Option<Fingerprint> {
    let mut f = Fingerprint::default();
    for a in args {
        let code = match a {
            Arg::Int(_) => INT,
            Arg::Float(_) => FLOAT,
            Arg::Bool(_) => BOOL,
            Arg::NumPyScalar(kind, _) => NUMPY_SCALAR + *kind as u32,
            Arg::Array(a) => array_code(a.dtype, a.rank(), a.layout(), !a.readonly),
            // Not fingerprinted: `None` has no packed form (such calls take the slow path).
            Arg::Tuple(_) | Arg::None => return None,
        };
        if !f.push(code) {
            return None;
        }
    }
    Some(f)
}

fn array_code(dtype: DType, rank: usize, layout: Layout, writeable: bool) -> u32 {
    ARRAY
        | (writeable as u32) << 20
        | (layout as u32) << 16
        | (dtype as u32) << 8
        | rank.min(0xFF) as u32
}

/// NumPy's scalar types Blackbird takes, by type object address, and the kind each has
/// (`np.float64`, `np.int64` and `np.bool_` are typed as a Python float, int and bool are).
struct NumPyScalars(Vec<(usize, ScalarKind)>);

static NUMPY_SCALARS: OnceLock<NumPyScalars> = OnceLock::new();

fn numpy_scalars(py: Python<'_>) -> PyResult<&'static NumPyScalars> {
    if let Some(s) = NUMPY_SCALARS.get() {
        return Ok(s);
    }
    let np = py.import("numpy")?;
    let mut types = vec![];
    for (name, kind) in [
        ("float64", ScalarKind::F64),
        ("float32", ScalarKind::F32),
        ("int64", ScalarKind::I64),
        ("int32", ScalarKind::I32),
        ("int16", ScalarKind::I16),
        ("int8", ScalarKind::I8),
        ("uint64", ScalarKind::U64),
        ("uint32", ScalarKind::U32),
        ("uint16", ScalarKind::U16),
        ("uint8", ScalarKind::U8),
        ("bool_", ScalarKind::Bool),
    ] {
        let t = np.getattr(name)?;
        let t = t.cast::<PyType>()?;
        // The type objects live as long as NumPy, which is never unloaded.
        types.push((t.as_ptr() as usize, kind));
    }
    Ok(NUMPY_SCALARS.get_or_init(|| NumPyScalars(types)))
}

/// The arguments of one call, converted, and the copies made (kept alive for the call).
pub struct Converted<'py> {
    pub args: Vec<Arg<'static>>,
    /// Arrays passed as copies: the caller's array and the copy compiled code saw.
    pub copies: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
}

impl Converted<'_> {
    /// After the call: what compiled code wrote into a copy goes back into the caller's array
    /// (a misaligned one), and a write into a read-only array is NumPy's ValueError, never a
    /// write silently lost.
    pub fn settle(&self, py: Python<'_>) -> PyResult<()> {
        if self.copies.is_empty() {
            return Ok(());
        }
        let numpy = py.import("numpy")?;
        for (original, copy) in &self.copies {
            let writeable: bool = original.getattr("flags")?.getattr("writeable")?.extract()?;
            if writeable {
                numpy.call_method1("copyto", (original, copy))?;
                continue;
            }
            let kwargs = pyo3::types::PyDict::new(py);
            kwargs.set_item("equal_nan", true)?;
            let unchanged: bool = numpy
                .call_method("array_equal", (original, copy), Some(&kwargs))?
                .extract()?;
            if !unchanged {
                return Err(pyo3::exceptions::PyValueError::new_err(
                    "assignment destination is read-only",
                ));
            }
        }
        Ok(())
    }
}

/// Convert a call's Python arguments.
///
/// The array views borrow the arrays' memory, which the caller's `args` tuple keeps alive;
/// they must not outlive it (they are `'static` only to cross into a thread without the GIL).
///
/// With `pass_readonly` (an `@njit` function compiled per argument types, whose typing refuses
/// every write into a read-only array), read-only arrays are passed as they are, typed
/// read-only; otherwise (eager signatures, ufuncs: their types do not say read-only) as
/// copies, settled after the call.
pub fn convert<'py>(args: &Bound<'py, PyTuple>, pass_readonly: bool) -> PyResult<Converted<'py>> {
    let mut out = Converted {
        args: Vec::with_capacity(args.len()),
        copies: vec![],
    };
    for (position, obj) in args.iter().enumerate() {
        out.args
            .push(convert_one(&obj, &mut out.copies, position, pass_readonly)?);
    }
    Ok(out)
}

/// One argument and its fingerprint code (`None`: not fingerprinted).
fn convert_one<'py>(
    obj: &Bound<'py, PyAny>,
    copies: &mut Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    position: usize,
    pass_readonly: bool,
) -> PyResult<Arg<'static>> {
    if let Ok(a) = obj.cast::<PyUntypedArray>() {
        return array(a, copies, position, pass_readonly);
    }
    if obj.is_none() {
        return Ok(Arg::None);
    }
    if obj.is_instance_of::<PyBool>() {
        return Ok(Arg::Bool(obj.extract()?));
    }
    if let Some(kind) = numpy_scalar_kind(obj)? {
        return numpy_scalar(obj, kind, position);
    }
    if obj.is_instance_of::<PyFloat>() {
        return Ok(Arg::Float(obj.extract()?));
    }
    if obj.is_instance_of::<PyInt>() {
        return int(obj, position);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let items = t
            .iter()
            .map(|item| convert_one(&item, copies, position, pass_readonly))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(Arg::Tuple(items));
    }
    let what = if obj.is_instance_of::<PyList>() {
        "list (reflected lists are not supported: pass a NumPy array)".to_string()
    } else if obj.is_instance_of::<pyo3::types::PyString>() {
        "str (strings are compile-time constants in compiled code: write the string as a \
         literal or a default value inside the compiled functions)"
            .to_string()
    } else {
        let name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        if name == "Generator" {
            "Generator (a NumPy Generator lives inside compiled code only: make one there \
             with np.random.default_rng(seed))"
                .to_string()
        } else {
            name
        }
    };
    Err(TypingError::new_err(format!(
        "argument {position}: cannot compile for a value of type {what}"
    )))
}

/// A call's arguments scanned: their fingerprint and packed form.
pub struct Scanned {
    pub fingerprint: Fingerprint,
    raw: [RawArg; MAX_FINGERPRINTED],
}

impl Default for Scanned {
    fn default() -> Self {
        Scanned {
            fingerprint: Fingerprint::default(),
            raw: [RawArg::Slot(0); MAX_FINGERPRINTED],
        }
    }
}

impl Scanned {
    /// The arguments in their packed form, valid while the call's argument tuple lives.
    pub fn raw(&self) -> &[RawArg] {
        &self.raw[..self.fingerprint.len as usize]
    }
}

/// Scan a call's arguments (see the module's doc). `None` when one of them is not a plain
/// value: an exact int (fitting int64), float or bool, a NumPy scalar Blackbird takes, or a
/// non-empty, aligned NumPy array of a supported dtype whose indices address distinct
/// elements, writeable unless `pass_readonly` (as [`convert`] takes it), or when there are
/// more than [`MAX_FINGERPRINTED`]. Written into `scanned` (a call's, on its stack).
pub fn scan(
    args: &Bound<'_, PyTuple>,
    scanned: &mut Scanned,
    pass_readonly: bool,
) -> PyResult<bool> {
    scanned.fingerprint = Fingerprint::default();
    for obj in args.iter() {
        let Some((raw, code)) = scan_one(&obj, pass_readonly)? else {
            return Ok(false);
        };
        let at = scanned.fingerprint.len as usize;
        if !scanned.fingerprint.push(code) {
            return Ok(false);
        }
        scanned.raw[at] = raw;
    }
    Ok(true)
}

fn scan_one(obj: &Bound<'_, PyAny>, pass_readonly: bool) -> PyResult<Option<(RawArg, u32)>> {
    let slot = |bits: u64, code: u32| Ok(Some((RawArg::Slot(bits), code)));
    if obj.is_exact_instance_of::<PyFloat>() {
        return slot(obj.extract::<f64>()?.to_bits(), FLOAT);
    }
    if obj.is_exact_instance_of::<PyInt>() {
        return match obj.extract::<i64>() {
            Ok(i) => slot(i as u64, INT),
            Err(_) => Ok(None),
        };
    }
    if let Ok(a) = obj.cast::<PyUntypedArray>() {
        return Ok(scan_array(a, pass_readonly));
    }
    if obj.is_exact_instance_of::<PyBool>() {
        return slot(obj.is_truthy()? as u64, BOOL);
    }
    let Some(kind) = numpy_scalar_kind(obj)? else {
        return Ok(None);
    };
    // The slot as `scalar_slot` packs the converted argument for a parameter of its kind.
    Ok(match numpy_scalar(obj, kind, 0) {
        Ok(Arg::Float(f)) => Some((RawArg::Slot(f.to_bits()), FLOAT)),
        Ok(Arg::Int(i)) => Some((RawArg::Slot(i as u64), INT)),
        Ok(Arg::Bool(b)) => Some((RawArg::Slot(b as u64), BOOL)),
        Ok(Arg::NumPyScalar(kind, value)) => {
            let bits = match value {
                Scalar::Float(f) => (f as f32).to_bits() as u64,
                Scalar::Int(i) => i as u64,
                Scalar::UInt(u) => u,
                Scalar::Bool(b) => b as u64,
            };
            Some((RawArg::Slot(bits), NUMPY_SCALAR + kind as u32))
        }
        _ => None,
    })
}

/// An array's packed form and code, if it can be passed as it is (see [`scan`]).
fn scan_array(a: &Bound<'_, PyUntypedArray>, pass_readonly: bool) -> Option<(RawArg, u32)> {
    // SAFETY: a live NumPy array's object struct and its dtype's (`descr` is never null).
    let raw = unsafe { &*a.as_array_ptr() };
    let dtype = dtype_of(unsafe { &*raw.descr })?;
    let rank = raw.nd as usize;
    let flags = raw.flags;
    let (c, f) = (
        flags & NPY_ARRAY_C_CONTIGUOUS != 0,
        flags & NPY_ARRAY_F_CONTIGUOUS != 0,
    );
    // SAFETY: `dimensions` and `strides` hold `nd` values each.
    let (dims, strides) = if rank == 0 {
        (&[][..], &[][..])
    } else {
        unsafe {
            (
                std::slice::from_raw_parts(raw.dimensions, rank),
                std::slice::from_raw_parts(raw.strides, rank),
            )
        }
    };
    let size = dtype.size() as isize;
    let writeable = flags & NPY_ARRAY_WRITEABLE != 0;
    let plain = (writeable || pass_readonly)
        && flags & NPY_ARRAY_ALIGNED != 0
        && !dims.contains(&0)
        && (c
            || f
            || (strides.iter().all(|s| s % size == 0) && {
                let shape: Vec<i64> = dims.iter().map(|n| *n as i64).collect();
                let elements: Vec<i64> = strides.iter().map(|s| (s / size) as i64).collect();
                !self_overlapping(&shape, &elements)
            }));
    if !plain {
        return None;
    }
    // NumPy's contiguity flags are `layout_of`'s C and F (sizes of 1 have any stride).
    let layout = match (c, f) {
        (true, _) => Layout::C,
        (false, true) => Layout::F,
        _ => Layout::A,
    };
    let packed = RawArray {
        data: raw.data as *mut u8,
        rank,
        shape: raw.dimensions as *const isize,
        byte_strides: raw.strides as *const isize,
        itemsize: size as usize,
    };
    Some((
        RawArg::Array(packed),
        array_code(dtype, rank, layout, writeable),
    ))
}

fn int(obj: &Bound<'_, PyAny>, position: usize) -> PyResult<Arg<'static>> {
    obj.extract::<i64>().map(Arg::Int).map_err(|_| {
        PyOverflowError::new_err(format!(
            "argument {position}: int {obj} does not fit in int64"
        ))
    })
}

/// The kind of a NumPy scalar Blackbird takes (`None`: not one).
fn numpy_scalar_kind(obj: &Bound<'_, PyAny>) -> PyResult<Option<ScalarKind>> {
    let type_address = obj.get_type_ptr() as usize;
    Ok(numpy_scalars(obj.py())?
        .0
        .iter()
        .find(|(t, _)| *t == type_address)
        .map(|(_, kind)| *kind))
}

/// A NumPy scalar, typed by its dtype (float64, int64 and bool as the Python scalars).
fn numpy_scalar(
    obj: &Bound<'_, PyAny>,
    kind: ScalarKind,
    position: usize,
) -> PyResult<Arg<'static>> {
    Ok(match kind {
        ScalarKind::F64 => Arg::Float(obj.extract()?),
        ScalarKind::I64 => int(obj, position)?,
        ScalarKind::Bool => Arg::Bool(obj.is_truthy()?),
        ScalarKind::F32 => Arg::NumPyScalar(kind, Scalar::Float(obj.extract()?)),
        ScalarKind::U64 => Arg::NumPyScalar(kind, Scalar::UInt(obj.extract()?)),
        _ => Arg::NumPyScalar(kind, Scalar::Int(obj.extract()?)),
    })
}

/// The element type of a NumPy dtype Blackbird supports, by its type number (native byte
/// order only).
pub(crate) fn dtype_of(descr: &npyffi::PyArray_Descr) -> Option<DType> {
    let native = match descr.byteorder as u8 {
        b'=' | b'|' => true,
        b'<' => cfg!(target_endian = "little"),
        b'>' => cfg!(target_endian = "big"),
        _ => false,
    };
    if !native {
        return None;
    }
    let long = |signed: DType, unsigned: DType, is_signed: bool| {
        let wide = std::mem::size_of::<std::ffi::c_long>() == 8;
        match (wide, is_signed) {
            (true, true) => DType::I64,
            (true, false) => DType::U64,
            (false, true) => signed,
            (false, false) => unsigned,
        }
    };
    use npyffi::NPY_TYPES as T;
    let n = descr.type_num;
    Some(match n {
        _ if n == T::NPY_DOUBLE as i32 => DType::F64,
        _ if n == T::NPY_FLOAT as i32 => DType::F32,
        _ if n == T::NPY_LONGLONG as i32 => DType::I64,
        _ if n == T::NPY_ULONGLONG as i32 => DType::U64,
        _ if n == T::NPY_LONG as i32 => long(DType::I32, DType::U32, true),
        _ if n == T::NPY_ULONG as i32 => long(DType::I32, DType::U32, false),
        _ if n == T::NPY_INT as i32 => DType::I32,
        _ if n == T::NPY_UINT as i32 => DType::U32,
        _ if n == T::NPY_SHORT as i32 => DType::I16,
        _ if n == T::NPY_USHORT as i32 => DType::U16,
        _ if n == T::NPY_BYTE as i32 => DType::I8,
        _ if n == T::NPY_UBYTE as i32 => DType::U8,
        _ if n == T::NPY_BOOL as i32 => DType::Bool,
        _ => return None,
    })
}

/// Whether two indices of an array of `shape` and `strides` may address the same element
/// (a view must not: compiled code writes through it).
fn self_overlapping(shape: &[i64], strides: &[i64]) -> bool {
    let mut axes: Vec<(i64, u64)> = shape
        .iter()
        .zip(strides)
        .filter(|(n, _)| **n > 1)
        .map(|(n, s)| (*n, s.unsigned_abs()))
        .collect();
    axes.sort_by_key(|(_, s)| *s);
    let mut reach = 0u64;
    for (n, s) in axes {
        if s <= reach {
            return true;
        }
        reach += (n as u64 - 1) * s;
    }
    false
}

/// An array argument: a view of the NumPy array's memory.
fn array<'py>(
    a: &Bound<'py, PyUntypedArray>,
    copies: &mut Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    position: usize,
    pass_readonly: bool,
) -> PyResult<Arg<'static>> {
    // SAFETY: a live NumPy array's object struct and its dtype's (`descr` is never null).
    let raw = unsafe { &*a.as_array_ptr() };
    let Some(dtype) = dtype_of(unsafe { &*raw.descr }) else {
        return Err(TypingError::new_err(format!(
            "argument {position}: arrays of dtype {} are not supported (supported: float64, float32, int64, int32, int16, int8, uint64, uint32, uint16, uint8, bool)",
            a.dtype().str()?
        )));
    };
    let rank = raw.nd as usize;
    // SAFETY: `dimensions` and `strides` hold `nd` values each (or are unused when nd is 0).
    let (dims, byte_strides) = if rank == 0 {
        (&[][..], &[][..])
    } else {
        unsafe {
            (
                std::slice::from_raw_parts(raw.dimensions, rank),
                std::slice::from_raw_parts(raw.strides, rank),
            )
        }
    };
    let size = dtype.size() as isize;
    let shape: Vec<i64> = dims.iter().map(|n| *n as i64).collect();
    let empty = shape.contains(&0);
    let strides: Vec<i64> = if empty {
        // No element is read: C strides (NumPy may give an empty array any strides).
        let mut c = vec![1i64; rank];
        for d in (0..rank.saturating_sub(1)).rev() {
            c[d] = c[d + 1] * shape[d + 1].max(1);
        }
        c
    } else {
        byte_strides.iter().map(|s| (s / size) as i64).collect()
    };
    let flags = raw.flags;
    let contiguous = flags & (NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_F_CONTIGUOUS) != 0;
    let passable = flags & NPY_ARRAY_ALIGNED != 0
        && (empty
            || contiguous
            || (byte_strides.iter().all(|s| s % size == 0) && !self_overlapping(&shape, &strides)));
    // A read-only array is typed read-only (`readonly array(…)`, its own specialisation): a
    // write into it, or into a view of it, is a typing error at compile time (as in Numba).
    let readonly = flags & NPY_ARRAY_WRITEABLE == 0;
    if (readonly && !pass_readonly) || !passable {
        // Compiled code may write into arrays its types do not say are read-only: a
        // read-only one passed where types do not say so (eager signatures, ufuncs), a
        // misaligned or self-overlapping (e.g. zero-stride) one is passed as a writable,
        // aligned copy, settled after the call (`Converted::settle`: written back into a
        // writeable array; a read-only one's change refused).
        let copy = a
            .py()
            .import("numpy")?
            .call_method1("array", (a.clone(),))?;
        let mut arg = convert_one(&copy, copies, position, pass_readonly)?;
        if let Arg::Array(view) = &mut arg {
            view.readonly = readonly;
        }
        copies.push((a.clone().into_any(), copy));
        return Ok(arg);
    }
    // SAFETY: `data` is the array's element at index 0, aligned, with `shape` and `strides`
    // (checked above: whole elements, no two indices on one element); the caller's argument
    // tuple keeps the array alive for the call, which is the only user of its memory
    // meanwhile (as for any NumPy C extension, another thread writing the same array
    // concurrently is a race the program owns). A read-only array is only read: it is typed
    // read-only, and the typing refuses every write into it or a view of it.
    let mut view = unsafe { ArrayArg::from_raw_parts(raw.data as *mut u8, dtype, shape, strides) };
    // Typed read-only: compiled code for it does not write into it.
    view.readonly = readonly;
    Ok(Arg::Array(view))
}
