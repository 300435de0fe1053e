//! Invalid IR is rejected by the dialects' verifiers with a specific, typed error kind (and its
//! message), one case per kind of check.

use blackbird_dialects::ir::{parse_module, verify, Context, VerifyError, VerifyErrorKind as K};

/// The verifier's errors for `text` (which must parse).
fn errors(text: &str) -> Vec<VerifyError> {
    let mut ctx = Context::new();
    let module = parse_module(&mut ctx, text, "invalid.ir").unwrap_or_else(|d| {
        panic!("{}", d.render(Some(text)));
    });
    verify(&ctx, module).expect_err("the IR must not verify")
}

/// An invalid IR text, the op whose error is checked, the kind expected and its message.
type Case = (String, &'static str, fn(&K) -> bool, &'static str);

const N: &str = "%n = arith.constant {value = 4 : index} : index\n";

#[test]
fn each_check_has_its_own_error_kind() {
    let cases: Vec<Case> = vec![
        (
            format!("{N}%a = tensor.empty %n : (index) -> tensor<?x3xf64>\n%0 = tensor.reduce %a {{axes = array<i64: 2>, kind = \"sum\"}} : (tensor<?x3xf64>) -> tensor<?xf64>"),
            "tensor.reduce",
            |k| matches!(k, K::BadAxis { axis: 2, rank: 2 }),
            "invalid or repeated axis 2 for rank 2",
        ),
        (
            "%x = arith.constant {value = 1 : i64} : i64\n%0 = tensor.splat %x : (i64) -> tensor<3xf64>".into(),
            "tensor.splat",
            |k| matches!(k, K::ElementTypes(_)),
            "the scalar must have the element type",
        ),
        (
            "%a = tensor.empty : () -> tensor<2x3x4xf64>\n%0 = tensor.matmul %a, %a : tensor<2x3x4xf64>".into(),
            "tensor.matmul",
            |k| matches!(k, K::Shapes(_)),
            "operands must be 1-D or 2-D",
        ),
        (
            "%a = tensor.empty : () -> tensor<2x3xf64>\n%b = tensor.empty : () -> tensor<4x2xf64>\n%0 = tensor.matmul %a, %b : (tensor<2x3xf64>, tensor<4x2xf64>) -> tensor<2x2xf64>".into(),
            "tensor.matmul",
            |k| matches!(k, K::ContractedDimensions { left: 3, right: 4 }),
            "contracted dimensions differ: 3 vs 4",
        ),
        (
            "%a = loop.alloc : () -> memref<4xf64>\n%0 = loop.dim %a {dim = 1 : i64} : (memref<4xf64>) -> index".into(),
            "loop.dim",
            |k| matches!(k, K::DimensionOutOfRange { dim: 1, rank: 1 }),
            "dimension 1 out of range for rank 1",
        ),
        (
            "%x = arith.constant {value = 1.0 : f64} : f64\n%0 = tensor.read %x : (f64) -> tensor<?xf64>".into(),
            "tensor.read",
            |k| matches!(k, K::ExpectedType { .. }),
            "expects a memref, found f64",
        ),
        (
            "%x = arith.constant {value = 1 : i64} : i64\nloop.print %x {format = \"{} {}\"} : (i64) -> ()".into(),
            "loop.print",
            |k| matches!(k, K::AttrValue(_)),
            "the format has one `{}` per operand (braces doubled elsewhere)",
        ),
        (
            "%x = arith.constant {value = 1 : i64} : i64\n%0 = arith.extsi %x : (i64) -> i32".into(),
            "arith.extsi",
            |k| matches!(k, K::OperandTypes(_)),
            "result must be wider than the operand",
        ),
        (
            "%0 = arith.constant {value = 1.5 : f64} : i64".into(),
            "arith.constant",
            |k| matches!(k, K::ConstantType { .. }),
            "value 1.5 : f64 does not match the result type i64",
        ),
        (
            "%0 = loop.alloc : () -> memref<4x4xf64>\n%i = arith.constant {value = 0 : index} : index\n%1 = loop.load %0, %i : (memref<4x4xf64>, index) -> f64".into(),
            "loop.load",
            |k| matches!(k, K::IndexCount { expected: 2, found: 1 }),
            "expects 2 indices, found 1",
        ),
        (
            "func.func {function_type = () -> (), sym_name = \"f\"} {\n  func.call {callee = @nope} : () -> ()\n  func.return\n}".into(),
            "func.call",
            |k| matches!(k, K::UndefinedCallee(name) if name == "nope"),
            "callee @nope is not defined in the module",
        ),
        (
            "func.func {function_type = () -> i64, sym_name = \"f\"} {\n  %0 = arith.constant {value = 1.0 : f64} : f64\n  func.return %0 : f64\n}".into(),
            "func.return",
            |k| matches!(k, K::TypesMismatch { .. }),
            "returned value types (f64) do not match the expected (i64)",
        ),
        (
            "%0 = loop.alloc : () -> memref<4xf64>\n%1 = tensor.read %0 : (memref<4xf64>) -> tensor<?xf64>\n%2 = tensor.map %1 : (tensor<?xf64>) -> tensor<?xf64> {\n^bb0(%a: f64, %b: f64):\n  tensor.yield %a : f64\n}".into(),
            "tensor.map",
            |k| matches!(k, K::Region(_)),
            "the body takes one element per operand",
        ),
    ];
    let mut failures = vec![];
    for (text, op, is_kind, message) in &cases {
        let errors = errors(text);
        match errors.iter().find(|e| e.op == *op) {
            Some(e) if is_kind(&e.kind) && e.kind.to_string() == *message => {}
            Some(e) => failures.push(format!("{op}: {:?} ({})", e.kind, e.kind)),
            None => failures.push(format!("{op}: no error of the op in {errors:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
