//! MLIR-style printer. One uniform form for every op:
//!
//! ```text
//! %r = dialect.op %a, %b {attr = 1 : i64} : T                  (all operands/results of type T)
//! %r:2 = dialect.op %a {…} : (T1, T2) -> (T3, T4) {region} {region}
//! ```
//!
//! Values are numbered `%0, %1, …` in order of definition; each isolated-from-above op (such as a
//! function) restarts the numbering and names its entry block arguments `%arg0, %arg1, …`.
//! Results of multi-result ops are `%N#i`. Attributes are sorted by name. With
//! [`PrintOptions::locations`] every op ends with `loc("file":line:col)`.

use std::collections::HashMap;
use std::fmt::Write;

use super::{
    ArrayLayout, Attr, AttrKind, BlockId, Context, Location, OpId, RegionId, Signedness, Type,
    TypeKind, Value,
};

#[derive(Copy, Clone, Debug, Default)]
pub struct PrintOptions {
    /// Print `loc(...)` after every op.
    pub locations: bool,
}

/// Print an op (usually a `builtin.module`) and everything in it.
pub fn print_op(ctx: &Context, op: OpId, options: PrintOptions) -> String {
    let mut p = Printer {
        ctx,
        options,
        out: String::new(),
        names: HashMap::new(),
        next_id: 0,
        next_arg: 0,
    };
    p.op(op, 0);
    p.out
}

pub fn type_to_string(ctx: &Context, ty: Type) -> String {
    let mut s = String::new();
    write_type(ctx, ty, &mut s);
    s
}

pub fn attr_to_string(ctx: &Context, attr: Attr) -> String {
    let mut s = String::new();
    write_attr(ctx, attr, &mut s);
    s
}

struct Printer<'a> {
    ctx: &'a Context,
    options: PrintOptions,
    out: String,
    names: HashMap<Value, String>,
    next_id: usize,
    next_arg: usize,
}

impl Printer<'_> {
    fn name(&self, v: Value) -> &str {
        self.names.get(&v).map_or("%<<UNKNOWN>>", |s| s.as_str())
    }

    fn op(&mut self, op: OpId, indent: usize) {
        let ctx = self.ctx;
        let def = ctx.op_def(op);
        self.out.push_str(&"  ".repeat(indent));
        let results = ctx.results(op);
        if !results.is_empty() {
            let base = format!("%{}", self.next_id);
            self.next_id += 1;
            if results.len() == 1 {
                self.names.insert(results[0], base.clone());
                self.out.push_str(&base);
            } else {
                for (i, r) in results.iter().enumerate() {
                    self.names.insert(*r, format!("{base}#{i}"));
                }
                let _ = write!(self.out, "{base}:{}", results.len());
            }
            self.out.push_str(" = ");
        }
        self.out.push_str(def.name);
        let operands = ctx.operands(op);
        for (i, v) in operands.iter().enumerate() {
            self.out.push_str(if i == 0 { " " } else { ", " });
            let name = self.name(*v).to_string();
            self.out.push_str(&name);
        }
        let attrs = ctx.attrs(op);
        if !attrs.is_empty() {
            self.out.push_str(" {");
            for (i, (key, attr)) in attrs.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.out.push_str(key);
                if *ctx.attr_kind(*attr) != AttrKind::Unit {
                    self.out.push_str(" = ");
                    write_attr(ctx, *attr, &mut self.out);
                }
            }
            self.out.push('}');
        }
        self.signature(op);
        if def.is_isolated_from_above() {
            let saved = (
                std::mem::take(&mut self.next_id),
                std::mem::take(&mut self.next_arg),
            );
            self.regions(op, indent);
            (self.next_id, self.next_arg) = saved;
        } else {
            self.regions(op, indent);
        }
        if self.options.locations {
            self.out.push(' ');
            write_location(ctx.loc(op), &mut self.out);
        }
        self.out.push('\n');
    }

    fn signature(&mut self, op: OpId) {
        let ctx = self.ctx;
        let operands: Vec<Type> = ctx
            .operands(op)
            .iter()
            .map(|v| ctx.value_type(*v))
            .collect();
        let results: Vec<Type> = ctx.results(op).iter().map(|v| ctx.value_type(*v)).collect();
        let all: Vec<Type> = operands.iter().chain(&results).copied().collect();
        let Some(first) = all.first() else { return };
        self.out.push_str(" : ");
        let uniform = all.iter().all(|t| t == first)
            && !matches!(ctx.type_kind(*first), TypeKind::Function { .. });
        if uniform {
            write_type(ctx, *first, &mut self.out);
        } else {
            write_type_list(ctx, &operands, &mut self.out);
            self.out.push_str(" -> ");
            write_result_types(ctx, &results, &mut self.out);
        }
    }

    fn regions(&mut self, op: OpId, indent: usize) {
        let isolated = self.ctx.op_def(op).is_isolated_from_above();
        for (i, region) in self.ctx.regions(op).iter().enumerate() {
            self.out.push_str(" {\n");
            self.region(*region, indent, isolated && i == 0);
            self.out.push_str(&"  ".repeat(indent));
            self.out.push('}');
        }
    }

    fn region(&mut self, region: RegionId, indent: usize, entry_args_are_params: bool) {
        let blocks = self.ctx.blocks(region).to_vec();
        for (i, block) in blocks.iter().enumerate() {
            let params = entry_args_are_params && i == 0;
            self.block(*block, i, blocks.len() > 1, params, indent + 1);
        }
    }

    fn block(
        &mut self,
        block: BlockId,
        index: usize,
        always_label: bool,
        params: bool,
        indent: usize,
    ) {
        let ctx = self.ctx;
        let args = ctx.block_args(block).to_vec();
        if always_label || !args.is_empty() {
            self.out.push_str(&"  ".repeat(indent - 1));
            let _ = write!(self.out, "^bb{index}");
            if !args.is_empty() {
                self.out.push('(');
                for (i, a) in args.iter().enumerate() {
                    let name = if params {
                        self.next_arg += 1;
                        format!("%arg{}", self.next_arg - 1)
                    } else {
                        self.next_id += 1;
                        format!("%{}", self.next_id - 1)
                    };
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    let _ = write!(
                        self.out,
                        "{name}: {}",
                        type_to_string(ctx, ctx.value_type(*a))
                    );
                    self.names.insert(*a, name);
                }
                self.out.push(')');
            }
            self.out.push_str(":\n");
        }
        for op in ctx.block_ops(block).to_vec() {
            self.op(op, indent);
        }
    }
}

fn write_location(loc: &Location, out: &mut String) {
    match loc {
        Location::Unknown => out.push_str("loc(unknown)"),
        Location::FileLineCol { file, line, col } => {
            out.push_str("loc(");
            write_string(file, out);
            let _ = write!(out, ":{line}:{col})");
        }
    }
}

fn write_type_list(ctx: &Context, types: &[Type], out: &mut String) {
    out.push('(');
    for (i, t) in types.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_type(ctx, *t, out);
    }
    out.push(')');
}

/// Results after `->`: a single non-function type bare, anything else parenthesized.
fn write_result_types(ctx: &Context, results: &[Type], out: &mut String) {
    if results.len() == 1 && !matches!(ctx.type_kind(results[0]), TypeKind::Function { .. }) {
        write_type(ctx, results[0], out);
    } else {
        write_type_list(ctx, results, out);
    }
}

fn write_shape(shape: &[Option<u64>], out: &mut String) {
    for d in shape {
        match d {
            Some(n) => {
                let _ = write!(out, "{n}x");
            }
            None => out.push_str("?x"),
        }
    }
}

pub(crate) fn write_type(ctx: &Context, ty: Type, out: &mut String) {
    match ctx.type_kind(ty) {
        TypeKind::Int {
            width,
            signedness: Signedness::Signless,
        } => {
            let _ = write!(out, "i{width}");
        }
        TypeKind::Int {
            width,
            signedness: Signedness::Unsigned,
        } => {
            let _ = write!(out, "ui{width}");
        }
        TypeKind::Float(k) => {
            let _ = write!(out, "f{}", k.width());
        }
        TypeKind::Index => out.push_str("index"),
        TypeKind::None => out.push_str("none"),
        TypeKind::Complex(e) => {
            out.push_str("complex<");
            write_type(ctx, *e, out);
            out.push('>');
        }
        TypeKind::Tuple(elems) => {
            out.push_str("tuple<");
            for (i, t) in elems.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(ctx, *t, out);
            }
            out.push('>');
        }
        TypeKind::Function { inputs, results } => {
            write_type_list(ctx, inputs, out);
            out.push_str(" -> ");
            write_result_types(ctx, results, out);
        }
        TypeKind::Tensor { shape, elem } => {
            out.push_str("tensor<");
            write_shape(shape, out);
            write_type(ctx, *elem, out);
            out.push('>');
        }
        TypeKind::MemRef {
            shape,
            elem,
            layout,
        } => {
            out.push_str("memref<");
            write_shape(shape, out);
            write_type(ctx, *elem, out);
            if let Some(attribute) = layout.attribute(shape.len()) {
                let _ = write!(out, ", {attribute}");
            }
            out.push('>');
        }
        TypeKind::PyArray {
            elem,
            rank,
            layout,
            readonly,
        } => {
            out.push_str("!py.array<");
            write_type(ctx, *elem, out);
            let _ = write!(out, ", {rank}, {}", layout_str(*layout));
            out.push_str(if *readonly { ", readonly>" } else { ">" });
        }
        TypeKind::PyList(e) => {
            out.push_str("!py.list<");
            write_type(ctx, *e, out);
            out.push('>');
        }
        TypeKind::PyDict(k, v) => {
            out.push_str("!py.dict<");
            write_type(ctx, *k, out);
            out.push_str(", ");
            write_type(ctx, *v, out);
            out.push('>');
        }
        TypeKind::PySet(k) => {
            out.push_str("!py.set<");
            write_type(ctx, *k, out);
            out.push('>');
        }
        TypeKind::PyObject => out.push_str("!py.object"),
        TypeKind::PyUndefined => out.push_str("!py.undefined"),
        TypeKind::PySlice => out.push_str("!py.slice"),
        TypeKind::PyRandomGenerator => out.push_str("!py.random_generator"),
        TypeKind::PyStr(s) => {
            out.push_str("!py.str<");
            write_string(s, out);
            out.push('>');
        }
        TypeKind::PyIter(e) | TypeKind::PyDType(e) => {
            out.push_str(if matches!(ctx.type_kind(ty), TypeKind::PyIter(_)) {
                "!py.iter<"
            } else {
                "!py.dtype<"
            });
            write_type(ctx, *e, out);
            out.push('>');
        }
    }
}

fn layout_str(l: ArrayLayout) -> &'static str {
    l.as_str()
}

pub(crate) fn write_attr(ctx: &Context, attr: Attr, out: &mut String) {
    match ctx.attr_kind(attr) {
        AttrKind::Unit => out.push_str("unit"),
        AttrKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        AttrKind::Int(v, ty) => {
            let _ = write!(out, "{v} : ");
            write_type(ctx, *ty, out);
        }
        AttrKind::Float(bits, ty) => {
            let v = f64::from_bits(*bits);
            if v.is_finite() {
                let _ = write!(out, "{v:?} : ");
            } else {
                let _ = write!(out, "0x{bits:016X} : ");
            }
            write_type(ctx, *ty, out);
        }
        AttrKind::Str(s) => write_string(s, out),
        AttrKind::Symbol(s) => {
            out.push('@');
            if is_bare_identifier(s) {
                out.push_str(s);
            } else {
                write_string(s, out);
            }
        }
        AttrKind::Type(t) => write_type(ctx, *t, out),
        AttrKind::Array(items) => {
            out.push('[');
            for (i, a) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_attr(ctx, *a, out);
            }
            out.push(']');
        }
        AttrKind::I64Array(items) => {
            out.push_str("array<i64");
            for (i, v) in items.iter().enumerate() {
                out.push_str(if i == 0 { ": " } else { ", " });
                let _ = write!(out, "{v}");
            }
            out.push('>');
        }
    }
}

pub(crate) fn is_bare_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.')
}

/// A string literal with MLIR's escapes: `\"`, `\\`, `\n`, `\t` and `\HH` for other control bytes.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\{:02X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
