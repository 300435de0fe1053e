//! `arith`, `math` and `func` ops: one to one onto upstream, but for the CPU's expanded and
//! C library math functions.

use blackbird_dialects::ir::{AttrKind, Diagnostic, FloatKind, OpId, TypeKind, Value};

use super::emitter::Emitter;
use super::hooks::c_library_function;
use crate::conversion::vector_math;

impl Emitter<'_> {
    /// Emit an `arith`, `math` or `func` op.
    pub(super) fn scalar_op(&mut self, op: OpId, indent: usize) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let name = ctx.op_name(op);
        let operands = ctx.operands(op).to_vec();
        let o = |e: &mut Self, i: usize| e.name(operands[i]);
        match name {
            "arith.constant" => {
                let r = self.results(op);
                let t = ctx.value_type(ctx.result(op, 0));
                let lit = match ctx.attr_data(op, "value") {
                    Some(AttrKind::Bool(b)) => b.to_string(),
                    Some(AttrKind::Int(v, _)) => v.to_string(),
                    Some(AttrKind::Float(bits, _)) => match ctx.type_kind(t) {
                        TypeKind::Float(blackbird_dialects::ir::FloatKind::F32) => {
                            format!("0x{:08X}", (f64::from_bits(*bits) as f32).to_bits())
                        }
                        _ => format!("0x{bits:016X}"),
                    },
                    _ => {
                        return Err(Diagnostic::error(
                            ctx.loc(op).clone(),
                            "unsupported constant",
                        ))
                    }
                };
                // `arith.constant true` takes no type; other literals do.
                let suffix = if matches!(ctx.attr_data(op, "value"), Some(AttrKind::Bool(_))) {
                    String::new()
                } else {
                    format!(" : {}", self.ty(t))
                };
                let line = format!("{r}arith.constant {lit}{suffix}");
                self.line(indent, &line);
            }
            "arith.cmpi" | "arith.cmpf" => {
                let r = self.results(op);
                let p = ctx.attr_str(op, "predicate");
                let line = format!(
                    "{r}{name} {p}, {}, {} : {}",
                    o(self, 0),
                    o(self, 1),
                    self.vty(operands[0])
                );
                self.line(indent, &line);
            }
            "arith.select" => {
                let r = self.results(op);
                let line = format!(
                    "{r}arith.select {}, {}, {} : {}",
                    o(self, 0),
                    o(self, 1),
                    o(self, 2),
                    self.vty(operands[1])
                );
                self.line(indent, &line);
            }
            "arith.extsi" | "arith.extui" | "arith.trunci" | "arith.sitofp" | "arith.fptosi"
            | "arith.uitofp" | "arith.fptoui" | "arith.extf" | "arith.truncf"
            | "arith.index_cast" | "arith.index_castui" | "arith.bitcast" => {
                let r = self.results(op);
                let to = self.vty(ctx.result(op, 0));
                let line = format!(
                    "{r}{name} {} : {} to {to}",
                    o(self, 0),
                    self.vty(operands[0])
                );
                self.line(indent, &line);
            }
            // On the CPU, exp/log/log10 of float64 are expanded (see `vector_math.rs`) so
            // that loops vectorize.
            n if !self.gpu
                && vector_math::inline_function(n).is_some()
                && matches!(
                    ctx.type_kind(ctx.value_type(ctx.result(op, 0))),
                    TypeKind::Float(FloatKind::F64)
                ) =>
            {
                let (symbol, define) = vector_math::inline_function(n).expect("matched");
                self.inline_math.insert(symbol, define);
                let r = self.results(op);
                let line = format!("{r}func.call @{symbol}({}) : (f64) -> f64", o(self, 0));
                self.line(indent, &line);
            }
            // On the CPU, the functions LLVM has no accurate lowering for call the C library.
            n if !self.gpu && c_library_function(n).is_some() => {
                let ty = self.vty(ctx.result(op, 0));
                let base = c_library_function(n).expect("matched");
                let symbol = match ty.as_str() {
                    "f32" => format!("{base}f"),
                    _ => base.to_string(),
                };
                let r = self.results(op);
                let line = format!("{r}func.call @{symbol}({}) : ({ty}) -> {ty}", o(self, 0));
                self.line(indent, &line);
                self.c_library.insert((symbol, ty));
            }
            n if n.starts_with("arith.") || n.starts_with("math.") => {
                let r = self.results(op);
                let args = self.list(&operands);
                let flags = match ctx.attr(op, "fastmath") {
                    Some(_) => format!(" fastmath<{}>", ctx.attr_str(op, "fastmath")),
                    None => String::new(),
                };
                let line = format!("{r}{n} {args}{flags} : {}", self.vty(ctx.result(op, 0)));
                self.line(indent, &line);
            }
            "func.call" => {
                let r = self.results(op);
                let callee = self.symbol(ctx.attr_str(op, "callee"));
                let results = ctx.results(op).to_vec();
                let line = format!(
                    "{r}func.call @{callee}({}) : ({}) -> ({})",
                    self.list(&operands),
                    self.types(&operands),
                    self.types(&results)
                );
                self.line(indent, &line);
            }
            "func.return" => {
                let kw = if self.in_kernel {
                    "gpu.return"
                } else {
                    "func.return"
                };
                self.terminator(kw, &operands, indent);
            }
            other => {
                return Err(Diagnostic::error(
                    ctx.loc(op).clone(),
                    format!("`{other}` cannot be emitted as upstream MLIR yet"),
                ))
            }
        }
        Ok(())
    }

    /// A terminator `kw` passing `operands` on (`func.return`, `gpu.return`, `scf.yield`).
    pub(super) fn terminator(&mut self, kw: &str, operands: &[Value], indent: usize) {
        let line = if operands.is_empty() {
            kw.to_string()
        } else {
            format!("{kw} {} : {}", self.list(operands), self.types(operands))
        };
        self.line(indent, &line);
    }
}
