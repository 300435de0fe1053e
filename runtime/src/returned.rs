//! Arrays returned by compiled code, handed to the caller. A C-contiguous array the code
//! allocated is taken as it is (no copy: its buffer is freed with `free` when dropped); any
//! other is copied out in C order, except that a caller holding the arguments may ask for an
//! array in memory the code did not allocate (a view of an argument) as it is: a
//! [`LentArray`], its descriptor, which it wraps as a view of the argument.

use std::ffi::c_void;
use std::ptr::NonNull;

use crate::call::DType;

extern "C" {
    /// The C library's `free`: compiled code allocates arrays with `malloc`.
    fn free(ptr: *mut c_void);
}

/// The elements of a returned array, in C order: a vector, or the buffer compiled code
/// allocated, taken without copying. Dereferences to a slice.
pub enum Elements<T> {
    Vec(Vec<T>),
    Malloc {
        /// What `malloc` returned; freed on drop.
        base: NonNull<c_void>,
        /// The first element (inside the allocation).
        first: NonNull<T>,
        len: usize,
    },
}

// SAFETY: a `Malloc` buffer is owned by this value alone (compiled code handed it over), so it
// moves and is shared between threads as a `Vec<T>` is.
unsafe impl<T: Send> Send for Elements<T> {}
// SAFETY: as above; `&Elements` only reads.
unsafe impl<T: Sync> Sync for Elements<T> {}

impl<T> std::ops::Deref for Elements<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Elements::Vec(v) => v,
            // SAFETY: `first` starts `len` initialised elements inside the live allocation.
            Elements::Malloc { first, len, .. } => unsafe {
                std::slice::from_raw_parts(first.as_ptr(), *len)
            },
        }
    }
}

impl<T> Drop for Elements<T> {
    fn drop(&mut self) {
        if let Elements::Malloc { base, .. } = self {
            // SAFETY: compiled code allocated `base` with `malloc` and handed it over; it is
            // freed once, here.
            unsafe { free(base.as_ptr()) }
        }
    }
}

impl<T> From<Vec<T>> for Elements<T> {
    fn from(v: Vec<T>) -> Self {
        Elements::Vec(v)
    }
}

impl<T: Clone> Clone for Elements<T> {
    fn clone(&self) -> Self {
        Elements::Vec(self.to_vec())
    }
}

impl<T: PartialEq> PartialEq for Elements<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Elements<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

/// The elements of a returned array, in C order.
#[derive(Clone, Debug, PartialEq)]
pub enum ArrayData {
    F64(Elements<f64>),
    F32(Elements<f32>),
    I64(Elements<i64>),
    I32(Elements<i32>),
    I16(Elements<i16>),
    I8(Elements<i8>),
    U8(Elements<u8>),
    U16(Elements<u16>),
    U32(Elements<u32>),
    U64(Elements<u64>),
    Bool(Elements<bool>),
}

/// An array returned by compiled code, owned by the caller.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnedArray {
    pub shape: Vec<usize>,
    pub data: ArrayData,
}

impl OwnedArray {
    /// A copy of a C-contiguous array of `dtype` and `shape` at `data`.
    ///
    /// # Safety
    /// `data` must point to `shape`'s product of initialised elements of `dtype`, aligned for
    /// it (a boolean is a byte holding 0 or 1).
    pub unsafe fn copy_from(dtype: DType, shape: &[usize], data: *const u8) -> OwnedArray {
        let mut words = vec![data as i64, 0];
        words.extend(shape.iter().map(|n| *n as i64));
        let mut stride = 1;
        let mut strides: Vec<i64> = shape
            .iter()
            .rev()
            .map(|n| {
                let s = stride;
                stride *= (*n).max(1) as i64;
                s
            })
            .collect();
        strides.reverse();
        words.extend(strides);
        words.push(0); // not owned: copied
                       // SAFETY: the caller's guarantees describe a live, unowned, C-contiguous array.
        unsafe { take_array(dtype, shape.len(), &words) }
    }
}

/// An array result in memory compiled code did not allocate (its descriptor's ownership flag
/// is 0): a view of an argument (or of a constant), described, not copied. Valid only while
/// that memory is: the caller that asked for it (see `Entry::call_raw`) holds the arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LentArray {
    pub dtype: DType,
    /// The address of the element of index 0.
    pub first: usize,
    pub shape: Vec<usize>,
    /// In elements (negative ones too).
    pub strides: Vec<i64>,
}

impl LentArray {
    /// The array's strides in bytes.
    pub fn byte_strides(&self) -> Vec<isize> {
        let size = self.dtype.size() as isize;
        self.strides.iter().map(|s| *s as isize * size).collect()
    }

    /// The lowest and one-past-the-highest byte address of its elements (`None`: it has none).
    pub fn byte_extent(&self) -> Option<(usize, usize)> {
        if self.shape.contains(&0) {
            return None;
        }
        let (mut low, mut high) = (self.first as isize, self.first as isize);
        for (n, s) in self.shape.iter().zip(self.byte_strides()) {
            let reach = (*n as isize - 1) * s;
            if reach < 0 {
                low += reach;
            } else {
                high += reach;
            }
        }
        Some((low as usize, high as usize + self.dtype.size()))
    }

    /// A copy, in C order.
    ///
    /// # Safety
    /// The memory it describes must still be live.
    pub unsafe fn copy(&self) -> OwnedArray {
        let rank = self.shape.len();
        let mut words = vec![self.first as i64, 0];
        words.extend(self.shape.iter().map(|n| *n as i64));
        words.extend(&self.strides);
        words.push(0); // not owned: copied
                       // SAFETY: as the caller guarantees, a live, unowned array.
        unsafe { take_array(self.dtype, rank, &words) }
    }
}

/// The [`LentArray`] a result descriptor of an array compiled code did not allocate
/// describes; `None` for an owned one.
pub(crate) fn lent_array(dtype: DType, rank: usize, words: &[i64]) -> Option<LentArray> {
    if words[2 + 2 * rank] & 1 == 1 {
        return None;
    }
    let first = (words[0] as usize).wrapping_add((words[1] as usize).wrapping_mul(dtype.size()));
    Some(LentArray {
        dtype,
        first,
        shape: words[2..2 + rank].iter().map(|d| *d as usize).collect(),
        strides: words[2 + rank..2 + 2 * rank].to_vec(),
    })
}

/// Free the buffer of a result descriptor the caller will not read (the call raised: its
/// sizes may be meaningless, e.g. the negative size that raised, and the allocation failed).
///
/// # Safety
/// As [`take_array`], except that the sizes and strides are not used.
pub(crate) unsafe fn discard_array(rank: usize, words: &[i64]) {
    let owned = words[2 + 2 * rank] & 1 == 1;
    if owned {
        // SAFETY: an owned base comes from `malloc` (or is null) and nothing else refers to it.
        unsafe { free(words[0] as *mut c_void) };
    }
}

/// The array a result descriptor describes, for the caller: taken as it is when the caller
/// owns it and it is C-contiguous, else copied in C order (and freed when owned).
///
/// # Safety
/// `words` must be `aligned base, offset, sizes, strides, owned` of a live array of `dtype`; an
/// owned array's base must come from `malloc` (aligned and allocated pointers equal) and be
/// referenced by nothing else.
pub(crate) unsafe fn take_array(dtype: DType, rank: usize, words: &[i64]) -> OwnedArray {
    let base = words[0] as usize;
    let offset = words[1];
    let shape: Vec<usize> = words[2..2 + rank].iter().map(|d| *d as usize).collect();
    let strides = &words[2 + rank..2 + 2 * rank];
    let owned = words[2 + 2 * rank] & 1 == 1;
    let count: usize = shape.iter().product();
    let mut expected = 1i64;
    let mut c_contiguous = true;
    for (n, s) in shape.iter().zip(strides).rev() {
        c_contiguous &= *n == 1 || *s == expected;
        expected *= *n as i64;
    }
    /// The elements: the buffer itself when it can be taken, else a copy in C order.
    ///
    /// # Safety
    /// As [`take_array`]; with `take`, the array is owned and not empty, and with `take` or
    /// `c_contiguous` it is C-contiguous.
    unsafe fn elements<T: Copy>(
        base: usize,
        offset: i64,
        shape: &[usize],
        strides: &[i64],
        c_contiguous: bool,
        take: bool,
    ) -> Elements<T> {
        let first = (base as *mut T).wrapping_offset(offset as isize);
        let count: usize = shape.iter().product();
        if take {
            return Elements::Malloc {
                base: NonNull::new(base as *mut c_void).expect("an allocated array"),
                first: NonNull::new(first).expect("an allocated array"),
                len: count,
            };
        }
        if c_contiguous && count > 0 {
            // SAFETY: a live C-contiguous array: `count` elements from its first one.
            return Elements::Vec(unsafe { std::slice::from_raw_parts(first, count) }.to_vec());
        }
        let mut out = Vec::with_capacity(count);
        let mut index = vec![0usize; shape.len()];
        let mut at = 0i64;
        for _ in 0..count {
            // SAFETY: the caller guarantees that the descriptor describes a live array, so every
            // index below its shape is an element of it.
            out.push(unsafe { *first.offset(at as isize) });
            for d in (0..shape.len()).rev() {
                index[d] += 1;
                at += strides[d];
                if index[d] < shape[d] {
                    break;
                }
                at -= strides[d] * shape[d] as i64;
                index[d] = 0;
            }
        }
        Elements::Vec(out)
    }
    // Booleans are bytes holding 0 or 1 in compiled code: read as bytes, then converted.
    let take = owned && c_contiguous && count > 0 && dtype != DType::Bool;
    // SAFETY (every call): the caller's guarantees, and `take` as `elements` requires.
    let data = unsafe {
        match dtype {
            DType::F64 => {
                ArrayData::F64(elements(base, offset, &shape, strides, c_contiguous, take))
            }
            DType::F32 => {
                ArrayData::F32(elements(base, offset, &shape, strides, c_contiguous, take))
            }
            DType::I64 => {
                ArrayData::I64(elements(base, offset, &shape, strides, c_contiguous, take))
            }
            DType::I32 => {
                ArrayData::I32(elements(base, offset, &shape, strides, c_contiguous, take))
            }
            DType::I16 => {
                ArrayData::I16(elements(base, offset, &shape, strides, c_contiguous, take))
            }
            DType::I8 => ArrayData::I8(elements(base, offset, &shape, strides, c_contiguous, take)),
            DType::U8 => ArrayData::U8(elements(base, offset, &shape, strides, c_contiguous, take)),
            DType::U16 => {
                ArrayData::U16(elements(base, offset, &shape, strides, c_contiguous, take))
            }
            DType::U32 => {
                ArrayData::U32(elements(base, offset, &shape, strides, c_contiguous, take))
            }
            DType::U64 => {
                ArrayData::U64(elements(base, offset, &shape, strides, c_contiguous, take))
            }
            DType::Bool => ArrayData::Bool(
                elements::<u8>(base, offset, &shape, strides, c_contiguous, false)
                    .iter()
                    .map(|b| *b != 0)
                    .collect::<Vec<bool>>()
                    .into(),
            ),
        }
    };
    if owned && !take {
        // SAFETY: owned arrays were allocated by compiled code with `malloc` and not freed;
        // nothing refers to the buffer after the copy above.
        unsafe { free(base as *mut c_void) };
    }
    OwnedArray { shape, data }
}
