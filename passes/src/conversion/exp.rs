//! `exp` of float64 on the CPU as MLIR arith/math ops, so that loops over arrays vectorize:
//! the C library's `exp` is one scalar call per element, which bounds `a * b - np.exp(c)` far
//! below memory bandwidth.
//!
//! The algorithm (Cody–Waite reduction and a Taylor polynomial): `x = q ln2 + s` with
//! `q = roundeven(x / ln2)` and `|s| <= ln2 / 2`, `s` computed with a two-part `ln2` and
//! fused multiply-adds; `exp(s) = 1 + s + s² P(s)` with `P` the Taylor terms up to `s^13`
//! (truncation below 5e-18 relative); the result scaled by `2^q` as two powers of two
//! (`2^(q>>1)` and `2^(q - (q>>1))`), so results near overflow and in the subnormal range are
//! rounded once. The input is clamped to [-746, 710] first (beyond, the result is 0 or inf
//! anyway); NaN passes through. Error: within 1 ulp of the C library's `exp` over the whole
//! range, exact at the special values (`tests/exp_accuracy.rs`). Against correctly rounded
//! values (60 000 samples, mpmath): at most 1 ulp, 9% of results not correctly rounded (NumPy's
//! own AVX-512 `np.exp` on the same inputs: at most 1 ulp, 5%).

/// The name of the function [`exp_f64_function`] defines.
pub const EXP_F64_SYMBOL: &str = "blackbird_exp_f64";

/// An f64 constant in MLIR's exact hexadecimal form.
fn hex(x: f64) -> String {
    format!("0x{:016X}", x.to_bits())
}

/// The MLIR text of `func.func private @blackbird_exp_f64(f64) -> f64`, always inlined.
pub fn exp_f64_function() -> String {
    let ln2_hi = std::f64::consts::LN_2;
    // ln 2 - ln2_hi, to double precision.
    let ln2_lo = 2.319_046_813_846_299_6e-17;
    let mut lines = vec![
        format!(
            "func.func private @{EXP_F64_SYMBOL}(%x: f64) -> f64 attributes {{passthrough = [\"alwaysinline\"]}} {{"
        ),
        format!("  %lo = arith.constant {} : f64", hex(-746.0)),
        format!("  %hi = arith.constant {} : f64", hex(710.0)),
        "  %x0 = arith.maxnumf %x, %lo : f64".into(),
        "  %xc = arith.minnumf %x0, %hi : f64".into(),
        format!(
            "  %inv_ln2 = arith.constant {} : f64",
            hex(std::f64::consts::LOG2_E)
        ),
        "  %t = arith.mulf %xc, %inv_ln2 : f64".into(),
        "  %qf = math.roundeven %t : f64".into(),
        "  %nq = arith.negf %qf : f64".into(),
        format!("  %ln2_hi = arith.constant {} : f64", hex(ln2_hi)),
        format!("  %ln2_lo = arith.constant {} : f64", hex(ln2_lo)),
        "  %r = math.fma %nq, %ln2_hi, %xc : f64".into(),
        "  %s = math.fma %nq, %ln2_lo, %r : f64".into(),
    ];
    // P(s) = 1/2! + s (1/3! + s (… + s / 13!)), by Horner's rule.
    let inverse_factorial = |k: u32| 1.0 / (1..=k).map(f64::from).product::<f64>();
    lines.push(format!(
        "  %p13 = arith.constant {} : f64",
        hex(inverse_factorial(13))
    ));
    for k in (2..13).rev() {
        lines.push(format!(
            "  %c{k} = arith.constant {} : f64",
            hex(inverse_factorial(k))
        ));
        lines.push(format!("  %p{k} = math.fma %p{}, %s, %c{k} : f64", k + 1));
    }
    lines.extend(
        [
            "%s2 = arith.mulf %s, %s : f64",
            "%tail = math.fma %s2, %p2, %s : f64",
            "%one = arith.constant 1.0 : f64",
            "%u = arith.addf %tail, %one : f64",
            // 2^q as two factors, each a normal power of two.
            "%q = arith.fptosi %qf : f64 to i64",
            "%c1 = arith.constant 1 : i64",
            "%bias = arith.constant 1023 : i64",
            "%c52 = arith.constant 52 : i64",
            "%q1 = arith.shrsi %q, %c1 : i64",
            "%q2 = arith.subi %q, %q1 : i64",
            "%e1 = arith.addi %q1, %bias : i64",
            "%b1 = arith.shli %e1, %c52 : i64",
            "%f1 = arith.bitcast %b1 : i64 to f64",
            "%e2 = arith.addi %q2, %bias : i64",
            "%b2 = arith.shli %e2, %c52 : i64",
            "%f2 = arith.bitcast %b2 : i64 to f64",
            "%v1 = arith.mulf %u, %f1 : f64",
            "%v = arith.mulf %v1, %f2 : f64",
            "%nan = arith.cmpf uno, %x, %x : f64",
            "%result = arith.select %nan, %x, %v : f64",
            "return %result : f64",
        ]
        .map(|l| format!("  {l}")),
    );
    lines.push("}".into());
    lines.iter().map(|l| format!("  {l}\n")).collect()
}
