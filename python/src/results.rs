//! Values compiled code returned, as Python objects: scalars as Python scalars, tuples as
//! tuples, arrays as NumPy arrays over the returned buffer (no copy), and arrays in an
//! argument's memory as NumPy views of that argument (its base, kept alive by the view).

use blackbird::runtime::LentArray;
use blackbird::PyValue;
use ndarray::IxDyn;
use numpy::npyffi::{self, NpyTypes, NPY_ARRAY_WRITEABLE, PY_ARRAY_API};
use numpy::{Element, PyArray1, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// The arrays of a call whose memory a returned view may be in: the arguments (in tuples
/// too) and the copies passed for some of them.
pub struct Owners<'a, 'py> {
    pub args: &'a Bound<'py, PyTuple>,
    pub copies: &'a [(Bound<'py, PyAny>, Bound<'py, PyAny>)],
}

/// The Python object of a value compiled code returned by a call with `owners`' arrays.
pub fn to_python(py: Python<'_>, v: PyValue, owners: &Owners<'_, '_>) -> PyResult<Py<PyAny>> {
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
                .map(|i| to_python(py, i, owners))
                .collect::<PyResult<Vec<_>>>()?;
            PyTuple::new(py, items)?.into_any().unbind()
        }
        PyValue::Array(a) => returned_array(py, a)?,
        PyValue::Lent(a) => lent_array(py, a, owners)?,
    })
}

/// The byte range `[low, high)` an array's elements span (`None`: it has none).
fn extent(a: &npyffi::PyArrayObject, size: usize) -> Option<(usize, usize)> {
    let rank = a.nd as usize;
    // SAFETY: `dimensions` and `strides` hold `nd` values each.
    let (dims, strides) = unsafe {
        if rank == 0 {
            (&[][..], &[][..])
        } else {
            (
                std::slice::from_raw_parts(a.dimensions, rank),
                std::slice::from_raw_parts(a.strides, rank),
            )
        }
    };
    if dims.contains(&0) {
        return None;
    }
    let (mut low, mut high) = (a.data as isize, a.data as isize);
    for (n, s) in dims.iter().zip(strides) {
        let reach = (*n - 1) * *s;
        if reach < 0 {
            low += reach;
        } else {
            high += reach;
        }
    }
    Some((low as usize, high as usize + size))
}

/// Each array among `obj` (an argument, or a tuple of them), in order.
fn arrays_in<'py>(obj: &Bound<'py, PyAny>, out: &mut Vec<Bound<'py, PyUntypedArray>>) {
    if let Ok(a) = obj.cast::<PyUntypedArray>() {
        out.push(a.clone());
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        for item in t.iter() {
            arrays_in(&item, out);
        }
    }
}

/// An array returned in memory compiled code did not allocate: a NumPy view of the argument
/// (or copy passed for one) whose elements it lies in, with that array as its base (the
/// argument itself when the view is the whole argument, as Numba returns it); else (a
/// constant's memory, an empty array) a copy.
fn lent_array(py: Python<'_>, a: LentArray, owners: &Owners<'_, '_>) -> PyResult<Py<PyAny>> {
    let mut candidates = vec![];
    for arg in owners.args.iter() {
        arrays_in(&arg, &mut candidates);
    }
    for (_, copy) in owners.copies {
        arrays_in(copy, &mut candidates);
    }
    let size = a.dtype.size();
    let strides = a.byte_strides();
    if let Some((low, high)) = a.byte_extent() {
        for base in &candidates {
            // SAFETY: a live NumPy array's object struct.
            let raw = unsafe { &*base.as_array_ptr() };
            // SAFETY: `descr` is never null.
            if crate::arguments::dtype_of(unsafe { &*raw.descr }) != Some(a.dtype) {
                continue;
            }
            let Some((base_low, base_high)) = extent(raw, size) else {
                continue;
            };
            if low < base_low || high > base_high {
                continue;
            }
            let rank = raw.nd as usize;
            // SAFETY: `nd` sizes and strides.
            let same = raw.data as usize == a.first
                && rank == a.shape.len()
                && (rank == 0
                    || unsafe {
                        std::slice::from_raw_parts(raw.dimensions, rank)
                            .iter()
                            .zip(&a.shape)
                            .all(|(n, m)| *n as usize == *m)
                            && std::slice::from_raw_parts(raw.strides, rank)
                                .iter()
                                .zip(&strides)
                                .all(|(s, t)| s == t)
                    });
            if same && !owners.copies.iter().any(|(_, c)| c.is(base)) {
                return Ok(base.clone().into_any().unbind());
            }
            return view_of(py, base, raw, &a, &strides);
        }
    }
    // SAFETY: the memory is the module's (a constant) or the arguments', alive for the call.
    returned_array(py, unsafe { a.copy() })
}

/// A NumPy array over `a`'s elements, which lie in `base`'s memory, with `base` as its base
/// object (NumPy collapses it to the array that owns the memory): writeable as `base` is.
fn view_of(
    py: Python<'_>,
    base: &Bound<'_, PyUntypedArray>,
    raw: &npyffi::PyArrayObject,
    a: &LentArray,
    strides: &[isize],
) -> PyResult<Py<PyAny>> {
    let mut dims: Vec<npyffi::npy_intp> = a.shape.iter().map(|n| *n as npyffi::npy_intp).collect();
    let mut strides: Vec<npyffi::npy_intp> = strides.to_vec();
    let flags = raw.flags & NPY_ARRAY_WRITEABLE;
    // SAFETY: the descriptor is `base`'s (of `a`'s dtype: same item size, compiled for it),
    // its reference taken over by the new array; the data pointer, sizes and strides describe
    // elements inside `base`'s memory (checked by the caller), which `base`, made the new
    // array's base object (its reference taken over too), keeps alive.
    unsafe {
        pyo3::ffi::Py_INCREF(raw.descr as *mut pyo3::ffi::PyObject);
        let view = PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            PY_ARRAY_API.get_type_object(py, NpyTypes::PyArray_Type),
            raw.descr,
            dims.len() as std::ffi::c_int,
            dims.as_mut_ptr(),
            strides.as_mut_ptr(),
            a.first as *mut std::ffi::c_void,
            flags,
            std::ptr::null_mut(),
        );
        let view = Bound::from_owned_ptr_or_err(py, view)?;
        pyo3::ffi::Py_INCREF(base.as_ptr());
        if PY_ARRAY_API.PyArray_SetBaseObject(
            py,
            view.as_ptr() as *mut npyffi::PyArrayObject,
            base.as_ptr(),
        ) < 0
        {
            return Err(PyErr::fetch(py));
        }
        Ok(view.unbind())
    }
}

/// Keeps a buffer that compiled code allocated alive for as long as the NumPy array over it.
#[pyclass(frozen, module = "blackbird._core")]
pub struct ReturnedBuffer(#[allow(dead_code)] Box<dyn std::any::Any + Send + Sync>);

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
