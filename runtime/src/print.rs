//! `print` from compiled code: the function whose address goes into a module's
//! [`PRINT_HOOK_SYMBOL`] global, and Python's formatting of numbers.

use std::ffi::{c_char, CStr};
use std::io::Write;

pub use blackbird_passes::conversion::loop_to_mlir::PRINT_HOOK_SYMBOL;

/// Called by compiled code: fill `format`'s typed holes with `values` (64-bit slots) and write
/// the text to standard output in one piece.
pub(crate) extern "C" fn blackbird_print(format: *const c_char, values: *const i64) {
    // SAFETY: compiled code passes its NUL-terminated constant format and a buffer holding one
    // slot per hole of it (see `loop_to_mlir::PRINT_HOOK_SYMBOL`).
    let format = unsafe { CStr::from_ptr(format) }.to_string_lossy();
    let mut taken = 0;
    let text = fill(&format, || {
        // SAFETY: `fill` takes one slot per hole, in order.
        let slot = unsafe { *values.add(taken) };
        taken += 1;
        slot
    });
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// `format` with each hole (`{i}`, `{u}`, `{b}`, `{f}`) replaced by the next slot (taken in
/// order, once per hole) shown as
/// Python shows that kind of value, and doubled braces undoubled.
pub fn fill(format: &str, mut next_slot: impl FnMut() -> i64) -> String {
    let mut out = String::new();
    let mut rest = format;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let piece = &rest[at..];
        let len = if piece.starts_with("{{") || piece.starts_with("}}") {
            out.push_str(&piece[..1]);
            2
        } else {
            let kind = piece.as_bytes().get(1).copied();
            let slot = next_slot();
            out.push_str(&match kind {
                Some(b'f') => python_float_repr(f64::from_bits(slot as u64)),
                Some(b'g') => float32_repr(f32::from_bits(slot as u32)),
                Some(b'b') => if slot != 0 { "True" } else { "False" }.to_string(),
                Some(b'u') => (slot as u64).to_string(),
                _ => slot.to_string(),
            });
            3
        };
        rest = &rest[len.min(rest.len() - at) + at..];
    }
    out.push_str(rest);
    out
}

/// `repr(x)` as Python writes a float: the shortest digits that read back as `x`, positional
/// for exponents -4..16 (with at least one digit after the point), else `d.ddde±XX`.
pub fn python_float_repr(x: f64) -> String {
    if !x.is_finite() {
        return non_finite(x);
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `-1.2345e-7`.
    shortest_in_python_layout(&format!("{x:e}"))
}

/// A float32 as NumPy shows it (`str(np.float32(0.1))` is `0.1`): the shortest digits that
/// read back as that float32, laid out as Python's `repr`.
pub fn float32_repr(x: f32) -> String {
    if !x.is_finite() {
        return non_finite(f64::from(x));
    }
    shortest_in_python_layout(&format!("{x:e}"))
}

fn non_finite(x: f64) -> String {
    match x {
        x if x.is_nan() => "nan",
        x if x > 0.0 => "inf",
        _ => "-inf",
    }
    .to_string()
}

/// Shortest digits in Rust's `{:e}` form (`-1.2345e-7`) laid out as Python's float `repr`.
fn shortest_in_python_layout(sci: &str) -> String {
    let (mantissa, exponent) = sci.split_once('e').expect("`{:e}` has an exponent");
    let exponent: i32 = exponent.parse().expect("an integer exponent");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let body = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let mantissa = match digits.len() {
            1 => digits.clone(),
            _ => format!("{}.{}", &digits[..1], &digits[1..]),
        };
        let esign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{esign}{:02}", exponent.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_python_repr() {
        for (x, want) in [
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (0.1, "0.1"),
            (2.5, "2.5"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (123456789012345.0, "123456789012345.0"),
            (1e16, "1e+16"),
            (1.5e300, "1.5e+300"),
            (-2.25e-7, "-2.25e-07"),
            (1.0 / 3.0, "0.3333333333333333"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
        ] {
            assert_eq!(python_float_repr(x), want, "{x}");
        }
    }

    #[test]
    fn float32_prints_its_own_shortest_digits() {
        assert_eq!(float32_repr(0.1), "0.1");
        assert_eq!(float32_repr(1.0 / 3.0), "0.33333334");
        assert_eq!(float32_repr(3e38), "3e+38");
    }

    #[test]
    fn holes_take_slots_in_order() {
        let mut slots = [-3, 2.5f64.to_bits() as i64, 1, -1].into_iter();
        assert_eq!(
            fill("a={i} {{b}}={f} {b} {u}\n", || slots.next().unwrap()),
            "a=-3 {b}=2.5 True 18446744073709551615\n"
        );
    }
}
