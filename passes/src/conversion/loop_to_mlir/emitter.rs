//! The [`Emitter`]: the text being built, value names and upstream types, and the dispatch of
//! each op to its dialect's emission (`scalar_ops.rs`, `loop_ops.rs`).

use std::collections::{HashMap, HashSet};

use blackbird_dialects::arith;
use blackbird_dialects::ir::{
    type_to_string, BlockId, Context, Diagnostic, FloatKind, Location, OpId, Type, TypeKind, Value,
};

use super::functions::in_workgroup_memory;
use super::{MlirModule, RAISE_SYMBOL};
use crate::conversion::located_text::LocatedText;
use crate::conversion::vector_math;

/// A printed type with its unsigned integer types (`ui8`, `ui64`…) made signless (`i8`…).
pub(super) fn signless(ty: &str) -> String {
    let bytes = ty.as_bytes();
    // A type name starts a word, or follows a shape's `?x`/`4x`.
    let starts_type = |i: usize| match i {
        0 => true,
        _ if bytes[i - 1] == b'x' => {
            i >= 2 && (bytes[i - 2] == b'?' || bytes[i - 2].is_ascii_digit())
        }
        _ => !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'),
    };
    ty.char_indices()
        .filter(|&(i, _)| {
            let unsigned_int = bytes[i..].starts_with(b"ui")
                && bytes.get(i + 2).is_some_and(u8::is_ascii_digit)
                && starts_type(i);
            !unsigned_int // drop the `u`
        })
        .map(|(_, c)| c)
        .collect()
}

/// A printed type with each list, dict and set type (`!py.list<f64>`, `!py.dict<i64, f64>`)
/// made the pointer to its header (`!llvm.ptr`; see `loop::LIST_NEW`, `loop::DICT_MAKE`).
pub(super) fn lists_as_pointers(ty: &str) -> String {
    const CONTAINERS: [&str; 3] = ["!py.list<", "!py.dict<", "!py.set<"];
    let mut out = String::new();
    let mut rest = ty;
    while let Some((start, prefix)) = CONTAINERS
        .iter()
        .filter_map(|p| rest.find(p).map(|s| (s, p)))
        .min()
    {
        out.push_str(&rest[..start]);
        out.push_str("!llvm.ptr");
        let after = &rest[start + prefix.len()..];
        // The matching `>` (the key may be a `tuple<...>`).
        let mut depth = 1;
        let end = after
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '<' => depth += 1,
                    '>' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map_or(after.len(), |(i, _)| i + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

pub(super) struct Emitter<'a> {
    pub(super) ctx: &'a Context,
    pub(super) out: LocatedText,
    /// The location of the op being emitted (each line remembers it).
    pub(super) loc: Location,
    pub(super) names: HashMap<Value, String>,
    pub(super) raise_sites: Vec<(String, String, Location)>,
    /// The typed format texts of the module's prints (see [`PRINT_HOOK_SYMBOL`]).
    pub(super) print_formats: Vec<String>,
    /// The routine names of the module's `loop.linalg` calls (see [`LINALG_HOOK_SYMBOL`]).
    pub(super) linalg_routines: Vec<String>,
    /// Whether a `loop.num_threads` needs [`NUM_THREADS_SYMBOL`] declared.
    pub(super) asks_num_threads: bool,
    /// A `loop.raised` was emitted: the module defines [`super::RAISED_SYMBOL`].
    pub(super) asks_raised: bool,
    /// A `loop.catch`, `loop.exception_is` or `loop.rethrow` was emitted: the module defines
    /// [`super::CATCH_SYMBOL`] and [`super::SITE_KIND_SYMBOL`] (and the raise function).
    pub(super) catches: bool,
    /// The kinds of `loop.random` the module draws, whose hook globals it defines.
    pub(super) random_kinds: std::collections::BTreeSet<String>,
    /// The inline math functions the module calls (see `vector_math.rs`), by symbol.
    pub(super) inline_math: std::collections::BTreeMap<&'static str, vector_math::Definition>,
    /// The C library functions the module calls (see [`c_library_function`]): symbol, type.
    pub(super) c_library: std::collections::BTreeSet<(String, String, String)>,
    /// The number of temporaries (`%tN`) named in the current function.
    pub(super) next: usize,
    /// The number of values (`%vN`, `%mN`) named in the current function: names restart in
    /// each function, so that one function's text does not depend on the others.
    pub(super) next_value: usize,
    /// The function being emitted.
    pub(super) function_name: String,
    /// Functions outlined from parallel loop bodies, emitted after the current function.
    pub(super) outlined: Vec<LocatedText>,
    /// Emitting GPU code: functions sit one level deeper, inside the `gpu.module`.
    pub(super) gpu: bool,
    /// Emitting a kernel (`func.return` is `gpu.return`).
    pub(super) in_kernel: bool,
    /// Buffers in the block's shared memory (their types carry the workgroup address space).
    pub(super) workgroup: HashSet<Value>,
    /// The module makes lists: it defines the list functions (`hooks::list_functions`) and the
    /// entry wrapper frees the lists its call made.
    pub(super) uses_lists: bool,
    /// The module makes dicts or sets: it defines the dict functions (`dicts::dict_functions`;
    /// they are freed with the lists).
    pub(super) uses_dicts: bool,
}

impl<'a> Emitter<'a> {
    pub(super) fn new(ctx: &'a Context, gpu: bool) -> Self {
        Emitter {
            ctx,
            out: LocatedText::default(),
            loc: Location::Unknown,
            names: HashMap::new(),
            raise_sites: vec![],
            print_formats: vec![],
            linalg_routines: vec![],
            asks_num_threads: false,
            asks_raised: false,
            catches: false,
            random_kinds: Default::default(),
            inline_math: Default::default(),
            c_library: Default::default(),
            next: 0,
            next_value: 0,
            function_name: String::new(),
            outlined: vec![],
            gpu,
            in_kernel: false,
            workgroup: HashSet::new(),
            uses_lists: false,
            uses_dicts: false,
        }
    }
}

impl Emitter<'_> {
    pub(super) fn fresh(&mut self) -> String {
        self.next += 1;
        format!("%t{}", self.next)
    }
    /// A new value number in the current function.
    pub(super) fn number(&mut self) -> usize {
        self.next_value += 1;
        self.next_value - 1
    }
    pub(super) fn name(&mut self, v: Value) -> String {
        if let Some(name) = self.names.get(&v) {
            return name.clone();
        }
        let name = format!("%v{}", self.number());
        self.names.insert(v, name.clone());
        name
    }
    /// `t` in upstream MLIR: integers are signless there (`ui8` is `i8`; the ops say how
    /// they read the bits).
    pub(super) fn ty(&self, t: Type) -> String {
        lists_as_pointers(&signless(&type_to_string(self.ctx, t)))
    }
    pub(super) fn vty(&self, v: Value) -> String {
        let t = self.ty(self.ctx.value_type(v));
        if self.workgroup.contains(&v) {
            in_workgroup_memory(&t)
        } else {
            t
        }
    }
    pub(super) fn list(&mut self, values: &[Value]) -> String {
        values
            .iter()
            .map(|v| self.name(*v))
            .collect::<Vec<_>>()
            .join(", ")
    }
    pub(super) fn types(&self, values: &[Value]) -> String {
        values
            .iter()
            .map(|v| self.vty(*v))
            .collect::<Vec<_>>()
            .join(", ")
    }
    pub(super) fn line(&mut self, indent: usize, text: &str) {
        let indent = indent + usize::from(self.gpu);
        let line = format!("{}{text}", "  ".repeat(indent));
        self.out.push_line(&line, &self.loc);
    }

    /// A printed value as a 64-bit slot (see [`PRINT_HOOK_SYMBOL`]).
    pub(super) fn print_slot(&mut self, v: Value, indent: usize) -> String {
        let t = self.ctx.value_type(v);
        let ty = self.ty(t);
        let mut slot = self.name(v);
        let convert = |e: &mut Self, slot: &mut String, text: String| {
            let r = e.fresh();
            e.line(indent, &format!("{r} = {text}"));
            *slot = r;
        };
        match self.ctx.type_kind(t).clone() {
            TypeKind::Float(FloatKind::F64) => {
                let text = format!("arith.bitcast {slot} : f64 to i64");
                convert(self, &mut slot, text);
            }
            TypeKind::Float(kind) => {
                // Shown with float32 precision: the slot holds the f32 bits.
                if kind != FloatKind::F32 {
                    let text = format!("arith.extf {slot} : {ty} to f32");
                    convert(self, &mut slot, text);
                }
                let text = format!("arith.bitcast {slot} : f32 to i32");
                convert(self, &mut slot, text);
                let text = format!("arith.extui {slot} : i32 to i64");
                convert(self, &mut slot, text);
            }
            TypeKind::Int { width, signedness } if width != 64 => {
                let unsigned =
                    width == 1 || signedness == blackbird_dialects::ir::Signedness::Unsigned;
                let ext = if unsigned {
                    arith::EXTUI.name
                } else {
                    arith::EXTSI.name
                };
                let text = format!("{ext} {slot} : {ty} to i64");
                convert(self, &mut slot, text);
            }
            _ => {}
        }
        slot
    }

    /// The rank of `op`'s first result.
    pub(super) fn rank_of(&self, op: OpId) -> usize {
        let t = self.ctx.value_type(self.ctx.result(op, 0));
        self.ctx.type_kind(t).rank().unwrap_or(0)
    }

    /// `loop.alloc` of a buffer whose dimensions are all dynamic: `memref.alloc`, and when
    /// `malloc` gave null, MemoryError and an empty buffer instead.
    pub(super) fn checked_alloc(&mut self, op: OpId, operands: &[Value], indent: usize) {
        let ctx = self.ctx;
        let result = ctx.result(op, 0);
        let ty = self.vty(result);
        let elem = ctx.type_kind(ctx.value_type(result)).element_type();
        let dtype = elem.map_or("?".into(), |e| {
            crate::transforms::infer_types::rules::display(ctx, e)
        });
        let message = format!("Unable to allocate the memory for an array of {dtype}");
        let code = self.raise_sites.len();
        self.raise_sites
            .push(("MemoryError".into(), message, ctx.loc(op).clone()));
        let (buffer, address, zero, null) =
            (self.fresh(), self.fresh(), self.fresh(), self.fresh());
        let sizes = self.list(operands);
        self.line(indent, &format!("{buffer} = memref.alloc({sizes}) : {ty}"));
        self.line(
            indent,
            &format!(
                "{address} = memref.extract_aligned_pointer_as_index {buffer} : {ty} -> index"
            ),
        );
        self.line(indent, &format!("{zero} = arith.constant 0 : index"));
        self.line(
            indent,
            &format!("{null} = arith.cmpi eq, {address}, {zero} : index"),
        );
        let r = self.results(op);
        self.line(indent, &format!("{r}scf.if {null} -> ({ty}) {{"));
        let (site, empty) = (self.fresh(), self.fresh());
        self.line(indent + 1, &format!("{site} = arith.constant {code} : i64"));
        self.line(
            indent + 1,
            &format!("func.call @{RAISE_SYMBOL}({site}) : (i64) -> ()"),
        );
        let zeros = vec![zero; operands.len()].join(", ");
        self.line(
            indent + 1,
            &format!("{empty} = memref.alloc({zeros}) : {ty}"),
        );
        self.line(indent + 1, &format!("scf.yield {empty} : {ty}"));
        self.line(indent, "} else {");
        self.line(indent + 1, &format!("scf.yield {buffer} : {ty}"));
        self.line(indent, "}");
    }

    /// `%r = ` / `%r:n = ` for an op's results (and their names for later uses).
    pub(super) fn results(&mut self, op: OpId) -> String {
        let results = self.ctx.results(op).to_vec();
        match results.len() {
            0 => String::new(),
            1 => format!("{} = ", self.name(results[0])),
            n => {
                let base = format!("%m{}", self.number());
                for (i, r) in results.iter().enumerate() {
                    self.names.insert(*r, format!("{base}#{i}"));
                }
                format!("{base}:{n} = ")
            }
        }
    }
}

impl Emitter<'_> {
    pub(super) fn block(&mut self, block: BlockId, indent: usize) -> Result<(), Diagnostic> {
        for op in self.ctx.block_ops(block).to_vec() {
            self.op(op, indent)?;
        }
        Ok(())
    }

    /// The module, its lines located.
    pub(super) fn finish(self, location: Location) -> MlirModule {
        let (text, line_locations) = self.out.finish();
        MlirModule {
            text,
            raise_sites: self.raise_sites,
            location,
            line_locations,
        }
    }

    /// Emit `op`, its lines located at it (those of the ops inside it at theirs).
    pub(super) fn op(&mut self, op: OpId, indent: usize) -> Result<(), Diagnostic> {
        let outer = std::mem::replace(&mut self.loc, self.ctx.loc(op).clone());
        let r = self.op_here(op, indent);
        self.loc = outer;
        r
    }

    pub(super) fn op_here(&mut self, op: OpId, indent: usize) -> Result<(), Diagnostic> {
        match self.ctx.op_def(op).dialect() {
            "arith" | "math" | "func" => self.scalar_op(op, indent),
            _ => self.loop_op(op, indent),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::signless;

    #[test]
    fn unsigned_integer_types_print_signless() {
        assert_eq!(signless("ui8"), "i8");
        assert_eq!(
            signless("memref<?x4xui16, strided<[?, 1], offset: ?>>"),
            "memref<?x4xi16, strided<[?, 1], offset: ?>>"
        );
        assert_eq!(signless("(ui64, f64) -> ui32"), "(i64, f64) -> i32");
        // Not a type name: left alone.
        assert_eq!(
            super::lists_as_pointers("(!py.list<f64>, i64) -> !py.list<i1>"),
            "(!llvm.ptr, i64) -> !llvm.ptr"
        );
        assert_eq!(signless("@fui8"), "@fui8");
        assert_eq!(signless("index"), "index");
    }
}
