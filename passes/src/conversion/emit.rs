//! [`Emitter`]: builds scalar and loop-level IR at the end of a block. Shared by the
//! conversions that write `arith`/`math`/`loop` code (`convert-py-to-tensor`,
//! `convert-tensor-to-loop`): constants, conversions with Numba's rules, raising Python
//! exceptions, index wrapping, array sizes, NumPy broadcasting and loop nests.

use blackbird_dialects::ir::{
    AttrKind, BlockId, Builder, Context, Location, MemLayout, OpDef, OpId, OperationState,
    RegionId, Type, TypeKind, Value,
};
use blackbird_dialects::{arith, loops, math};

mod structured;
mod unsigned;

pub use structured::{
    accumulate, alloca_scope, fold_carried, fold_nest, if_else, loop_nest, parallel_loop_nest,
    while_loop, CarriedBody, NestBody,
};
pub use unsigned::{for_operands, is_unsigned};

/// NumPy's ValueError for an array of more than `isize::MAX` bytes.
pub const ARRAY_TOO_BIG: &str = "array is too big; `arr.size * arr.dtype.itemsize` is larger \
                                 than the maximum possible size.";

/// From this many bytes up, a new array that fusion may never allocate is allocated once
/// for trial (see [`Emitter::probed_sizes`]): below it, the trial would cost more than it
/// tells (allocations this small do not fail where a program can go on).
pub const PROBED_BYTES: i64 = 1 << 26;

/// Emits ops at the end of `block`.
pub struct Emitter<'c> {
    pub ctx: &'c mut Context,
    pub block: BlockId,
    /// Check indices against array bounds (IndexError) where they are wrapped.
    pub boundscheck: bool,
}

/// A lowering that emits through an [`Emitter`] it holds (the py → tensor converter, the
/// tensor → loop lowering): the loop builders below take it, so that the bodies they are given
/// receive the whole lowering again.
pub trait Emits<'c> {
    fn emitter(&mut self) -> &mut Emitter<'c>;
}

impl<'c> Emits<'c> for Emitter<'c> {
    fn emitter(&mut self) -> &mut Emitter<'c> {
        self
    }
}

impl<'c, T: Emits<'c> + ?Sized> Emits<'c> for &mut T {
    fn emitter(&mut self) -> &mut Emitter<'c> {
        (**self).emitter()
    }
}

impl<'c> Emitter<'c> {
    pub fn new(ctx: &'c mut Context, block: BlockId, boundscheck: bool) -> Self {
        Emitter {
            ctx,
            block,
            boundscheck,
        }
    }

    /// Emit `def`, or its unsigned twin when its integers are unsigned (see
    /// [`for_operands`]).
    pub fn emit(
        &mut self,
        def: &'static OpDef,
        operands: &[Value],
        results: &[Type],
        attrs: &[(&str, blackbird_dialects::ir::Attr)],
        regions: Vec<RegionId>,
        loc: &Location,
    ) -> OpId {
        let (def, predicate) = for_operands(self.ctx, def, operands, results, attrs);
        let predicate_attr = predicate.map(|p| self.ctx.str_attr(p));
        let attrs: Vec<(&str, blackbird_dialects::ir::Attr)> = attrs
            .iter()
            .map(|(name, a)| match (*name, predicate_attr) {
                (name, Some(p)) if name == arith::cmpi::PREDICATE.name => (name, p),
                _ => (*name, *a),
            })
            .collect();
        Builder::at_end(self.ctx, self.block)
            .with_loc(loc.clone())
            .build(def, operands, results, &attrs, &regions)
    }

    pub fn value(
        &mut self,
        def: &'static OpDef,
        operands: &[Value],
        result: Type,
        loc: &Location,
    ) -> Value {
        let op = self.emit(def, operands, &[result], &[], vec![], loc);
        self.ctx.result(op, 0)
    }

    pub fn is_unsigned(&self, t: Type) -> bool {
        is_unsigned(self.ctx, t)
    }

    /// `v` as a constant of `t`: a float, or an integer (truncated).
    pub fn zero_of(&mut self, t: Type, v: f64, loc: &Location) -> Value {
        if self.is_float(t) {
            self.const_float(v, t, loc)
        } else {
            self.const_int(v as i64, t, loc)
        }
    }

    /// The smallest and largest values of integer type `t`, as the bits an i64 constant of
    /// `t` holds (the largest `ui64` is all ones, -1).
    pub fn int_range(&self, t: Type) -> (i64, i64) {
        let TypeKind::Int { width, .. } = *self.ctx.type_kind(t) else {
            unreachable!("an integer type")
        };
        match (self.is_unsigned(t), width) {
            (true, 64) => (0, -1),
            (true, w) => (0, (1i64 << w) - 1),
            (false, 1) => (0, 1),
            (false, w) => (-(1i128 << (w - 1)) as i64, ((1i128 << (w - 1)) - 1) as i64),
        }
    }

    pub fn const_int(&mut self, v: i64, t: Type, loc: &Location) -> Value {
        let attr = if matches!(self.ctx.type_kind(t), TypeKind::Int { width: 1, .. }) {
            self.ctx.intern_attr(AttrKind::Bool(v != 0))
        } else {
            self.ctx.int_attr(v, t)
        };
        let attrs = [(arith::constant::VALUE.name, attr)];
        let op = self.emit(&arith::CONSTANT, &[], &[t], &attrs, vec![], loc);
        self.ctx.result(op, 0)
    }

    pub fn const_float(&mut self, v: f64, t: Type, loc: &Location) -> Value {
        let attr = self.ctx.float_attr(v, t);
        let attrs = [(arith::constant::VALUE.name, attr)];
        let op = self.emit(&arith::CONSTANT, &[], &[t], &attrs, vec![], loc);
        self.ctx.result(op, 0)
    }

    pub fn binary(&mut self, def: &'static OpDef, a: Value, b: Value, loc: &Location) -> Value {
        let t = self.ctx.value_type(a);
        self.value(def, &[a, b], t, loc)
    }

    /// `def` (a float op of `arith`) with the fast-math flag `contract`: a multiplication and
    /// an addition both so marked may become one fused multiply-add.
    pub fn contractible(
        &mut self,
        def: &'static OpDef,
        a: Value,
        b: Value,
        loc: &Location,
    ) -> Value {
        let t = self.ctx.value_type(a);
        let contract = self.ctx.str_attr(arith::FastmathFlag::Contract.as_str());
        let attrs = [(arith::FASTMATH.name, contract)];
        let op = self.emit(def, &[a, b], &[t], &attrs, vec![], loc);
        self.ctx.result(op, 0)
    }

    /// `a + b`, `a - b` or `a * b` (`kind` "add", "sub", "mul") of two values of one type: the
    /// float or the (wrapping) integer op; on booleans, NumPy's logical or / and.
    pub fn arithmetic(&mut self, kind: &str, a: Value, b: Value, loc: &Location) -> Value {
        let t = self.ctx.value_type(a);
        let float = self.is_float(t);
        if matches!(self.ctx.type_kind(t), TypeKind::Int { width: 1, .. }) {
            // NumPy's booleans: `+` is logical or, `*` logical and (`-` is a typing error).
            let def = match kind {
                "add" => &arith::ORI,
                "mul" => &arith::ANDI,
                _ => &arith::XORI,
            };
            return self.binary(def, a, b, loc);
        }
        let def = match (kind, float) {
            ("add", true) => &arith::ADDF,
            ("sub", true) => &arith::SUBF,
            ("mul", true) => &arith::MULF,
            ("add", false) => &arith::ADDI,
            ("sub", false) => &arith::SUBI,
            ("mul", false) => &arith::MULI,
            _ => unreachable!("add, sub or mul"),
        };
        self.binary(def, a, b, loc)
    }

    /// Python's float `a // b` and `a % b`, exactly as CPython's `_float_div_mod` (and NumPy's
    /// `npy_divmod`) compute them, signed zeros and infinities included:
    /// `mod = fmod(a, b)`, `div = (a - mod) / b`; a nonzero `mod` whose sign differs from
    /// `b`'s takes `b` in (`div` one less), a zero `mod` takes `b`'s sign; a nonzero `div` is
    /// floored and snapped to the nearest integer, a zero one takes the sign of `a / b`.
    /// Returns `(floordiv, mod)`; a zero divisor is the caller's business.
    pub fn float_divmod(&mut self, a: Value, b: Value, loc: &Location) -> (Value, Value) {
        let t = self.ctx.value_type(a);
        let zero = self.const_float(0.0, t, loc);
        let minus_zero = self.const_float(-0.0, t, loc);
        let one = self.const_float(1.0, t, loc);
        let half = self.const_float(0.5, t, loc);
        let mod_ = self.binary(&arith::REMF, a, b, loc);
        let a_less_mod = self.binary(&arith::SUBF, a, mod_, loc);
        let div = self.binary(&arith::DIVF, a_less_mod, b, loc);
        // A C double is true when it is not zero: NaN is true.
        let mod_nonzero = self.cmp(&arith::CMPF, "une", mod_, zero, loc);
        let b_neg = self.cmp(&arith::CMPF, "olt", b, zero, loc);
        let mod_neg = self.cmp(&arith::CMPF, "olt", mod_, zero, loc);
        let signs_differ = self.binary(&arith::XORI, b_neg, mod_neg, loc);
        let fix = self.binary(&arith::ANDI, mod_nonzero, signs_differ, loc);
        let mod_plus_b = self.binary(&arith::ADDF, mod_, b, loc);
        let div_less_one = self.binary(&arith::SUBF, div, one, loc);
        let mod_fixed = self.select(fix, mod_plus_b, mod_, loc);
        let div = self.select(fix, div_less_one, div, loc);
        // `copysign(0, b)`: `b` is neither zero nor NaN where fmod gives a zero.
        let signed_zero = self.select(b_neg, minus_zero, zero, loc);
        let mod_ = self.select(mod_nonzero, mod_fixed, signed_zero, loc);
        let floor = self.value(&math::FLOOR, &[div], t, loc);
        let fraction = self.binary(&arith::SUBF, div, floor, loc);
        let snap = self.cmp(&arith::CMPF, "ogt", fraction, half, loc);
        let floor_plus_one = self.binary(&arith::ADDF, floor, one, loc);
        let floored = self.select(snap, floor_plus_one, floor, loc);
        // `copysign(0, a / b)`: a zero quotient is its own signed zero.
        let q = self.binary(&arith::DIVF, a, b, loc);
        let q_neg = self.cmp(&arith::CMPF, "olt", q, zero, loc);
        let q_pos = self.cmp(&arith::CMPF, "ogt", q, zero, loc);
        let zero_or_q = self.select(q_pos, zero, q, loc);
        let zero_quotient = self.select(q_neg, minus_zero, zero_or_q, loc);
        let div_nonzero = self.cmp(&arith::CMPF, "une", div, zero, loc);
        let floordiv = self.select(div_nonzero, floored, zero_quotient, loc);
        (floordiv, mod_)
    }

    pub fn cmp(
        &mut self,
        def: &'static OpDef,
        pred: &str,
        a: Value,
        b: Value,
        loc: &Location,
    ) -> Value {
        let i1 = self.ctx.i1();
        let p = self.ctx.str_attr(pred);
        // `arith.cmpf` names its predicate as `arith.cmpi` does.
        let attrs = [(arith::cmpi::PREDICATE.name, p)];
        let op = self.emit(def, &[a, b], &[i1], &attrs, vec![], loc);
        self.ctx.result(op, 0)
    }

    /// NumPy's `np.maximum(a, b)` (`max`) or `np.minimum(a, b)` of two floats of one type:
    /// `a > b || isnan(a) ? a : b` (`<` for the minimum). A NaN propagates, and of two equal
    /// values the second is taken, so `np.maximum(0.0, -0.0)` is -0.0 (NumPy 2.4 on x86-64,
    /// every loop: contiguous, strided, broadcast). `arith.maximumf` would give +0.0: it
    /// orders -0.0 below +0.0.
    pub fn numpy_extremum(&mut self, max: bool, a: Value, b: Value, loc: &Location) -> Value {
        let pred = if max { "ogt" } else { "olt" };
        let beyond = self.cmp(&arith::CMPF, pred, a, b, loc);
        let a_nan = self.cmp(&arith::CMPF, "uno", a, a, loc);
        let take_a = self.binary(&arith::ORI, beyond, a_nan, loc);
        self.select(take_a, a, b, loc)
    }

    pub fn select(&mut self, c: Value, a: Value, b: Value, loc: &Location) -> Value {
        let t = self.ctx.value_type(a);
        self.value(&arith::SELECT, &[c, a, b], t, loc)
    }

    pub fn is_float(&self, t: Type) -> bool {
        self.ctx.type_kind(t).is_float()
    }

    pub fn width(&self, t: Type) -> u32 {
        match self.ctx.type_kind(t) {
            TypeKind::Int { width, .. } => *width,
            TypeKind::Float(k) => k.width(),
            _ => 64,
        }
    }

    /// Convert a scalar to type `to` (Numba's conversions: bool→int zero-extends,
    /// int→float rounds, float→int truncates toward zero).
    pub fn coerce(&mut self, v: Value, to: Type, loc: &Location) -> Value {
        let from = self.ctx.value_type(v);
        if from == to {
            return v;
        }
        let (fk, tk) = (
            self.ctx.type_kind(from).clone(),
            self.ctx.type_kind(to).clone(),
        );
        let def: &'static OpDef = match (&fk, &tk) {
            (TypeKind::Int { width: 1, .. }, TypeKind::Int { .. }) => &arith::EXTUI,
            (TypeKind::Int { .. }, TypeKind::Int { width: 1, .. }) => {
                let zero = self.const_int(0, from, loc);
                return self.cmp(&arith::CMPI, "ne", v, zero, loc);
            }
            (TypeKind::Int { width: a, .. }, TypeKind::Int { width: b, .. }) if a < b => {
                &arith::EXTSI
            }
            // The same bits read with the other signedness (uint64 ↔ int64 wraps).
            (TypeKind::Int { width: a, .. }, TypeKind::Int { width: b, .. }) if a == b => {
                &arith::BITCAST
            }
            (TypeKind::Int { .. }, TypeKind::Int { .. }) => &arith::TRUNCI,
            (TypeKind::Int { width: 1, .. }, TypeKind::Float(_)) => {
                let i64t = self.ctx.i64();
                let wide = self.coerce(v, i64t, loc);
                return self.coerce(wide, to, loc);
            }
            (TypeKind::Int { .. }, TypeKind::Float(_)) => &arith::SITOFP,
            (TypeKind::Float(_), TypeKind::Int { width: 1, .. }) => {
                let zero = self.const_float(0.0, from, loc);
                return self.cmp(&arith::CMPF, "une", v, zero, loc);
            }
            (TypeKind::Float(_), TypeKind::Int { .. }) => &arith::FPTOSI,
            (TypeKind::Float(a), TypeKind::Float(b)) if a.width() < b.width() => &arith::EXTF,
            (TypeKind::Float(_), TypeKind::Float(_)) => &arith::TRUNCF,
            _ => return v,
        };
        self.value(def, &[v], to, loc)
    }

    /// Python truth of a scalar as `i1`.
    pub fn truth(&mut self, v: Value, loc: &Location) -> Value {
        let i1 = self.ctx.i1();
        self.coerce(v, i1, loc)
    }

    /// `loop.if cond { loop.raise kind: message }`.
    pub fn raise_if(&mut self, cond: Value, kind: &str, message: &str, loc: &Location) {
        let k = self.ctx.str_attr(kind);
        let m = self.ctx.str_attr(message);
        let raise = OperationState::new(&loops::RAISE, loc.clone())
            .attr(loops::raise::KIND.name, k)
            .attr(loops::raise::MESSAGE.name, m);
        self.only_if(cond, raise, loc);
    }

    /// `loop.if cond { op }` for an op without results (a raise, a dealloc).
    pub fn only_if(&mut self, cond: Value, op: OperationState, loc: &Location) {
        let (then_r, then_b) = self.ctx.create_region_with_block(&[]);
        let (else_r, else_b) = self.ctx.create_region_with_block(&[]);
        let op = self.ctx.create_op(op);
        self.ctx.append_op(then_b, op);
        for b in [then_b, else_b] {
            let y = self
                .ctx
                .create_op(OperationState::new(&loops::YIELD, loc.clone()));
            self.ctx.append_op(b, y);
        }
        self.emit(&loops::IF, &[cond], &[], &[], vec![then_r, else_r], loc);
    }

    /// `value()` (of type `ty`) when `ok`, else zero: for reads that would be out of bounds
    /// after a raise (compiled code goes on to the function's end after raising, and the
    /// runtime discards its results).
    pub fn when_or_zero(
        &mut self,
        ok: Value,
        ty: Type,
        loc: &Location,
        value: &mut dyn FnMut(&mut Self) -> Value,
    ) -> Value {
        let mut s = self;
        if_else(&mut s, ok, &[ty], loc, &mut |s, ok| match ok {
            true => vec![value(s)],
            false => vec![s.zero_of(ty, 0.0, loc)],
        })[0]
    }

    /// `loop.if !ok { loop.raise kind: message }`.
    pub fn raise_unless(&mut self, ok: Value, kind: &str, message: &str, loc: &Location) {
        let i1 = self.ctx.i1();
        let t = self.const_int(1, i1, loc);
        let bad = self.binary(&arith::XORI, ok, t, loc);
        self.raise_if(bad, kind, message, loc);
    }

    /// Python's index `i` into a dimension of `n` elements (both i64): a negative index counts
    /// from the end. With boundscheck, also whether the wrapped index is in range.
    pub fn wrap_index(&mut self, i: Value, n: Value, loc: &Location) -> (Value, Option<Value>) {
        let i64t = self.ctx.i64();
        let i = self.coerce(i, i64t, loc);
        let zero = self.const_int(0, i64t, loc);
        let negative = self.cmp(&arith::CMPI, "slt", i, zero, loc);
        let wrapped = self.binary(&arith::ADDI, i, n, loc);
        let i = self.select(negative, wrapped, i, loc);
        let in_bounds = self.boundscheck.then(|| {
            let lo = self.cmp(&arith::CMPI, "sge", i, zero, loc);
            let hi = self.cmp(&arith::CMPI, "slt", i, n, loc);
            self.binary(&arith::ANDI, lo, hi, loc)
        });
        (i, in_bounds)
    }

    /// Size of dimension `d` of a memref as i64.
    pub fn dim(&mut self, m: Value, d: usize, loc: &Location) -> Value {
        let index = self.ctx.index();
        let i64t = self.ctx.i64();
        let dim = self.ctx.int_attr(d as i64, i64t);
        let op = self.emit(
            &loops::DIM,
            &[m],
            &[index],
            &[(loops::dim::DIM.name, dim)],
            vec![],
            loc,
        );
        let r = self.ctx.result(op, 0);
        let i64t = self.ctx.i64();
        self.value(&arith::INDEX_CAST, &[r], i64t, loc)
    }

    pub fn index_value(&mut self, v: Value, loc: &Location) -> Value {
        let index = self.ctx.index();
        self.value(&arith::INDEX_CAST, &[v], index, loc)
    }

    pub fn sizes(&mut self, m: Value, loc: &Location) -> Vec<Value> {
        let rank = self
            .ctx
            .type_kind(self.ctx.value_type(m))
            .rank()
            .unwrap_or(0);
        (0..rank).map(|d| self.dim(m, d, loc)).collect()
    }

    /// Size `n` (i64) when `ok`, else 0. After a failed check raises, compiled code runs on
    /// until the next check of the pending exception (`py-propagate-raises`): loops over sizes
    /// that failed their check must not run, or they would read and write out of bounds.
    pub fn size_if(&mut self, ok: Value, n: Value, loc: &Location) -> Value {
        let i64t = self.ctx.i64();
        let zero = self.const_int(0, i64t, loc);
        self.select(ok, n, zero, loc)
    }

    /// `sizes` (i64), or all 0 when one of `buffer_sizes` is 0: a nest over `sizes` that
    /// writes a buffer of `buffer_sizes` (some of them) then writes nothing, also when that
    /// buffer could not be allocated (see [`Self::alloc_buffer`]).
    pub fn within(
        &mut self,
        sizes: &[Value],
        buffer_sizes: &[Value],
        loc: &Location,
    ) -> Vec<Value> {
        let (i1, i64t) = (self.ctx.i1(), self.ctx.i64());
        let zero = self.const_int(0, i64t, loc);
        let mut nonempty = self.const_int(1, i1, loc);
        for n in buffer_sizes {
            let some = self.cmp(&arith::CMPI, "ne", *n, zero, loc);
            nonempty = self.binary(&arith::ANDI, nonempty, some, loc);
        }
        sizes
            .iter()
            .map(|n| self.size_if(nonempty, *n, loc))
            .collect()
    }

    /// The broadcast shape (i64 sizes) of arrays with `shapes`, raising ValueError when
    /// sizes differ and neither is 1 (the size is then 0: see [`Self::size_if`]).
    pub fn broadcast(&mut self, shapes: &[Vec<Value>], loc: &Location) -> Vec<Value> {
        let rank = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
        let i64t = self.ctx.i64();
        let one = self.const_int(1, i64t, loc);
        let mut out = vec![];
        for d in 0..rank {
            let dims: Vec<Value> = shapes
                .iter()
                .filter(|s| d + s.len() >= rank)
                .map(|s| s[d + s.len() - rank])
                .collect();
            let mut size = one;
            for n in &dims {
                let is_one = self.cmp(&arith::CMPI, "eq", size, one, loc);
                size = self.select(is_one, *n, size, loc);
            }
            let i1 = self.ctx.i1();
            let mut all_ok = self.const_int(1, i1, loc);
            for n in &dims {
                let same = self.cmp(&arith::CMPI, "eq", *n, size, loc);
                let unit = self.cmp(&arith::CMPI, "eq", *n, one, loc);
                let ok = self.binary(&arith::ORI, same, unit, loc);
                self.raise_unless(
                    ok,
                    "ValueError",
                    "operands could not be broadcast together",
                    loc,
                );
                all_ok = self.binary(&arith::ANDI, all_ok, ok, loc);
            }
            out.push(self.size_if(all_ok, size, loc));
        }
        out
    }

    pub fn store_at(&mut self, value: Value, target: Value, ivs: &[Value], loc: &Location) {
        let mut operands = vec![value, target];
        for iv in ivs {
            operands.push(self.index_value(*iv, loc));
        }
        self.emit(&loops::STORE, &operands, &[], &[], vec![], loc);
    }

    pub fn load_at(&mut self, m: Value, idx: &[Value], loc: &Location) -> Value {
        let elem = self.element_type(m);
        let mut operands = vec![m];
        for i in idx {
            operands.push(self.index_value(*i, loc));
        }
        self.value(&loops::LOAD, &operands, elem, loc)
    }

    /// The number of elements of a shape of `sizes` (i64): their product.
    pub fn element_count_of(&mut self, sizes: &[Value], loc: &Location) -> Value {
        let i64t = self.ctx.i64();
        let mut n = self.const_int(1, i64t, loc);
        for d in sizes {
            n = self.binary(&arith::MULI, n, *d, loc);
        }
        n
    }

    /// Bytes of one value of scalar type `t` (an element of a buffer).
    pub fn byte_size(&self, t: Type) -> i64 {
        match self.ctx.type_kind(t) {
            TypeKind::Int { width, .. } => i64::from(width.div_ceil(8)),
            TypeKind::Float(kind) => i64::from(kind.width() / 8),
            TypeKind::Complex(part) => 2 * self.byte_size(*part),
            _ => 8,
        }
    }

    /// Ask for the cache line of the element of `m` at `idx` (i64) ahead of its load.
    pub fn prefetch_at(&mut self, m: Value, idx: &[Value], loc: &Location) {
        let mut operands = vec![m];
        for i in idx {
            operands.push(self.index_value(*i, loc));
        }
        self.emit(&loops::PREFETCH, &operands, &[], &[], vec![], loc);
    }

    /// `sizes` (i64, none negative) of a new array of `elem`, checked as NumPy checks them:
    /// when the product of the nonzero sizes and the item size exceeds `isize::MAX` bytes,
    /// ValueError (and every size 0 then: see [`Self::size_if`]).
    pub fn checked_sizes(&mut self, elem: Type, sizes: &[Value], loc: &Location) -> Vec<Value> {
        if sizes.is_empty() {
            return vec![];
        }
        let (i1, i64t) = (self.ctx.i1(), self.ctx.i64());
        let one = self.const_int(1, i64t, loc);
        let largest = self.const_int(i64::MAX, i64t, loc);
        let mut bytes = self.const_int(self.byte_size(elem), i64t, loc);
        let mut fits = self.const_int(1, i1, loc);
        for n in sizes {
            let factor = self.binary(&arith::MAXSI, *n, one, loc);
            let limit = self.binary(&arith::DIVSI, largest, factor, loc);
            let ok = self.cmp(&arith::CMPI, "sle", bytes, limit, loc);
            fits = self.binary(&arith::ANDI, fits, ok, loc);
            bytes = self.binary(&arith::MULI, bytes, factor, loc);
        }
        self.raise_unless(fits, "ValueError", ARRAY_TOO_BIG, loc);
        sizes.iter().map(|n| self.size_if(fits, *n, loc)).collect()
    }

    /// A fresh buffer of `sizes` (i64), typed as a strided memref, and its sizes: those given,
    /// or all 0 when it could not be allocated (ValueError for a byte size NumPy refuses, see
    /// [`Self::checked_sizes`]; MemoryError when the memory is short: `loop.alloc` then
    /// gives an empty buffer). Loops over it must use the sizes returned. The caller frees it.
    pub fn alloc_buffer(
        &mut self,
        elem: Type,
        sizes: &[Value],
        loc: &Location,
    ) -> (Value, Vec<Value>) {
        let sizes = self.checked_sizes(elem, sizes, loc);
        let buffer = self.alloc_identity(elem, &sizes, loc);
        let sizes = self.sizes(buffer, loc);
        let strided = self.ctx.intern_type(TypeKind::MemRef {
            shape: vec![None; sizes.len()],
            elem,
            layout: MemLayout::Strided,
        });
        (self.value(&loops::CAST, &[buffer], strided, loc), sizes)
    }

    /// `loop.alloc` of `sizes` (i64): an identity-layout memref.
    fn alloc_identity(&mut self, elem: Type, sizes: &[Value], loc: &Location) -> Value {
        let sizes: Vec<Value> = sizes.iter().map(|s| self.index_value(*s, loc)).collect();
        let identity = self.ctx.intern_type(TypeKind::MemRef {
            shape: vec![None; sizes.len()],
            elem,
            layout: MemLayout::Identity,
        });
        self.value(&loops::ALLOC, &sizes, identity, loc)
    }

    /// Whether the array `m` is C-contiguous, by NumPy's rule: each axis longer than 1 has
    /// the stride of the axes after it (in elements), or the array is empty.
    pub fn is_c_contiguous(&mut self, m: Value, loc: &Location) -> Value {
        let (_, sizes, strides) = self.metadata(m, loc);
        let index = self.ctx.index();
        let i1 = self.ctx.i1();
        let (zero, one) = (self.const_int(0, index, loc), self.const_int(1, index, loc));
        let mut expected = one;
        let mut ok = self.const_int(1, i1, loc);
        let mut empty = self.const_int(0, i1, loc);
        for (n, stride) in sizes.iter().zip(&strides).rev() {
            let single = self.cmp(&arith::CMPI, "eq", *n, one, loc);
            let packed = self.cmp(&arith::CMPI, "eq", *stride, expected, loc);
            let fits = self.binary(&arith::ORI, single, packed, loc);
            ok = self.binary(&arith::ANDI, ok, fits, loc);
            let none = self.cmp(&arith::CMPI, "eq", *n, zero, loc);
            empty = self.binary(&arith::ORI, empty, none, loc);
            expected = self.binary(&arith::MULI, expected, *n, loc);
        }
        self.binary(&arith::ORI, ok, empty, loc)
    }

    /// `sizes` (i64) of a new array of `elem` that may never be allocated (a `tensor.splat`
    /// that fusion reads without storing), checked as if it were: ValueError as
    /// [`Self::checked_sizes`] says, and, from [`PROBED_BYTES`] bytes up, MemoryError when
    /// that much memory cannot be allocated (a trial allocation, freed at once), as NumPy's
    /// `np.zeros(10**12)` raises. Every size is 0 after either error.
    pub fn probed_sizes(&mut self, elem: Type, sizes: &[Value], loc: &Location) -> Vec<Value> {
        let sizes = self.checked_sizes(elem, sizes, loc);
        if sizes.is_empty() {
            return sizes;
        }
        let i64t = self.ctx.i64();
        let item = self.const_int(self.byte_size(elem), i64t, loc);
        let count = self.element_count_of(&sizes, loc);
        let bytes = self.binary(&arith::MULI, count, item, loc);
        let threshold = self.const_int(PROBED_BYTES, i64t, loc);
        let large = self.cmp(&arith::CMPI, "sge", bytes, threshold, loc);
        let types = vec![i64t; sizes.len()];
        let mut s = self;
        if_else(&mut s, large, &types, loc, &mut |s, large| match large {
            true => {
                let trial = s.alloc_identity(elem, &sizes, loc);
                let granted = s.sizes(trial, loc);
                s.emit(&loops::DEALLOC, &[trial], &[], &[], vec![], loc);
                granted
            }
            false => sizes.clone(),
        })
    }
    /// The offset, sizes and strides (`index` values) of a buffer.
    pub fn metadata(&mut self, m: Value, loc: &Location) -> (Value, Vec<Value>, Vec<Value>) {
        let rank = self.rank(m);
        let index = self.ctx.index();
        let op = self.emit(
            &loops::METADATA,
            &[m],
            &vec![index; 1 + 2 * rank],
            &[],
            vec![],
            loc,
        );
        let meta = self.ctx.results(op).to_vec();
        (meta[0], meta[1..=rank].to_vec(), meta[1 + rank..].to_vec())
    }

    /// The element type of a shaped value.
    pub fn element_type(&self, v: Value) -> Type {
        self.ctx
            .type_kind(self.ctx.value_type(v))
            .element_type()
            .expect("a shaped value")
    }

    /// The rank of a shaped value (0 for a scalar).
    pub fn rank(&self, v: Value) -> usize {
        self.ctx
            .type_kind(self.ctx.value_type(v))
            .rank()
            .unwrap_or(0)
    }

    /// Element of `v` at the position `ivs` of a result it is broadcast to: dimensions of
    /// size 1 read index 0; a scalar is itself.
    pub fn broadcast_load(&mut self, v: Value, ivs: &[Value], loc: &Location) -> Value {
        let Some(rank) = self.ctx.type_kind(self.ctx.value_type(v)).rank() else {
            return v;
        };
        let i64t = self.ctx.i64();
        let one = self.const_int(1, i64t, loc);
        let zero = self.const_int(0, i64t, loc);
        let mut idx = vec![];
        for d in 0..rank {
            let n = self.dim(v, d, loc);
            let iv = ivs[ivs.len() - rank + d];
            let is_one = self.cmp(&arith::CMPI, "eq", n, one, loc);
            idx.push(self.select(is_one, zero, iv, loc));
        }
        self.load_at(v, &idx, loc)
    }
}
