//! `exp` of float64 is expanded inline on the CPU (passes/src/conversion/exp.rs) so that loops
//! vectorize: it must stay within 1 ulp of the C library's `exp` (itself within 0.52 ulp of the
//! exact value) over the whole range, and exact where the result is: 1 at 0, inf past
//! overflow, 0 past underflow, NaN for NaN, subnormal results in the right binade.

use blackbird::{Arg, ArrayArg, Module, PyValue};
use ndarray::Array1;

/// Distance in units in the last place between two finite doubles of the same sign.
fn ulps(a: f64, b: f64) -> u64 {
    (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
}

/// A deterministic spread of inputs: uniform over [lo, hi] by a linear congruential sequence.
fn spread(n: usize, lo: f64, hi: f64, seed: u64) -> Vec<f64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            lo + (hi - lo) * ((state >> 11) as f64 / (1u64 << 53) as f64)
        })
        .collect()
}

#[test]
fn exp_is_within_one_ulp_of_the_c_library() {
    let src = "import math\nimport numpy as np\nfrom numba import njit\n\n@njit\ndef array_exp(x):\n    return np.exp(x)\n\n@njit\ndef scalar_exp(x):\n    return math.exp(x)\n";
    let module = Module::from_source(src, "exp.py").unwrap();
    let mut inputs: Vec<f64> = spread(100_000, -750.0, 712.0, 1);
    inputs.extend(spread(50_000, -1.0, 1.0, 2));
    inputs.extend(spread(50_000, -1e-8, 1e-8, 3));
    // Near the ends of the range, the halfway points of the reduction and special values.
    let ln2 = std::f64::consts::LN_2;
    inputs.extend((-1100..1100).map(|k| (k as f64 + 0.5) * ln2));
    inputs.extend([
        0.0,
        -0.0,
        1.0,
        -1.0,
        709.782712893384,
        709.7827128933841,
        710.0,
        -708.3964185322641,
        -708.4,
        -745.1332191019411,
        -745.1332191019412,
        -746.0,
        f64::MIN_POSITIVE,
        5e-324,
        1e300,
        -1e300,
    ]);
    let mut x = Array1::from_vec(inputs.clone());
    let f = module.function("array_exp").unwrap();
    let PyValue::Array(result) = f
        .call(&mut [Arg::Array(ArrayArg::new(x.view_mut()))])
        .unwrap()
    else {
        panic!("an array")
    };
    let blackbird::runtime::ArrayData::F64(values) = &result.data else {
        panic!("float64")
    };
    let mut worst = (0, 0.0);
    for (x, got) in inputs.iter().zip(values.iter()) {
        let want = x.exp();
        if want.is_finite() && got.is_finite() {
            let d = ulps(*got, want);
            if d > worst.0 {
                worst = (d, *x);
            }
        } else {
            assert_eq!(
                got.to_bits(),
                want.to_bits(),
                "exp({x}) = {got}, expected {want}"
            );
        }
    }
    assert!(worst.0 <= 1, "{} ulps at x = {}", worst.0, worst.1);
    // Exact cases.
    let scalar = module.function("scalar_exp").unwrap();
    for (x, want) in [
        (0.0, 1.0),
        (-0.0, 1.0),
        (f64::INFINITY, f64::INFINITY),
        (f64::NEG_INFINITY, 0.0),
        (710.0, f64::INFINITY),
        (-746.0, 0.0),
    ] {
        assert_eq!(
            scalar.call(&mut [Arg::Float(x)]).unwrap(),
            PyValue::Float(want),
            "exp({x})"
        );
    }
    let PyValue::Float(nan) = scalar.call(&mut [Arg::Float(f64::NAN)]).unwrap() else {
        panic!("a float")
    };
    assert!(nan.is_nan());
}
