//! Lists (see `loop::LIST_NEW`): a list is a pointer to its header `{i64 length, i64 capacity,
//! ptr data}`. Reading the length or the elements is inline code; making a list, growing its
//! buffer and freeing the lists of a call go through the runtime's hooks (functions defined by
//! the module that call through its globals, as the raise hook), so JIT code and shared
//! libraries alike need no runtime symbol.

use blackbird_dialects::ir::{Diagnostic, FloatKind, OpId, Type, TypeKind};
use blackbird_dialects::loops;

use super::emitter::Emitter;
use super::{LIST_GROW_SYMBOL, LIST_HOOKS, LIST_NEW_SYMBOL};

/// The upstream type of a 1-D memref descriptor.
const DESCRIPTOR: &str = "!llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>";

impl Emitter<'_> {
    /// Emit `op` when it is a list op; whether it was. GPU code has no lists.
    pub(super) fn list_op(&mut self, op: OpId, indent: usize) -> Result<bool, Diagnostic> {
        let ctx = self.ctx;
        let operands = ctx.operands(op).to_vec();
        let list_ops = [
            &loops::LIST_NEW,
            &loops::LIST_LEN,
            &loops::LIST_DATA,
            &loops::LIST_RESIZE,
        ];
        if self.gpu && list_ops.iter().any(|def| ctx.is_op(op, def)) {
            return Err(Diagnostic::error(
                ctx.loc(op).clone(),
                "lists are not supported in GPU code; use cuda.local.array",
            ));
        }
        if ctx.is_op(op, &loops::LIST_NEW) {
            let elem = list_elem(self, ctx.value_type(ctx.result(op, 0)));
            let n = self.name(operands[0]);
            let (n64, size) = (self.fresh(), self.fresh());
            self.line(
                indent,
                &format!("{n64} = arith.index_cast {n} : index to i64"),
            );
            self.line(indent, &format!("{size} = arith.constant {elem} : i64"));
            let r = self.results(op);
            self.line(
                indent,
                &format!(
                    "{r}func.call @{LIST_NEW_SYMBOL}({size}, {n64}) : (i64, i64) -> !llvm.ptr"
                ),
            );
        } else if ctx.is_op(op, &loops::LIST_LEN) {
            let l = self.name(operands[0]);
            let n = self.fresh();
            self.line(indent, &format!("{n} = llvm.load {l} : !llvm.ptr -> i64"));
            let r = self.results(op);
            self.line(indent, &format!("{r}arith.index_cast {n} : i64 to index"));
        } else if ctx.is_op(op, &loops::LIST_DATA) {
            let l = self.name(operands[0]);
            let ty = self.vty(ctx.result(op, 0));
            let [n, at, data, d0, d1, d2, zero, d3, one, d4] = [(); 10].map(|_| self.fresh());
            let lines = [
                format!("{n} = llvm.load {l} : !llvm.ptr -> i64"),
                format!("{at} = llvm.getelementptr {l}[2] : (!llvm.ptr) -> !llvm.ptr, i64"),
                format!("{data} = llvm.load {at} : !llvm.ptr -> !llvm.ptr"),
                format!("{d0} = llvm.mlir.undef : {DESCRIPTOR}"),
                format!("{d1} = llvm.insertvalue {data}, {d0}[0] : {DESCRIPTOR}"),
                format!("{d2} = llvm.insertvalue {data}, {d1}[1] : {DESCRIPTOR}"),
                format!("{zero} = llvm.mlir.constant(0 : i64) : i64"),
                format!("{d3} = llvm.insertvalue {zero}, {d2}[2] : {DESCRIPTOR}"),
                format!("{one} = llvm.mlir.constant(1 : i64) : i64"),
                format!("{d4} = llvm.insertvalue {n}, {d3}[3, 0] : {DESCRIPTOR}"),
            ];
            for line in lines {
                self.line(indent, &line);
            }
            let d5 = self.fresh();
            self.line(
                indent,
                &format!("{d5} = llvm.insertvalue {one}, {d4}[4, 0] : {DESCRIPTOR}"),
            );
            let r = self.results(op);
            self.line(
                indent,
                &format!("{r}builtin.unrealized_conversion_cast {d5} : {DESCRIPTOR} to {ty}"),
            );
        } else if ctx.is_op(op, &loops::LIST_RESIZE) {
            let elem = list_elem(self, ctx.value_type(operands[0]));
            let (l, n) = (self.name(operands[0]), self.name(operands[1]));
            let [n64, at, cap, full, size] = [(); 5].map(|_| self.fresh());
            self.line(
                indent,
                &format!("{n64} = arith.index_cast {n} : index to i64"),
            );
            self.line(
                indent,
                &format!("{at} = llvm.getelementptr {l}[1] : (!llvm.ptr) -> !llvm.ptr, i64"),
            );
            self.line(
                indent,
                &format!("{cap} = llvm.load {at} : !llvm.ptr -> i64"),
            );
            self.line(
                indent,
                &format!("{full} = arith.cmpi sgt, {n64}, {cap} : i64"),
            );
            self.line(indent, &format!("scf.if {full} {{"));
            self.line(indent + 1, &format!("{size} = arith.constant {elem} : i64"));
            self.line(
                indent + 1,
                &format!(
                    "func.call @{LIST_GROW_SYMBOL}({l}, {n64}, {size}) : (!llvm.ptr, i64, i64) -> ()"
                ),
            );
            self.line(indent, "}");
            self.line(indent, &format!("llvm.store {n64}, {l} : i64, !llvm.ptr"));
        } else {
            return Ok(false);
        }
        Ok(true)
    }
}

/// The size in bytes of an element of a list of type `list` (a boolean takes a byte).
fn list_elem(e: &Emitter, list: Type) -> u32 {
    let elem = e.ctx.type_kind(list).element_type().expect("a list type");
    match e.ctx.type_kind(elem) {
        TypeKind::Int { width, .. } => width.div_ceil(8),
        TypeKind::Float(k) => k.width() / 8,
        TypeKind::Index => 8,
        _ => FloatKind::F64.width() / 8,
    }
}

/// The list functions and their hook globals (see [`LIST_HOOKS`]): `blackbird_list_new(size,
/// n) -> ptr`, `blackbird_list_grow(list, n, size)` (never inlined: the appends' fast path
/// stays small), `blackbird_lists_mark() -> i64`, `blackbird_lists_release(mark)`.
pub(super) fn list_functions() -> String {
    let mut out = String::new();
    for (symbol, hook, params, result) in LIST_HOOKS {
        out.push_str(&format!(
            "  llvm.mlir.global external @{hook}() {{addr_space = 0 : i32}} : !llvm.ptr {{
    %0 = llvm.mlir.zero : !llvm.ptr
    llvm.return %0 : !llvm.ptr
  }}
"
        ));
        let args: Vec<String> = (0..params.len()).map(|i| format!("%a{i}")).collect();
        let declared: Vec<String> = args
            .iter()
            .zip(params.iter())
            .map(|(a, t)| format!("{a}: {t}"))
            .collect();
        let (arrow, ret, call_result, returned) = match result {
            Some(t) => (
                format!(" -> {t}"),
                format!(" -> {t}"),
                "%r = ",
                format!(" %r : {t}"),
            ),
            None => (String::new(), " -> ()".to_string(), "", String::new()),
        };
        let attributes = if *symbol == *LIST_GROW_SYMBOL {
            " attributes {passthrough = [\"noinline\"]}"
        } else {
            ""
        };
        out.push_str(&format!(
            "  func.func private @{symbol}({}){arrow}{attributes} {{
    %h = llvm.mlir.addressof @{hook} : !llvm.ptr
    %f = llvm.load %h : !llvm.ptr -> !llvm.ptr
    {call_result}llvm.call %f({}) : !llvm.ptr, ({}){ret}
    return{returned}
  }}
",
            declared.join(", "),
            args.join(", "),
            params.join(", "),
        ));
    }
    out
}
