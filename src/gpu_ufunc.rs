//! Calls of GPU ufuncs (`@vectorize([...], target='cuda')`), with host arrays as Numba's CUDA
//! ufuncs take them: the inputs broadcast together by NumPy's rules and travel flattened (a
//! C-contiguous input of the full shape as it is, any other as a broadcast copy), one thread
//! computes one element, and the result comes back as a new C-ordered array or into the
//! output array given last.

use crate::abi::split_operands;
use crate::kernel::{Kernel, LoweredKernel};
use crate::runtime::{Arg, ArrayArg, OwnedArray, ParamKind};
use crate::values::{broadcast_shapes, shape_text, PyValue};
use crate::Error;

/// Threads per block of a ufunc launch.
const THREADS: u32 = 256;

/// Call the GPU ufunc whose kernel is `kernel` with `args`.
pub(crate) fn call(kernel: &Kernel, args: &mut [Arg]) -> Result<PyValue, Error> {
    let nin = kernel.ufunc_inputs().expect("a GPU ufunc's kernel");
    call_with(kernel, nin, args, |lowered, blocks, threads, operands| {
        kernel.launch_lowered(lowered, blocks, threads, operands)
    })
}

/// [`call`], running the kernel with `launch(kernel, blocks, threads, operands)`: the operands
/// flattened, the output last.
fn call_with(
    kernel: &Kernel,
    nin: usize,
    args: &mut [Arg],
    launch: impl FnOnce(&LoweredKernel, [u32; 3], [u32; 3], &mut [Arg]) -> Result<(), Error>,
) -> Result<PyValue, Error> {
    let name = kernel.name().to_string();
    let (inputs, out) = split_operands(
        &name,
        nin,
        args,
        |a| matches!(a, Arg::Array(_)),
        Arg::describe,
    )?;
    if out.is_none() && !inputs.iter().any(|a| matches!(a, Arg::Array(_))) {
        return Err(Error::NotAvailable(format!(
            "GPU ufunc `{name}` applies to arrays: pass at least one (its scalar function runs \
             on the GPU only)"
        )));
    }
    let shapes: Vec<&[i64]> = inputs
        .iter()
        .filter_map(|a| match a {
            Arg::Array(a) => Some(a.shape.as_slice()),
            _ => None,
        })
        .collect();
    let mut shape = broadcast_shapes(&shapes)?;
    if let Some(Arg::Array(out)) = out {
        if broadcast_shapes(&[&shape, &out.shape])? != out.shape {
            return Err(Error::value_error(
                format!(
                    "non-broadcastable output operand with shape {} doesn't match the broadcast \
                 shape {}",
                    shape_text(&out.shape),
                    shape_text(&shape)
                ),
                "",
            ));
        }
        shape = out.shape.clone();
    }
    let count: i64 = shape.iter().product();
    let has_out = out.is_some();

    // Each input, broadcast and flattened: a copy unless it already is.
    let mut copies: Vec<Option<Vec<u8>>> = args[..nin]
        .iter()
        .map(|a| match a {
            Arg::Array(a) if a.shape == shape && a.layout() == crate::runtime::Layout::C => None,
            Arg::Array(a) => Some(a.broadcast_bytes(&shape).expect("broadcast checked above")),
            _ => None,
        })
        .collect();
    let (input_args, out_arg) = args.split_at_mut(nin);
    let mut operands: Vec<Arg> = vec![];
    for (arg, copy) in input_args.iter_mut().zip(copies.iter_mut()) {
        operands.push(flat_operand(arg, copy.as_mut(), count));
    }
    let lowered = match has_out {
        true => {
            let mut with_out: Vec<Arg> = operands.iter_mut().map(reborrow).collect();
            let Arg::Array(out) = &out_arg[0] else {
                unreachable!("split_operands checks the output is an array")
            };
            // Lowered for the output's dtype: a flat stand-in of no elements carries it.
            let mut none = vec![];
            with_out.push(Arg::Array(ArrayArg::from_bytes(
                &mut none,
                out.dtype,
                vec![0],
            )));
            kernel.lowered(&with_out)?
        }
        false => kernel.lowered(&operands)?,
    };
    let ParamKind::Array { dtype, .. } = *lowered.params.last().expect("an output parameter")
    else {
        unreachable!("the kernel's last parameter is its output array")
    };

    // The output: the caller's array when it is C-contiguous, else a buffer copied into it
    // (or returned) afterwards.
    let out_direct = match out_arg.first_mut() {
        Some(Arg::Array(out)) => out.flattened(),
        _ => None,
    };
    let direct = out_direct.is_some();
    let mut buffer = AlignedBuffer::new(match direct {
        true => 0,
        false => count as usize * dtype.size(),
    });
    operands.push(Arg::Array(match out_direct {
        Some(flat) => flat,
        None => ArrayArg::from_bytes(buffer.bytes(), dtype, vec![count]),
    }));
    if count > 0 {
        let blocks = u32::try_from((count as u64).div_ceil(THREADS as u64)).map_err(|_| {
            Error::NotAvailable(format!(
                "{count} elements are more than one launch of GPU ufunc `{name}` covers"
            ))
        })?;
        launch(&lowered, [blocks, 1, 1], [THREADS, 1, 1], &mut operands)?;
    }
    drop(operands);
    match out_arg.first_mut() {
        Some(Arg::Array(out)) => {
            if !direct {
                out.write_bytes(buffer.bytes());
            }
            Ok(PyValue::None)
        }
        _ => {
            let dims: Vec<usize> = shape.iter().map(|n| *n as usize).collect();
            // SAFETY: the buffer holds `count` elements of `dtype`, written by the kernel, and
            // is aligned for every dtype.
            let array = unsafe { OwnedArray::copy_from(dtype, &dims, buffer.bytes().as_ptr()) };
            Ok(PyValue::Array(array))
        }
    }
}

/// An input operand as the kernel takes it: a scalar as it is, an array as one axis of
/// `count` elements (its own, flattened, or its broadcast `copy`).
fn flat_operand<'a>(arg: &'a mut Arg, copy: Option<&'a mut Vec<u8>>, count: i64) -> Arg<'a> {
    match (arg, copy) {
        (Arg::Array(a), Some(bytes)) => {
            Arg::Array(ArrayArg::from_bytes(bytes, a.dtype, vec![count]))
        }
        (Arg::Array(a), None) => Arg::Array(a.flattened().expect("C-contiguous")),
        (other, _) => reborrow(other),
    }
}

/// The same argument, borrowed again.
fn reborrow<'a>(arg: &'a mut Arg) -> Arg<'a> {
    match arg {
        Arg::Int(i) => Arg::Int(*i),
        Arg::Float(x) => Arg::Float(*x),
        Arg::Bool(b) => Arg::Bool(*b),
        Arg::NumPyScalar(k, v) => Arg::NumPyScalar(*k, *v),
        Arg::Array(a) => Arg::Array(a.reborrow()),
        Arg::Tuple(items) => Arg::Tuple(items.iter_mut().map(reborrow).collect()),
        Arg::None => Arg::None,
    }
}

/// Bytes aligned for every [`DType`] (8 bytes).
struct AlignedBuffer {
    words: Vec<u64>,
    len: usize,
}

impl AlignedBuffer {
    fn new(len: usize) -> Self {
        AlignedBuffer {
            words: vec![0; len.div_ceil(8)],
            len,
        }
    }

    fn bytes(&mut self) -> &mut [u8] {
        // SAFETY: `len` bytes lie inside the words, and any byte pattern is a valid u64.
        unsafe { std::slice::from_raw_parts_mut(self.words.as_mut_ptr() as *mut u8, self.len) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::gpu::GpuVendor;
    use crate::runtime::ArrayData;
    use crate::{Module, Options};
    use ndarray::{s, Array1, Array2};

    /// The kernel's work done here instead of on a GPU, for `x + 10 * y` over float64
    /// operands: what the host side hands the kernel and makes of its output is checked
    /// without a device.
    fn host_launch(
        lowered: &LoweredKernel,
        blocks: [u32; 3],
        threads: [u32; 3],
        operands: &mut [Arg],
    ) -> Result<(), Error> {
        assert_eq!(lowered.params.len(), operands.len());
        let (inputs, out) = operands.split_at_mut(2);
        let Arg::Array(out) = &mut out[0] else {
            panic!("the output is an array")
        };
        let n = out.shape[0];
        assert_eq!(out.strides, vec![1]);
        assert!(
            blocks[0] as i64 * threads[0] as i64 >= n,
            "every element has a thread"
        );
        let read = |a: &Arg, i: i64| -> f64 {
            match a {
                Arg::Float(x) => *x,
                Arg::Array(a) => {
                    assert_eq!(
                        (a.shape.as_slice(), a.strides.as_slice()),
                        (&[n][..], &[1][..])
                    );
                    // SAFETY: `i` is below the flat operand's length.
                    unsafe { *(a.data_ptr() as *const f64).offset(i as isize) }
                }
                _ => panic!("float64 operands"),
            }
        };
        for i in 0..n {
            let v = read(&inputs[0], i) + 10.0 * read(&inputs[1], i);
            // SAFETY: as above, for the output.
            unsafe { *(out.data_ptr() as *mut f64).offset(i as isize) = v };
        }
        Ok(())
    }

    const SOURCE: &str = "from numba import vectorize\n\n@vectorize(['float64(float64, float64)'], target='cuda')\ndef axpy(x, y):\n    return x + 10.0 * y\n";

    fn with_kernel(test: impl FnOnce(&Kernel)) {
        let module = Module::from_source(SOURCE, "axpy.py").unwrap();
        let options = Options {
            gpu: Some(GpuVendor::Cuda),
            ..Options::default()
        };
        test(&Kernel::for_ufunc(
            &module,
            "axpy",
            options,
            GpuVendor::Cuda,
            2,
        ));
    }

    fn values(v: PyValue) -> (Vec<usize>, Vec<f64>) {
        match v {
            PyValue::Array(a) => match a.data {
                ArrayData::F64(e) => (a.shape, e.to_vec()),
                other => panic!("float64 results, got {other:?}"),
            },
            other => panic!("an array, got {other:?}"),
        }
    }

    #[test]
    fn inputs_broadcast_and_results_come_back_in_c_order() {
        with_kernel(|k| {
            let mut col = Array2::from_shape_vec((3, 1), vec![1.0, 2.0, 3.0]).unwrap();
            let mut row = Array1::from_vec(vec![0.5, 0.25, 0.0, -1.0]);
            let mut args = [
                Arg::Array(ArrayArg::new(col.view_mut())),
                Arg::Array(ArrayArg::new(row.view_mut())),
            ];
            let (shape, got) = values(call_with(k, 2, &mut args, host_launch).unwrap());
            assert_eq!(shape, vec![3, 4]);
            let want: Vec<f64> = (0..12)
                .map(|i| col[[i / 4, 0]] + 10.0 * row[i % 4])
                .collect();
            assert_eq!(got, want);
        });
    }

    #[test]
    fn a_strided_input_and_a_scalar_travel_flattened() {
        with_kernel(|k| {
            let mut m = Array2::from_shape_fn((4, 6), |(i, j)| (i * 6 + j) as f64);
            let mut view = m.slice_mut(s![.., ..;-2]);
            let expected: Vec<f64> = view.iter().map(|x| x + 10.0 * 0.5).collect();
            let mut args = [Arg::Array(ArrayArg::new(view.view_mut())), Arg::Float(0.5)];
            let (shape, got) = values(call_with(k, 2, &mut args, host_launch).unwrap());
            assert_eq!((shape, got), (vec![4, 3], expected));
        });
    }

    #[test]
    fn outputs_are_written_directly_or_through_a_copy() {
        with_kernel(|k| {
            let mut x = Array1::from_vec(vec![1.0, 2.0, 3.0]);
            // A contiguous output of the broadcast shape (2, 3), written in place.
            let mut out = Array2::<f64>::zeros((2, 3));
            let mut args = [
                Arg::Array(ArrayArg::new(x.view_mut())),
                Arg::Float(1.0),
                Arg::Array(ArrayArg::new(out.view_mut())),
            ];
            assert_eq!(
                call_with(k, 2, &mut args, host_launch).unwrap(),
                PyValue::None
            );
            assert_eq!(
                out.as_slice().unwrap(),
                &[11.0, 12.0, 13.0, 11.0, 12.0, 13.0]
            );
            // Every other column of a wider array: through a buffer, scattered back.
            let mut wide = Array2::<f64>::from_elem((2, 6), -7.0);
            let mut args = [
                Arg::Array(ArrayArg::new(x.view_mut())),
                Arg::Float(2.0),
                Arg::Array(ArrayArg::new(wide.slice_mut(s![.., ..;2]))),
            ];
            call_with(k, 2, &mut args, host_launch).unwrap();
            assert_eq!(
                wide.row(1).to_vec(),
                vec![21.0, -7.0, 22.0, -7.0, 23.0, -7.0]
            );
        });
    }

    #[test]
    fn empty_operands_launch_nothing() {
        with_kernel(|k| {
            let mut x = Array1::<f64>::zeros(0);
            let mut args = [Arg::Array(ArrayArg::new(x.view_mut())), Arg::Float(1.0)];
            let no_launch = |_: &LoweredKernel, _: [u32; 3], _: [u32; 3], _: &mut [Arg]| {
                panic!("nothing to compute")
            };
            let (shape, got) = values(call_with(k, 2, &mut args, no_launch).unwrap());
            assert_eq!((shape, got), (vec![0], vec![]));
        });
    }

    #[test]
    fn flat_buffers_are_aligned_for_every_dtype() {
        let mut b = AlignedBuffer::new(12);
        assert_eq!(b.bytes().len(), 12);
        assert_eq!(
            b.bytes().as_ptr() as usize % crate::runtime::DType::F64.size(),
            0
        );
    }
}
