//! `arith`, `math` and `func` ops: one to one onto upstream, but for the CPU's expanded and
//! C library math functions.

use blackbird_dialects::ir::{AttrKind, Diagnostic, FloatKind, OpDef, OpId, TypeKind, Value};
use blackbird_dialects::{arith, func};

use super::emitter::Emitter;
use super::hooks::c_library_function;
use crate::conversion::vector_math;

impl Emitter<'_> {
    /// Emit an `arith`, `math` or `func` op.
    pub(super) fn scalar_op(&mut self, op: OpId, indent: usize) -> Result<(), Diagnostic> {
        let ctx = self.ctx;
        let def = ctx.op_def(op);
        // Upstream's op of the same name.
        let name = def.name;
        let operands = ctx.operands(op).to_vec();
        let o = |e: &mut Self, i: usize| e.name(operands[i]);
        let is = |def: &OpDef| ctx.is_op(op, def);
        if is(&arith::CONSTANT)
            && ctx
                .type_kind(ctx.value_type(ctx.result(op, 0)))
                .is_container()
        {
            // A list placeholder (the result of a function that raised): a null list.
            let r = self.results(op);
            self.line(indent, &format!("{r}llvm.mlir.zero : !llvm.ptr"));
        } else if is(&arith::CONSTANT) {
            let r = self.results(op);
            let t = ctx.value_type(ctx.result(op, 0));
            let value = arith::constant::VALUE.of(ctx, op);
            let lit = match &value {
                AttrKind::Bool(b) => b.to_string(),
                AttrKind::Int(v, _) => v.to_string(),
                AttrKind::Float(bits, _) => match ctx.type_kind(t) {
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
            let suffix = if matches!(value, AttrKind::Bool(_)) {
                String::new()
            } else {
                format!(" : {}", self.ty(t))
            };
            let line = format!("{r}arith.constant {lit}{suffix}");
            self.line(indent, &line);
        } else if is(&arith::CMPI) || is(&arith::CMPF) {
            let r = self.results(op);
            let p = match arith::cmpi::PREDICATE.get(ctx, op) {
                Some(p) => p.as_str(),
                None => arith::cmpf::PREDICATE.of(ctx, op).as_str(),
            };
            let line = format!(
                "{r}{name} {p}, {}, {} : {}",
                o(self, 0),
                o(self, 1),
                self.vty(operands[0])
            );
            self.line(indent, &line);
        } else if is(&arith::SELECT) {
            let r = self.results(op);
            let line = format!(
                "{r}arith.select {}, {}, {} : {}",
                o(self, 0),
                o(self, 1),
                o(self, 2),
                self.vty(operands[1])
            );
            self.line(indent, &line);
        } else if is(&arith::EXTSI)
            || is(&arith::EXTUI)
            || is(&arith::TRUNCI)
            || is(&arith::SITOFP)
            || is(&arith::FPTOSI)
            || is(&arith::UITOFP)
            || is(&arith::FPTOUI)
            || is(&arith::EXTF)
            || is(&arith::TRUNCF)
            || is(&arith::INDEX_CAST)
            || is(&arith::INDEX_CASTUI)
            || is(&arith::BITCAST)
        {
            let r = self.results(op);
            let to = self.vty(ctx.result(op, 0));
            let line = format!(
                "{r}{name} {} : {} to {to}",
                o(self, 0),
                self.vty(operands[0])
            );
            self.line(indent, &line);
        } else if let Some((symbol, define)) = vector_math::inline_function(def).filter(|_| {
            // On the CPU, exp/log/log10 of float64 are expanded (see `vector_math.rs`) so
            // that loops vectorize.
            !self.gpu
                && matches!(
                    ctx.type_kind(ctx.value_type(ctx.result(op, 0))),
                    TypeKind::Float(FloatKind::F64)
                )
        }) {
            self.inline_math.insert(symbol, define);
            let r = self.results(op);
            let line = format!("{r}func.call @{symbol}({}) : (f64) -> f64", o(self, 0));
            self.line(indent, &line);
        } else if let Some(base) = c_library_function(def).filter(|_| !self.gpu) {
            // On the CPU, the functions LLVM has no accurate lowering for call the C library.
            let ty = self.vty(ctx.result(op, 0));
            let symbol = match ty.as_str() {
                "f32" => format!("{base}f"),
                _ => base.to_string(),
            };
            let r = self.results(op);
            let params = vec![ty.as_str(); operands.len()].join(", ");
            let args = self.list(&operands);
            let line = format!("{r}func.call @{symbol}({args}) : ({params}) -> {ty}");
            self.line(indent, &line);
            self.c_library.insert((symbol, params, ty));
        } else if matches!(def.dialect(), "arith" | "math") {
            // The other `arith` and `math` ops are upstream's, named and written alike.
            let r = self.results(op);
            let args = self.list(&operands);
            let flags = match arith::FASTMATH.get(ctx, op) {
                Some(flag) => format!(" fastmath<{flag}>"),
                None => String::new(),
            };
            let line = format!("{r}{name} {args}{flags} : {}", self.vty(ctx.result(op, 0)));
            self.line(indent, &line);
        } else if is(&func::CALL) {
            let r = self.results(op);
            let callee = self.symbol(&func::call::CALLEE.of(ctx, op).0);
            let results = ctx.results(op).to_vec();
            let line = format!(
                "{r}func.call @{callee}({}) : ({}) -> ({})",
                self.list(&operands),
                self.types(&operands),
                self.types(&results)
            );
            self.line(indent, &line);
        } else if is(&func::RETURN) {
            let kw = if self.in_kernel {
                "gpu.return"
            } else {
                func::RETURN.name
            };
            self.terminator(kw, &operands, indent);
        } else {
            return Err(Diagnostic::error(
                ctx.loc(op).clone(),
                format!("`{name}` cannot be emitted as upstream MLIR yet"),
            ));
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
