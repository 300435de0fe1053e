//! `exp`, `log` and `log10` of float64 on the CPU as MLIR arith/math ops, so that loops over
//! arrays vectorize: the C library's functions are one scalar call per element, which bounds
//! `a * b - np.exp(c)` far below memory bandwidth. Each is a private, always-inlined function
//! that `convert-loop-to-mlir` calls in place of the `math` op ([`inline_function`]).
//!
//! `exp` (Cody–Waite reduction and a Taylor polynomial): `x = q ln2 + s` with
//! `q = roundeven(x / ln2)` and `|s| <= ln2 / 2`, `s` computed with a two-part `ln2` and
//! fused multiply-adds; `exp(s) = 1 + s + s² P(s)` with `P` the Taylor terms up to `s^13`
//! (truncation below 5e-18 relative); the result scaled by `2^q` as two powers of two
//! (`2^(q>>1)` and `2^(q - (q>>1))`), so results near overflow and in the subnormal range are
//! rounded once. The input is clamped to [-746, 710] first (beyond, the result is 0 or inf
//! anyway); NaN passes through. Error: within 1 ulp of the C library's `exp` over the whole
//! range, exact at the special values (`tests/vector_math_accuracy.rs`). Against correctly rounded
//! values (60 000 samples, mpmath): at most 1 ulp, 9% of results not correctly rounded (NumPy's
//! own AVX-512 `np.exp` on the same inputs: at most 1 ulp, 5%).

use blackbird_dialects::ir::OpDef;
use blackbird_dialects::math;

/// Writes a function's MLIR text.
pub type Definition = fn() -> String;

/// The inline replacement of each float64 `math` op that has one: the op, the function's
/// symbol and its definition (MLIR text).
const INLINE_FUNCTIONS: &[(&OpDef, &str, Definition)] = &[
    (&math::EXP, "blackbird_exp_f64", exp_f64_function),
    (&math::LOG, "blackbird_log_f64", log_f64_function),
    (&math::LOG10, "blackbird_log10_f64", log10_f64_function),
];

/// The inline replacement of the float64 `math` op `def`: the function's symbol and its
/// definition (MLIR text).
pub fn inline_function(def: &OpDef) -> Option<(&'static str, Definition)> {
    INLINE_FUNCTIONS
        .iter()
        .find(|(d, _, _)| d.same_as(def))
        .map(|(_, symbol, define)| (*symbol, *define))
}

/// `ln 2 - LN_2`: the rounding error of the double nearest ln 2.
const LN_2_ROUNDING: f64 = 2.319_046_813_846_299_6e-17;

/// `%name = arith.constant …` of an f64, in MLIR's exact hexadecimal form.
fn f64_constant(name: &str, v: f64) -> String {
    format!("%{name} = arith.constant 0x{:016X} : f64", v.to_bits())
}

/// `%name = arith.constant …` of an i64.
fn i64_constant(name: &str, v: i64) -> String {
    format!("%{name} = arith.constant {v} : i64")
}

/// `x` with the low 32 bits of its mantissa cleared: for `|k| < 2^21`, `k * high_part(x)` is
/// exact.
fn high_part(x: f64) -> f64 {
    f64::from_bits(x.to_bits() & 0xFFFF_FFFF_0000_0000)
}

/// An always-inlined `(f64) -> f64` function of `%x` whose `body` ends with its return, as
/// lines of the module.
fn function(symbol: &str, body: &[String]) -> String {
    let mut out = format!(
        "  func.func private @{symbol}(%x: f64) -> f64 attributes {{passthrough = [\"alwaysinline\"]}} {{\n"
    );
    for line in body {
        out.push_str(&format!("    {line}\n"));
    }
    out.push_str("  }\n");
    out
}

/// `func.func private @blackbird_exp_f64(f64) -> f64`.
fn exp_f64_function() -> String {
    let mut lines = vec![
        f64_constant("lo", -746.0),
        f64_constant("hi", 710.0),
        "%x0 = arith.maxnumf %x, %lo : f64".into(),
        "%xc = arith.minnumf %x0, %hi : f64".into(),
        f64_constant("inv_ln2", std::f64::consts::LOG2_E),
        "%t = arith.mulf %xc, %inv_ln2 : f64".into(),
        "%qf = math.roundeven %t : f64".into(),
        "%nq = arith.negf %qf : f64".into(),
        f64_constant("ln2_hi", std::f64::consts::LN_2),
        f64_constant("ln2_lo", LN_2_ROUNDING),
        "%r = math.fma %nq, %ln2_hi, %xc : f64".into(),
        "%s = math.fma %nq, %ln2_lo, %r : f64".into(),
    ];
    // P(s) = 1/2! + s (1/3! + s (… + s / 13!)), by Horner's rule.
    let inverse_factorial = |k: u32| 1.0 / (1..=k).map(f64::from).product::<f64>();
    lines.push(f64_constant("p13", inverse_factorial(13)));
    for k in (2..13).rev() {
        lines.push(f64_constant(&format!("c{k}"), inverse_factorial(k)));
        lines.push(format!("%p{k} = math.fma %p{}, %s, %c{k} : f64", k + 1));
    }
    lines.extend([
        "%s2 = arith.mulf %s, %s : f64".into(),
        "%tail = math.fma %s2, %p2, %s : f64".into(),
        f64_constant("one", 1.0),
        "%u = arith.addf %tail, %one : f64".into(),
        // 2^q as two factors, each a normal power of two.
        "%q = arith.fptosi %qf : f64 to i64".into(),
        i64_constant("c1", 1),
        i64_constant("bias", 1023),
        i64_constant("c52", 52),
        "%q1 = arith.shrsi %q, %c1 : i64".into(),
        "%q2 = arith.subi %q, %q1 : i64".into(),
        "%e1 = arith.addi %q1, %bias : i64".into(),
        "%b1 = arith.shli %e1, %c52 : i64".into(),
        "%f1 = arith.bitcast %b1 : i64 to f64".into(),
        "%e2 = arith.addi %q2, %bias : i64".into(),
        "%b2 = arith.shli %e2, %c52 : i64".into(),
        "%f2 = arith.bitcast %b2 : i64 to f64".into(),
        "%v1 = arith.mulf %u, %f1 : f64".into(),
        "%v = arith.mulf %v1, %f2 : f64".into(),
        "%nan = arith.cmpf uno, %x, %x : f64".into(),
        "%result = arith.select %nan, %x, %v : f64".into(),
        "return %result : f64".into(),
    ]);
    function("blackbird_exp_f64", &lines)
}

/// `log` and `log10` (fdlibm's scheme with Taylor coefficients): `x = 2^k m` with
/// `m` in [√2/2, √2) (subnormals scaled by 2^54 first), `f = m - 1` (exact),
/// `s = f / (2 + f)`, `log(1 + f) = 2 atanh(s) = f - (f²/2 - s (f²/2 + R))` with
/// `R = Σ 2 s^(2i) / (2i + 1)` up to `s^22` (|s| ≤ 0.1716: truncation below 1e-17), then
/// `log x = k ln2_hi - ((f²/2 - (s (f²/2 + R) + k ln2_lo)) - f)` with `k ln2_hi` exact, and
/// `log10 x = k log10(2) + log(m) / ln 10` with `log10(2)`'s rounding error added back.
/// Negative inputs give NaN, 0 gives -inf, +inf and NaN themselves. Against correctly rounded
/// values (40 000 samples, mpmath): both at most 1 ulp, 3.8% (log) and 5.2% (log10) not
/// correctly rounded; `tests/vector_math_accuracy.rs` checks them against the C library's.
fn log_core(lines: &mut Vec<String>) {
    let ln2 = std::f64::consts::LN_2;
    let ln2_hi = high_part(ln2);
    // ln 2 - ln2_hi: the exact difference of the doubles plus ln 2's own rounding error.
    let ln2_lo = (ln2 - ln2_hi) + LN_2_ROUNDING;
    let (c, i) = (f64_constant, i64_constant);
    lines.extend([
        // Subnormals scaled into the normal range.
        c("two54", 2f64.powi(54)),
        c("min_normal", f64::MIN_POSITIVE),
        "%sub = arith.cmpf olt, %x, %min_normal : f64".into(),
        "%xs = arith.mulf %x, %two54 : f64".into(),
        "%xn = arith.select %sub, %xs, %x : f64".into(),
        i("bias", 1023),
        i("bias54", 1023 + 54),
        "%b = arith.select %sub, %bias54, %bias : i64".into(),
        "%bits = arith.bitcast %xn : f64 to i64".into(),
        i("c52", 52),
        i("emask", 0x7FF),
        "%eb = arith.shrui %bits, %c52 : i64".into(),
        "%e = arith.andi %eb, %emask : i64".into(),
        "%k0 = arith.subi %e, %b : i64".into(),
        i("mmask", 0x000F_FFFF_FFFF_FFFF),
        i("one_bits", 0x3FF0_0000_0000_0000),
        "%mant = arith.andi %bits, %mmask : i64".into(),
        "%mb = arith.ori %mant, %one_bits : i64".into(),
        "%m0 = arith.bitcast %mb : i64 to f64".into(),
        c("sqrt2", std::f64::consts::SQRT_2),
        c("half", 0.5),
        "%big = arith.cmpf oge, %m0, %sqrt2 : f64".into(),
        "%m1 = arith.mulf %m0, %half : f64".into(),
        "%m = arith.select %big, %m1, %m0 : f64".into(),
        i("k_one", 1),
        "%k1 = arith.addi %k0, %k_one : i64".into(),
        "%k = arith.select %big, %k1, %k0 : i64".into(),
        "%dk = arith.sitofp %k : i64 to f64".into(),
        c("one", 1.0),
        c("two", 2.0),
        "%f = arith.subf %m, %one : f64".into(),
        "%d = arith.addf %f, %two : f64".into(),
        "%s = arith.divf %f, %d : f64".into(),
        "%z = arith.mulf %s, %s : f64".into(),
    ]);
    // R = z (2/3 + z (2/5 + … + z 2/23)).
    lines.push(c("r11", 2.0 / 23.0));
    for n in (1..11).rev() {
        lines.push(c(&format!("q{n}"), 2.0 / f64::from(2 * n + 1)));
        lines.push(format!("%r{n} = math.fma %r{}, %z, %q{n} : f64", n + 1));
    }
    lines.extend([
        "%big_r = arith.mulf %r1, %z : f64".into(),
        "%ff = arith.mulf %f, %f : f64".into(),
        "%hfsq = arith.mulf %ff, %half : f64".into(),
        "%hr = arith.addf %hfsq, %big_r : f64".into(),
        "%shr = arith.mulf %s, %hr : f64".into(),
        c("ln2_hi", ln2_hi),
        c("ln2_lo", ln2_lo),
    ]);
}

/// The special cases of a logarithm `%r` of `%x`: NaN for x < 0, -inf for 0, x itself for
/// +inf and NaN; the result is `%result`.
fn log_specials(lines: &mut Vec<String>) {
    let c = f64_constant;
    lines.extend([
        c("zero", 0.0),
        c("inf", f64::INFINITY),
        c("ninf", f64::NEG_INFINITY),
        c("nan", f64::NAN),
        "%is_zero = arith.cmpf oeq, %x, %zero : f64".into(),
        "%is_neg = arith.cmpf olt, %x, %zero : f64".into(),
        "%is_self = arith.cmpf ueq, %x, %inf : f64".into(),
        "%v1 = arith.select %is_zero, %ninf, %r : f64".into(),
        "%v2 = arith.select %is_neg, %nan, %v1 : f64".into(),
        "%result = arith.select %is_self, %x, %v2 : f64".into(),
        "return %result : f64".into(),
    ]);
}

/// `func.func private @blackbird_log_f64(f64) -> f64` (see [`log_core`]).
fn log_f64_function() -> String {
    let mut lines = vec![];
    log_core(&mut lines);
    lines.extend(
        [
            "%t3 = math.fma %dk, %ln2_lo, %shr : f64",
            "%t4 = arith.subf %hfsq, %t3 : f64",
            "%t5 = arith.subf %t4, %f : f64",
            "%hi = arith.mulf %dk, %ln2_hi : f64",
            "%r = arith.subf %hi, %t5 : f64",
        ]
        .map(String::from),
    );
    log_specials(&mut lines);
    function("blackbird_log_f64", &lines)
}

/// `func.func private @blackbird_log10_f64(f64) -> f64` (see [`log_core`]).
fn log10_f64_function() -> String {
    // log10(2) rounded, and its rounding error (log10(2) - log10_2, from a 300-bit value);
    // split as ln 2 is, so that k log10_2_hi is exact.
    let log10_2 = std::f64::consts::LOG10_2;
    let log10_2_rounding = f64::from_bits(0xBC49_DC1D_A994_FD21);
    let log10_2_hi = high_part(log10_2);
    let log10_2_lo = (log10_2 - log10_2_hi) + log10_2_rounding;
    let c = f64_constant;
    let mut lines = vec![];
    log_core(&mut lines);
    lines.extend([
        // log(m) = f - (hfsq - s (hfsq + R)) = f - w; its high part f / ln 10 split exactly.
        "%w = arith.subf %hfsq, %shr : f64".into(),
        c("ivln10", std::f64::consts::LOG10_E),
        c("log10_2_hi", log10_2_hi),
        c("log10_2_lo", log10_2_lo),
        "%fh = arith.mulf %f, %ivln10 : f64".into(),
        "%nfh = arith.negf %fh : f64".into(),
        "%fe = math.fma %f, %ivln10, %nfh : f64".into(),
        "%wl = arith.mulf %w, %ivln10 : f64".into(),
        "%lo0 = arith.subf %fe, %wl : f64".into(),
        "%lo = math.fma %dk, %log10_2_lo, %lo0 : f64".into(),
        // k log10_2_hi + f / ln 10 as an exact sum s1 + e1 (Knuth's two-sum).
        "%a = arith.mulf %dk, %log10_2_hi : f64".into(),
        "%s1 = arith.addf %a, %fh : f64".into(),
        "%bb = arith.subf %s1, %a : f64".into(),
        "%ab = arith.subf %s1, %bb : f64".into(),
        "%ea = arith.subf %a, %ab : f64".into(),
        "%eh = arith.subf %fh, %bb : f64".into(),
        "%e1 = arith.addf %ea, %eh : f64".into(),
        "%tail = arith.addf %e1, %lo : f64".into(),
        "%r = arith.addf %s1, %tail : f64".into(),
    ]);
    log_specials(&mut lines);
    function("blackbird_log10_f64", &lines)
}
