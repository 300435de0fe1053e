//! Array ownership: which region owns each array, and who frees it when a region is left.

use blackbird_dialects::ir::{Location, OperationState, Type, Value};
use blackbird_dialects::{arith, loops};

use super::Converter;

/// An array a region owns: allocated there (always owned), or received from control flow (a
/// block argument, the result of an `if` or a loop) with a run-time ownership flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Temp {
    pub(super) array: Value,
    pub(super) owned: Option<Value>,
}

/// A condition known at compile time or computed at run time (an i1).
#[derive(Clone, Copy, Debug)]
pub(super) enum Cond {
    Always,
    Never,
    When(Value),
}

impl Converter<'_> {
    /// A fresh allocation `array`, owned by the current region.
    pub(super) fn own(&mut self, array: Value) {
        self.temps
            .last_mut()
            .expect("a region scope is open")
            .push(Temp { array, owned: None });
    }

    /// The owned array whose memory `v` is (or is a view of), in any open region.
    pub(super) fn static_root(&self, v: Value) -> Option<Temp> {
        let mut v = v;
        loop {
            if let Some(t) = self.temps.iter().flatten().find(|t| t.array == v) {
                return Some(*t);
            }
            v = *self.view_base.get(&v)?;
        }
    }

    /// Leave the current region with `leaving` (arrays without flags). Each array the region
    /// owns passes to the first leaving array that is its memory — known statically (a view
    /// of it) or, where control flow hides it, by comparing base addresses at run time — and
    /// is freed otherwise. Returns `leaving` with each array followed by its ownership flag.
    /// Each buffer so has one owner at a time, and none is freed while a value leaving the
    /// region uses it.
    pub(super) fn hand_over(&mut self, leaving: &[Value], loc: &Location) -> Vec<Value> {
        // GPU code allocates nothing (a located error): no array is ever owned there.
        let temps = match self.gpu {
            true => vec![],
            false => self.temps.last().cloned().unwrap_or_default(),
        };
        let arrays: Vec<(Value, Option<Temp>)> = leaving
            .iter()
            .filter(|v| self.e.ctx.type_kind(self.e.ctx.value_type(**v)).is_shaped())
            .map(|v| (*v, self.static_root(*v)))
            .collect();
        let mut flags = vec![Cond::Never; arrays.len()];
        for t in temps {
            let owned = t.owned.map_or(Cond::Always, Cond::When);
            let mut taken = Cond::Never;
            for (k, &(r, root)) in arrays.iter().enumerate() {
                let alias = match root {
                    Some(root) if root.array == t.array => Cond::Always,
                    // Arguments' memory, and other fresh allocations, are never `t`'s.
                    None => Cond::Never,
                    Some(Temp { owned: None, .. }) => Cond::Never,
                    // A block argument existed before anything this region allocated.
                    Some(root)
                        if t.owned.is_none() && self.e.ctx.defining_op(root.array).is_none() =>
                    {
                        Cond::Never
                    }
                    Some(_) => {
                        let same = self.same_buffer(r, t.array, loc);
                        Cond::When(same)
                    }
                };
                let free = self.not(taken, loc);
                let heir = self.and(alias, free, loc);
                let inherits = self.and(owned, heir, loc);
                flags[k] = self.or(flags[k], inherits, loc);
                taken = self.or(taken, alias, loc);
            }
            let unclaimed = self.not(taken, loc);
            let free = self.and(owned, unclaimed, loc);
            self.dealloc_when(free, t.array, loc);
        }
        let mut out = vec![];
        let mut flags = flags.into_iter();
        for v in leaving {
            out.push(*v);
            if self.e.ctx.type_kind(self.e.ctx.value_type(*v)).is_shaped() {
                let flag = flags.next().expect("one flag per array");
                out.push(self.cond_value(flag, loc));
            }
        }
        out
    }

    /// Strip the ownership flags following the arrays of `values` (block arguments or results
    /// of control flow); the arrays become owned, under their flags, by the current region.
    pub(super) fn unflag(&mut self, values: &[Value]) -> Vec<Value> {
        let (out, entering) = self.unflag_entering(values);
        self.temps
            .last_mut()
            .expect("a region scope is open")
            .extend(entering);
        out
    }

    /// [`Converter::unflag`] for a region not open yet: the arrays it will own are returned.
    pub(super) fn unflag_entering(&self, values: &[Value]) -> (Vec<Value>, Vec<Temp>) {
        let (mut out, mut entering) = (vec![], vec![]);
        let mut it = values.iter().copied();
        while let Some(v) = it.next() {
            out.push(v);
            if self.e.ctx.type_kind(self.e.ctx.value_type(v)).is_shaped() {
                let flag = it.next().expect("an array is followed by its flag");
                entering.push(Temp {
                    array: v,
                    owned: Some(flag),
                });
            }
        }
        (out, entering)
    }

    /// Values entering a loop (arrays without flags) with flags added: the region outside
    /// keeps owning them (flag false). Returns the values and their types.
    pub(super) fn flag_inits(
        &mut self,
        values: &[Value],
        loc: &Location,
    ) -> (Vec<Value>, Vec<Type>) {
        let mut out = vec![];
        for v in values {
            out.push(*v);
            if self.e.ctx.type_kind(self.e.ctx.value_type(*v)).is_shaped() {
                out.push(self.cond_value(Cond::Never, loc));
            }
        }
        let types = out.iter().map(|v| self.e.ctx.value_type(*v)).collect();
        (out, types)
    }

    /// Types with an ownership flag (i1) after each array.
    pub(super) fn flagged(&mut self, types: &[Type]) -> Vec<Type> {
        let mut out = vec![];
        for t in types {
            out.push(*t);
            if self.e.ctx.type_kind(*t).is_shaped() {
                out.push(self.e.ctx.i1());
            }
        }
        out
    }

    pub(super) fn same_buffer(&mut self, a: Value, b: Value, loc: &Location) -> Value {
        let index = self.e.ctx.index();
        let a = self.e.value(&loops::ADDRESS, &[a], index, loc);
        let b = self.e.value(&loops::ADDRESS, &[b], index, loc);
        self.e.cmp(&arith::CMPI, "eq", a, b, loc)
    }

    pub(super) fn dealloc_when(&mut self, when: Cond, array: Value, loc: &Location) {
        match when {
            Cond::Never => {}
            Cond::Always => {
                self.e
                    .emit(&loops::DEALLOC, &[array], &[], &[], vec![], loc);
            }
            Cond::When(c) => {
                let dealloc = OperationState::new(&loops::DEALLOC, loc.clone()).operands(&[array]);
                self.e.only_if(c, dealloc, loc);
            }
        }
    }

    pub(super) fn cond_value(&mut self, c: Cond, loc: &Location) -> Value {
        let i1 = self.e.ctx.i1();
        match c {
            Cond::Always => self.e.const_int(1, i1, loc),
            Cond::Never => self.e.const_int(0, i1, loc),
            Cond::When(v) => v,
        }
    }

    pub(super) fn and(&mut self, a: Cond, b: Cond, loc: &Location) -> Cond {
        match (a, b) {
            (Cond::Never, _) | (_, Cond::Never) => Cond::Never,
            (Cond::Always, x) | (x, Cond::Always) => x,
            (Cond::When(x), Cond::When(y)) => Cond::When(self.e.binary(&arith::ANDI, x, y, loc)),
        }
    }

    pub(super) fn or(&mut self, a: Cond, b: Cond, loc: &Location) -> Cond {
        match (a, b) {
            (Cond::Always, _) | (_, Cond::Always) => Cond::Always,
            (Cond::Never, x) | (x, Cond::Never) => x,
            (Cond::When(x), Cond::When(y)) => Cond::When(self.e.binary(&arith::ORI, x, y, loc)),
        }
    }

    pub(super) fn not(&mut self, a: Cond, loc: &Location) -> Cond {
        match a {
            Cond::Always => Cond::Never,
            Cond::Never => Cond::Always,
            Cond::When(x) => {
                let i1 = self.e.ctx.i1();
                let one = self.e.const_int(1, i1, loc);
                Cond::When(self.e.binary(&arith::XORI, x, one, loc))
            }
        }
    }
}
