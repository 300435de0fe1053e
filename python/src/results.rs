//! Values compiled code returned, as Python objects: scalars as Python scalars, tuples as
//! tuples, arrays as NumPy arrays over the returned buffer (no copy).

use blackbird::PyValue;
use ndarray::IxDyn;
use numpy::{Element, PyArray1, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// The Python object of a value compiled code returned.
pub fn to_python(py: Python<'_>, v: PyValue) -> PyResult<Py<PyAny>> {
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
