//! Blackbird's IR: an MLIR-style core ([`ir`]) and the dialects built on it.
//!
//! | dialect | module | level |
//! |---|---|---|
//! | `py` | [`py`] | Python semantics, untyped then typed |
//! | `tensor` | [`tensor`] | whole-array NumPy operations |
//! | `loop` | [`loops`] | loop nests over buffers |
//! | `arith`, `math`, `func` | [`arith`], [`math`], [`func`] | mirrors of MLIR's upstream ops |
//! | `gpu` | [`gpu`] | kernel launch values, barrier, shared memory (mirror of upstream) |
//! | `builtin` | [`builtin`] | the module |
//!
//! ```
//! use blackbird_dialects::ir::{parse_module, print_op, verify, Context, PrintOptions};
//!
//! let mut ctx = Context::new();
//! let text = "func.func {function_type = (i64) -> i64, sym_name = \"id\"} {\n^bb0(%arg0: i64):\n  func.return %arg0 : i64\n}\n";
//! let module = parse_module(&mut ctx, text, "id.ir").unwrap();
//! verify(&ctx, module).unwrap();
//! let printed = print_op(&ctx, module, PrintOptions::default());
//! assert!(printed.contains("func.return %arg0 : i64"));
//! ```

pub mod ir;

pub mod arith;
pub mod builtin;
pub mod exceptions;
pub mod func;
pub mod gpu;
pub mod loops;
pub mod math;
pub mod py;
pub mod tensor;

/// Every op of every dialect.
pub fn all_ops() -> Vec<&'static ir::OpDef> {
    [
        builtin::OPS,
        func::OPS,
        arith::OPS,
        math::OPS,
        loops::OPS,
        gpu::OPS,
        tensor::OPS,
        py::OPS,
    ]
    .concat()
}
