//! Sorting for compiled code: the primitives under the NumPy prelude's `np.sort`, `a.sort()`,
//! `np.argsort`, `np.unique`, `np.median`, … (`passes/src/library/sorting.rs`). They are
//! `loop.linalg` routines (the one way compiled code calls a routine of the runtime on arrays;
//! see [`crate::lapack::blackbird_linalg`]), named `sort.DTYPE` (one 1-D array, sorted in place)
//! and `argsort.DTYPE` (1-D keys and a 1-D int64 output of the same length: the positions that
//! sort the keys). DTYPE is `f64`, `f32`, `i64`, `i32`, `i16`, `i8`, `u64`, `u32`, `u16`, `u8`
//! or `bool`.
//!
//! NumPy's order: NaNs after every other value (all NaNs equal), `-0.0` equal to `0.0`. Both
//! sorts are **stable** (equal values keep their order), so `np.sort`'s values are bit for bit
//! those of a stable sort (where `-0.0` and `0.0`, or NaNs with different payloads, meet) and
//! `np.argsort`'s positions are those of NumPy's `kind='stable'`. Each element maps to an
//! unsigned 64-bit key whose integer order is that order ([`SortKey`]); arrays of at least
//! [`RADIX_MIN`] elements are sorted by a least-significant-digit radix sort on the keys (8-bit
//! digits, stable; a digit all keys share costs no pass, so `int32` keys take at most 4 passes
//! and floats of one binade fewer than 8), smaller ones by the standard library's stable sort.
//! Strided arrays are copied into a contiguous buffer, sorted and written back.

/// Status: the operands are not what the routine takes (compiled code and runtime out of step).
pub const MISMATCH: i64 = crate::lapack::NO_OUTPUT;
/// Status: an unknown routine or element type.
pub const UNKNOWN: i64 = crate::lapack::UNKNOWN;

/// Arrays shorter than this are sorted by comparison (`slice::sort_by_key`, stable); longer
/// ones by the radix sort, whose fixed costs (a 16 KiB histogram, up to eight passes) pay off
/// from here (measured on uniform float64: the two take the same time at 256 elements, the
/// comparison sort 3× less at 64 and the radix sort 1.7× less at 4096).
pub const RADIX_MIN: usize = 256;

/// An element type with NumPy's sort order as the integer order of a 64-bit key.
pub trait SortKey: Copy {
    /// The key: equal for values NumPy's sort treats as equal (`-0.0` and `0.0`, every NaN).
    fn key(self) -> u64;
}

macro_rules! float_key {
    ($t:ty, $bits:ty) => {
        impl SortKey for $t {
            fn key(self) -> u64 {
                if self.is_nan() {
                    return <$bits>::MAX as u64;
                }
                // `+ 0.0` makes -0.0 into 0.0; negative floats order by their inverted bits,
                // the others after them by their bits with the sign bit set.
                let bits = (self + 0.0).to_bits();
                let sign = 1 << (<$bits>::BITS - 1);
                (if bits & sign != 0 { !bits } else { bits | sign }) as u64
            }
        }
    };
}
float_key!(f64, u64);
float_key!(f32, u32);

macro_rules! signed_key {
    ($t:ty, $u:ty) => {
        impl SortKey for $t {
            fn key(self) -> u64 {
                // The offset of MIN: negative values first, in the type's own width.
                ((self as $u) ^ (1 << (<$u>::BITS - 1))) as u64
            }
        }
    };
}
signed_key!(i64, u64);
signed_key!(i32, u32);
signed_key!(i16, u16);
signed_key!(i8, u8);

macro_rules! unsigned_key {
    ($($t:ty),*) => {
        $(impl SortKey for $t {
            fn key(self) -> u64 {
                self as u64
            }
        })*
    };
}
unsigned_key!(u64, u32, u16, u8);

/// A NumPy bool (one byte, 0 or 1): False before True.
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct Bool(pub u8);

impl SortKey for Bool {
    fn key(self) -> u64 {
        u64::from(self.0 != 0)
    }
}

/// Sorts `data` stably in NumPy's order.
pub fn sort<T: SortKey>(data: &mut [T]) {
    if data.len() < RADIX_MIN {
        data.sort_by_key(|x| x.key());
    } else {
        let mut buffer = data.to_vec();
        radix_sort(data, &mut buffer, |x| x.key());
    }
}

/// The positions that sort `keys` stably in NumPy's order, written to `out` (of the same
/// length).
pub fn argsort<T: SortKey>(keys: impl ExactSizeIterator<Item = T>, out: &mut [i64]) {
    let mut pairs: Vec<(u64, i64)> = keys.enumerate().map(|(i, x)| (x.key(), i as i64)).collect();
    if pairs.len() < RADIX_MIN {
        pairs.sort_by_key(|p| p.0);
    } else {
        let mut buffer = pairs.clone();
        radix_sort(&mut pairs, &mut buffer, |p| p.0);
    }
    for (o, (_, i)) in out.iter_mut().zip(pairs) {
        *o = i;
    }
}

/// A stable least-significant-digit radix sort of `data` by `key`, 8 bits a pass, through
/// `buffer` (as long as `data`); a digit every key shares is skipped.
fn radix_sort<T: Copy>(data: &mut [T], buffer: &mut [T], key: impl Fn(&T) -> u64) {
    let n = data.len();
    let mut counts = vec![[0usize; 256]; 8];
    for x in data.iter() {
        let k = key(x);
        for (digit, count) in counts.iter_mut().enumerate() {
            count[((k >> (8 * digit)) & 0xff) as usize] += 1;
        }
    }
    let mut sorted_in_data = true;
    for (digit, count) in counts.iter().enumerate() {
        if count.contains(&n) {
            continue;
        }
        let mut next = [0usize; 256];
        let mut start = 0;
        for (slot, c) in next.iter_mut().zip(count) {
            *slot = start;
            start += c;
        }
        let (from, to): (&[T], &mut [T]) = match sorted_in_data {
            true => (data, buffer),
            false => (buffer, data),
        };
        for x in from {
            let bucket = ((key(x) >> (8 * digit)) & 0xff) as usize;
            to[next[bucket]] = *x;
            next[bucket] += 1;
        }
        sorted_in_data = !sorted_in_data;
    }
    if !sorted_in_data {
        data.copy_from_slice(buffer);
    }
}

/// A 1-D array as compiled code passes it: aligned base, offset, size, stride (in elements).
struct Vector<T> {
    first: *mut T,
    len: usize,
    stride: isize,
}

impl<T: Copy> Vector<T> {
    /// Reads the vector in `slots` at word `at`.
    ///
    /// # Safety
    /// `slots` holds a rank-1 array's four words at `at` (see [`crate::lapack`]).
    unsafe fn read(slots: *const i64, at: usize) -> Vector<T> {
        let base = *slots.add(at) as *mut T;
        let offset = *slots.add(at + 1) as isize;
        Vector {
            first: base.wrapping_offset(offset),
            len: (*slots.add(at + 2)).max(0) as usize,
            stride: *slots.add(at + 3) as isize,
        }
    }

    fn at(&self, i: usize) -> *mut T {
        self.first.wrapping_offset(i as isize * self.stride)
    }

    /// Applies `f` to the elements as one contiguous slice (a copy, written back, where the
    /// vector is strided).
    fn with_slice(&self, f: impl FnOnce(&mut [T])) {
        if self.len == 0 {
            return;
        }
        if self.stride == 1 {
            // SAFETY: compiled code passes arrays whose every element lies in their
            // allocation; nothing else touches it during the call.
            f(unsafe { std::slice::from_raw_parts_mut(self.first, self.len) });
            return;
        }
        // SAFETY (here and below): as above, element i lies at `at(i)`.
        let mut copy: Vec<T> = (0..self.len).map(|i| unsafe { *self.at(i) }).collect();
        f(&mut copy);
        for (i, x) in copy.into_iter().enumerate() {
            unsafe { *self.at(i) = x };
        }
    }

    /// The elements, in order.
    fn iter(&self) -> impl ExactSizeIterator<Item = T> + '_ {
        // SAFETY: as in `with_slice`.
        (0..self.len).map(|i| unsafe { *self.at(i) })
    }
}

/// `routine` (`sort` or `argsort`) on elements of type `T`.
///
/// # Safety
/// `slots` holds the routine's arrays: `sort` one vector of `T`, `argsort` a vector of `T`
/// and an int64 vector.
unsafe fn run_typed<T: SortKey>(routine: &str, slots: *const i64) -> i64 {
    match routine {
        "sort" => Vector::<T>::read(slots, 0).with_slice(sort),
        "argsort" => {
            let keys = Vector::<T>::read(slots, 0);
            let out = Vector::<i64>::read(slots, 4);
            if out.len != keys.len {
                return MISMATCH;
            }
            out.with_slice(|out| argsort(keys.iter(), out));
        }
        _ => return UNKNOWN,
    }
    0
}

/// Runs routine `routine` on elements named `dtype` (see the module's documentation) with the
/// arrays in `slots`; its status (0, [`MISMATCH`] or [`UNKNOWN`]).
///
/// # Safety
/// Called through [`crate::lapack::blackbird_linalg`] by compiled code only: `slots` holds the
/// routine's arrays, of the element type `dtype` names.
pub unsafe fn run(routine: &str, dtype: &str, slots: *const i64) -> i64 {
    match dtype {
        "f64" => run_typed::<f64>(routine, slots),
        "f32" => run_typed::<f32>(routine, slots),
        "i64" => run_typed::<i64>(routine, slots),
        "i32" => run_typed::<i32>(routine, slots),
        "i16" => run_typed::<i16>(routine, slots),
        "i8" => run_typed::<i8>(routine, slots),
        "u64" => run_typed::<u64>(routine, slots),
        "u32" => run_typed::<u32>(routine, slots),
        "u16" => run_typed::<u16>(routine, slots),
        "u8" => run_typed::<u8>(routine, slots),
        "bool" => run_typed::<Bool>(routine, slots),
        _ => UNKNOWN,
    }
}

/// Whether `routine` is one of this module's (`sort`, `argsort`).
pub fn is_sort_routine(routine: &str) -> bool {
    matches!(routine, "sort" | "argsort")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NumPy's order as a comparison (the prelude's former `_lt`): NaNs last.
    fn less(x: f64, y: f64) -> bool {
        x < y || (y.is_nan() && !x.is_nan())
    }

    /// A stable reference: insertion sort by `less`.
    fn reference(v: &[f64]) -> Vec<f64> {
        let mut out: Vec<f64> = vec![];
        for &x in v {
            let at = out.iter().rposition(|&y| !less(x, y)).map_or(0, |p| p + 1);
            out.insert(at, x);
        }
        out
    }

    fn values(n: usize, seed: u64) -> Vec<f64> {
        let mut s = seed;
        let specials = [
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1.5,
        ];
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                match (s >> 60) as usize {
                    k if k < specials.len() => specials[k],
                    _ => ((s >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 1e3,
                }
            })
            .collect()
    }

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn floats_sort_stably_bit_for_bit_at_both_sizes() {
        for n in [0, 1, 7, RADIX_MIN - 1, RADIX_MIN, 3000] {
            let v = values(n, n as u64 + 1);
            let mut got = v.clone();
            sort(&mut got);
            assert_eq!(bits(&got), bits(&reference(&v)), "n = {n}");
        }
    }

    #[test]
    fn argsort_keeps_ties_in_order() {
        let v = values(2000, 9);
        let mut positions = vec![0i64; v.len()];
        argsort(v.iter().copied(), &mut positions);
        let got: Vec<f64> = positions.iter().map(|&i| v[i as usize]).collect();
        assert_eq!(bits(&got), bits(&reference(&v)));
        for w in positions.windows(2) {
            let (a, b) = (v[w[0] as usize], v[w[1] as usize]);
            if a.key() == b.key() {
                assert!(w[0] < w[1], "ties in order");
            }
        }
    }

    #[test]
    fn integers_and_bools_sort_as_numbers() {
        let mut small: Vec<i32> = (0..1000).map(|i| (i * 7919 % 2001) - 1000).collect();
        let mut expected = small.clone();
        expected.sort();
        sort(&mut small);
        assert_eq!(small, expected);
        let mut wide: Vec<i8> = (0..600).map(|i| (i * 37 % 256) as u8 as i8).collect();
        let mut expected = wide.clone();
        expected.sort();
        sort(&mut wide);
        assert_eq!(wide, expected);
        let mut flags: Vec<Bool> = (0..500).map(|i| Bool((i % 3 == 0) as u8)).collect();
        sort(&mut flags);
        assert!(flags.windows(2).all(|w| w[0].0 <= w[1].0));
    }
}
