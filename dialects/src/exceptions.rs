//! The builtin exception classes compiled code raises and catches, with CPython's (and
//! NumPy's) hierarchy among them: `except C` catches an exception of kind `K` when `K` is `C`
//! or one of its subclasses ([`catches`]). Each kind has a small code ([`kind_code`]) that
//! the emitted module's table of raise sites holds, so that `loop.exception_is` tests a
//! pending exception's class with a mask ([`class_mask`]).

/// Every class, with its base (`None`: a direct subclass of `BaseException`), in code order.
pub const CLASSES: &[(&str, Option<&str>)] = &[
    ("Exception", None),
    ("ArithmeticError", Some("Exception")),
    ("FloatingPointError", Some("ArithmeticError")),
    ("OverflowError", Some("ArithmeticError")),
    ("ZeroDivisionError", Some("ArithmeticError")),
    ("AssertionError", Some("Exception")),
    ("LookupError", Some("Exception")),
    ("IndexError", Some("LookupError")),
    ("KeyError", Some("LookupError")),
    ("MemoryError", Some("Exception")),
    ("RuntimeError", Some("Exception")),
    ("NotImplementedError", Some("RuntimeError")),
    ("TypeError", Some("Exception")),
    ("ValueError", Some("Exception")),
    // numpy.linalg.LinAlgError derives from ValueError.
    ("LinAlgError", Some("ValueError")),
    ("NameError", Some("Exception")),
    ("UnboundLocalError", Some("NameError")),
];

/// The code of a kind that is none of [`CLASSES`] (only a bare `except:` catches it).
pub const UNKNOWN_KIND: i64 = 63;

/// The code of `kind` in [`CLASSES`], else [`UNKNOWN_KIND`].
pub fn kind_code(kind: &str) -> i64 {
    CLASSES
        .iter()
        .position(|(name, _)| *name == kind)
        .map_or(UNKNOWN_KIND, |p| p as i64)
}

/// Whether `except class` catches an exception of kind `kind` (`class` is `kind` or one of
/// its bases; `BaseException` catches everything).
pub fn catches(class: &str, kind: &str) -> bool {
    if class == "BaseException" {
        return true;
    }
    let mut current = Some(kind);
    while let Some(k) = current {
        if k == class {
            return true;
        }
        current = CLASSES.iter().find(|(n, _)| *n == k).and_then(|(_, b)| *b);
    }
    false
}

/// Whether `class` can be named in an `except` clause of compiled code.
pub fn is_catchable(class: &str) -> bool {
    class == "BaseException" || CLASSES.iter().any(|(n, _)| *n == class)
}

/// The kind codes (bit `code` set) of the kinds any of `classes` catches.
pub fn class_mask(classes: &[String]) -> u64 {
    let mut mask = 0u64;
    for (code, (kind, _)) in CLASSES.iter().enumerate() {
        if classes.iter().any(|c| catches(c, kind)) {
            mask |= 1 << code;
        }
    }
    if classes.iter().any(|c| c == "BaseException") {
        mask |= 1 << UNKNOWN_KIND;
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hierarchy_follows_cpython() {
        assert!(catches("ArithmeticError", "ZeroDivisionError"));
        assert!(catches("LookupError", "IndexError"));
        assert!(catches("Exception", "KeyError"));
        assert!(catches("ValueError", "LinAlgError"));
        assert!(!catches("ValueError", "IndexError"));
        assert!(!catches("ZeroDivisionError", "ArithmeticError"));
        assert_eq!(kind_code("SomethingElse"), UNKNOWN_KIND);
        let mask = class_mask(&["LookupError".to_string()]);
        assert_eq!(
            mask,
            (1 << kind_code("LookupError"))
                | (1 << kind_code("IndexError"))
                | (1 << kind_code("KeyError"))
        );
        assert_eq!(
            class_mask(&["BaseException".to_string()]).count_ones() as usize,
            CLASSES.len() + 1
        );
    }
}
