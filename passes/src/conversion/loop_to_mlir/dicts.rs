//! Dicts and sets (see `loop::DICT_MAKE`, `loop::DICT_CALL`): a dict or set is a pointer to
//! the runtime's table, whose first field is its length (read inline). Every other operation
//! is one call through the module's hook global of its method (see [`DICT_METHODS`]): the
//! key and value words go through a stack buffer (freed after the call), another table and
//! an `i64` argument as parameters.

use blackbird_dialects::ir::{Diagnostic, OpId, Signedness, Type, TypeKind, Value};
use blackbird_dialects::loops;

use super::emitter::Emitter;
use super::{dict_function_symbol, dict_hook_symbol, DICT_METHODS};

/// The signature of every dict method's function.
const SIGNATURE: &str = "(!llvm.ptr, !llvm.ptr, !llvm.ptr, i64) -> i64";

impl Emitter<'_> {
    /// Emit `op` when it is a dict op; whether it was. GPU code has no dicts.
    pub(super) fn dict_op(&mut self, op: OpId, indent: usize) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        let make = ctx.is_op(op, &loops::DICT_MAKE);
        if !make && !ctx.is_op(op, &loops::DICT_CALL) {
            return Ok(false);
        }
        if self.gpu {
            return Err(Diagnostic::error(
                ctx.loc(op).clone(),
                "dicts and sets are not supported in GPU code",
            ));
        }
        let method = loops::dict::METHOD.of(ctx, op);
        let operands = ctx.operands(op).to_vec();
        if make {
            let zero = self.fresh();
            self.line(indent, &format!("{zero} = llvm.mlir.zero : !llvm.ptr"));
            let arg = self.fresh();
            let descriptor = match method.as_str() {
                "new" => descriptor(ctx, ctx.value_type(ctx.result(op, 0))),
                _ => 0,
            };
            self.line(
                indent,
                &format!("{arg} = llvm.mlir.constant({descriptor} : i64) : i64"),
            );
            let mut pointers: Vec<String> = operands.iter().map(|v| self.name(*v)).collect();
            pointers.resize(2, zero.clone());
            let r64 = self.fresh();
            self.line(
                indent,
                &format!(
                    "{r64} = func.call @{}({}, {}, {zero}, {arg}) : {SIGNATURE}",
                    dict_function_symbol(&method),
                    pointers[0],
                    pointers[1]
                ),
            );
            let r = self.results(op);
            self.line(
                indent,
                &format!("{r}llvm.inttoptr {r64} : i64 to !llvm.ptr"),
            );
            return Ok(true);
        }
        let d = self.name(operands[0]);
        if method == "len" {
            let n = self.fresh();
            self.line(indent, &format!("{n} = llvm.load {d} : !llvm.ptr -> i64"));
            let r = self.results(op);
            self.line(indent, &format!("{r}arith.index_cast {n} : i64 to index"));
            return Ok(true);
        }
        let inputs: Vec<Value> = operands[2..].to_vec();
        let is_table = |v: &Value| ctx.type_kind(ctx.value_type(*v)).is_container();
        let other = inputs.iter().find(|v| is_table(v)).map(|v| self.name(*v));
        let words: Vec<Value> = inputs.iter().copied().filter(|v| !is_table(v)).collect();
        let outputs: Vec<Value> = ctx.results(op)[1..].to_vec();
        let [saved, count, buf, zero, arg, r64] = [(); 6].map(|_| self.fresh());
        let n = words.len().max(outputs.len()).max(1);
        self.line(
            indent,
            &format!("{saved} = llvm.intr.stacksave : !llvm.ptr"),
        );
        self.line(
            indent,
            &format!("{count} = llvm.mlir.constant({n} : i64) : i64"),
        );
        self.line(
            indent,
            &format!("{buf} = llvm.alloca {count} x i64 : (i64) -> !llvm.ptr"),
        );
        for (j, w) in words.iter().enumerate() {
            let (word, word_ty) = self.word_of(*w, indent);
            let at = self.fresh();
            self.line(
                indent,
                &format!("{at} = llvm.getelementptr {buf}[{j}] : (!llvm.ptr) -> !llvm.ptr, i64"),
            );
            self.line(
                indent,
                &format!("llvm.store {word}, {at} : {word_ty}, !llvm.ptr"),
            );
        }
        self.line(indent, &format!("{zero} = llvm.mlir.zero : !llvm.ptr"));
        let a = self.name(operands[1]);
        self.line(
            indent,
            &format!("{arg} = arith.index_cast {a} : index to i64"),
        );
        self.line(
            indent,
            &format!(
                "{r64} = func.call @{}({d}, {}, {buf}, {arg}) : {SIGNATURE}",
                dict_function_symbol(&method),
                other.unwrap_or(zero)
            ),
        );
        let mut loaded = vec![];
        for (j, out) in outputs.iter().enumerate() {
            let at = self.fresh();
            self.line(
                indent,
                &format!("{at} = llvm.getelementptr {buf}[{j}] : (!llvm.ptr) -> !llvm.ptr, i64"),
            );
            loaded.push(self.value_of_word(*out, &at, indent));
        }
        self.line(
            indent,
            &format!("llvm.intr.stackrestore {saved} : !llvm.ptr"),
        );
        let result = self.name(ctx.result(op, 0));
        self.line(
            indent,
            &format!("{result} = arith.index_cast {r64} : i64 to index"),
        );
        for (out, value) in outputs.iter().zip(loaded) {
            self.names.insert(*out, value);
        }
        Ok(true)
    }

    /// `v` as a 64-bit word and its type (`i64`, or `f64` for a float).
    fn word_of(&mut self, v: Value, indent: usize) -> (String, &'static str) {
        let name = self.name(v);
        let ty = self.vty(v);
        match self.ctx.type_kind(self.ctx.value_type(v)) {
            TypeKind::Float(k) if k.width() == 64 => (name, "f64"),
            TypeKind::Float(_) => {
                let w = self.fresh();
                self.line(indent, &format!("{w} = arith.extf {name} : {ty} to f64"));
                (w, "f64")
            }
            TypeKind::Int { width: 64, .. } => (name, "i64"),
            TypeKind::Int { width, signedness } => {
                let unsigned = *signedness == Signedness::Unsigned;
                let ext = if *width == 1 || unsigned {
                    "extui"
                } else {
                    "extsi"
                };
                let w = self.fresh();
                self.line(indent, &format!("{w} = arith.{ext} {name} : {ty} to i64"));
                (w, "i64")
            }
            _ => {
                let w = self.fresh();
                self.line(
                    indent,
                    &format!("{w} = arith.index_cast {name} : {ty} to i64"),
                );
                (w, "i64")
            }
        }
    }

    /// The word at `at` as a value of `out`'s type.
    fn value_of_word(&mut self, out: Value, at: &str, indent: usize) -> String {
        let ty = self.vty(out);
        let kind = self.ctx.type_kind(self.ctx.value_type(out)).clone();
        let word_ty = if kind.is_float() { "f64" } else { "i64" };
        let w = self.fresh();
        self.line(
            indent,
            &format!("{w} = llvm.load {at} : !llvm.ptr -> {word_ty}"),
        );
        let convert = match kind {
            TypeKind::Float(k) if k.width() == 64 => return w,
            TypeKind::Float(_) => "truncf",
            TypeKind::Int { width: 64, .. } => return w,
            TypeKind::Int { .. } => "trunci",
            _ => "index_cast",
        };
        let r = self.fresh();
        self.line(
            indent,
            &format!("{r} = arith.{convert} {w} : {word_ty} to {ty}"),
        );
        r
    }
}

/// The words of a key or value of type `t` (a tuple has one per item) and which are floats.
pub fn words_of(ctx: &blackbird_dialects::ir::Context, t: Type) -> (u64, u64) {
    match ctx.type_kind(t) {
        TypeKind::Tuple(items) => items.iter().fold((0, 0), |(n, floats), item| {
            let (m, f) = words_of(ctx, *item);
            (n + m, floats | f << n)
        }),
        TypeKind::Float(_) => (1, 1),
        TypeKind::None => (0, 0),
        _ => (1, 0),
    }
}

/// The `new` argument of a dict or set type (see `runtime/src/dicts.rs`).
fn descriptor(ctx: &blackbird_dialects::ir::Context, t: Type) -> i64 {
    let (key, value) = match ctx.type_kind(t) {
        TypeKind::PyDict(k, v) => (*k, Some(*v)),
        TypeKind::PySet(k) => (*k, None),
        _ => unreachable!("a dict or set type"),
    };
    let (kw, kf) = words_of(ctx, key);
    let (vw, vf) = value.map_or((0, 0), |v| words_of(ctx, v));
    (kw | vw << 8 | kf << 16 | vf << 32) as i64
}

/// The dict functions and their hook globals: `blackbird_dict_METHOD(dict, other, words,
/// argument) -> i64` loads the runtime's function from `blackbird_dict_METHOD_hook` and calls
/// it.
pub(super) fn dict_functions() -> String {
    let mut out = String::new();
    for method in DICT_METHODS {
        let (symbol, hook) = (dict_function_symbol(method), dict_hook_symbol(method));
        out.push_str(&format!(
            "  llvm.mlir.global external @{hook}() {{addr_space = 0 : i32}} : !llvm.ptr {{
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }}
  func.func private @{symbol}(%a0: !llvm.ptr, %a1: !llvm.ptr, %a2: !llvm.ptr, %a3: i64) -> i64 {{
    %h = llvm.mlir.addressof @{hook} : !llvm.ptr
    %f = llvm.load %h : !llvm.ptr -> !llvm.ptr
    %r = llvm.call %f(%a0, %a1, %a2, %a3) : !llvm.ptr, {SIGNATURE}
    return %r : i64
  }}
"
        ));
    }
    out
}
