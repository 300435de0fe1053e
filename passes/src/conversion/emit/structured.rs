//! The structured-control-flow builders of [`Emitter`]-based lowerings: loop nests (serial
//! and parallel), folds carried by loops or accumulated in memory, `loop.while`, `loop.if` and
//! `loop.alloca_scope`, each taking the lowering back in the bodies it is given.

use blackbird_dialects::ir::{
    Diagnostic, Location, MemLayout, OpDef, RegionId, Type, TypeKind, Value,
};
use blackbird_dialects::loops;

use super::Emits;

/// What a loop nest runs in its innermost body, given the induction variables.
pub type NestBody<'b, S> = dyn FnMut(&mut S, &[Value]) -> Result<(), Diagnostic> + 'b;

/// A loop nest over `sizes` (i64) built through `s`; `body` gets the induction variables
/// (outermost first) and emits into the innermost body.
pub fn loop_nest<'c, S: Emits<'c>>(
    s: &mut S,
    sizes: &[Value],
    loc: &Location,
    body: &mut NestBody<S>,
) -> Result<(), Diagnostic> {
    nest(s, sizes, &loops::FOR, &mut vec![], loc, body)
}

/// [`loop_nest`] whose outermost loop is a `loop.parallel`: for nests whose iterations write
/// disjoint elements.
pub fn parallel_loop_nest<'c, S: Emits<'c>>(
    s: &mut S,
    sizes: &[Value],
    loc: &Location,
    body: &mut NestBody<S>,
) -> Result<(), Diagnostic> {
    nest(s, sizes, &loops::PARALLEL, &mut vec![], loc, body)
}

/// A nest whose outermost loop is `outer` (`loop.for` or `loop.parallel`), the others
/// `loop.for`s.
fn nest<'c, S: Emits<'c>>(
    s: &mut S,
    sizes: &[Value],
    outer_loop: &'static OpDef,
    ivs: &mut Vec<Value>,
    loc: &Location,
    body: &mut NestBody<S>,
) -> Result<(), Diagnostic> {
    let Some((n, rest)) = sizes.split_first() else {
        return body(s, ivs);
    };
    let i64t = s.emitter().ctx.i64();
    let lb = s.emitter().const_int(0, i64t, loc);
    let step = s.emitter().const_int(1, i64t, loc);
    let (region, block) = s.emitter().ctx.create_region_with_block(&[i64t]);
    let outer = std::mem::replace(&mut s.emitter().block, block);
    ivs.push(s.emitter().ctx.block_args(block)[0]);
    let r = nest(s, rest, &loops::FOR, ivs, loc, body);
    ivs.pop();
    if r.is_ok() {
        s.emitter().emit(&loops::YIELD, &[], &[], &[], vec![], loc);
    }
    s.emitter().block = outer;
    r?;
    s.emitter()
        .emit(outer_loop, &[lb, *n, step], &[], &[], vec![region], loc);
    Ok(())
}

/// `init` combined by `step(accumulator, ivs)` over a loop nest of `sizes` (i64), in C order,
/// the accumulator carried by the loops (`loop.for` results): for folds nested in other loops.
/// Returns the final accumulator.
pub fn fold_carried<'c, S: Emits<'c>>(
    s: &mut S,
    sizes: &[Value],
    init: Value,
    loc: &Location,
    step: &mut dyn FnMut(&mut S, Value, &[Value]) -> Value,
) -> Value {
    fn level<'c, S: Emits<'c>>(
        s: &mut S,
        sizes: &[Value],
        acc: Value,
        ivs: &mut Vec<Value>,
        loc: &Location,
        step: &mut dyn FnMut(&mut S, Value, &[Value]) -> Value,
    ) -> Value {
        let Some((n, rest)) = sizes.split_first() else {
            return step(s, acc, ivs);
        };
        let (i64t, t) = (s.emitter().ctx.i64(), s.emitter().ctx.value_type(acc));
        let (lb, one) = (
            s.emitter().const_int(0, i64t, loc),
            s.emitter().const_int(1, i64t, loc),
        );
        let (region, block) = s.emitter().ctx.create_region_with_block(&[i64t, t]);
        let outer = std::mem::replace(&mut s.emitter().block, block);
        let args = s.emitter().ctx.block_args(block).to_vec();
        ivs.push(args[0]);
        let next = level(s, rest, args[1], ivs, loc, step);
        ivs.pop();
        s.emitter()
            .emit(&loops::YIELD, &[next], &[], &[], vec![], loc);
        s.emitter().block = outer;
        let for_op = s.emitter().emit(
            &loops::FOR,
            &[lb, *n, one, acc],
            &[t],
            &[],
            vec![region],
            loc,
        );
        s.emitter().ctx.result(for_op, 0)
    }
    level(s, sizes, init, &mut vec![], loc, step)
}

/// `init` combined by `step(accumulator, ivs)` over a loop nest of `sizes` (i64), in C order;
/// the accumulator lives in a one-element stack buffer. Returns the final accumulator.
pub fn fold_nest<'c, S: Emits<'c>>(
    s: &mut S,
    sizes: &[Value],
    init: Value,
    loc: &Location,
    step: &mut dyn FnMut(&mut S, Value, &[Value]) -> Value,
) -> Result<Value, Diagnostic> {
    let t = s.emitter().ctx.value_type(init);
    let acc_ty = s.emitter().ctx.intern_type(TypeKind::MemRef {
        shape: vec![Some(1)],
        elem: t,
        layout: MemLayout::Identity,
    });
    let acc = s.emitter().value(&loops::ALLOCA, &[], acc_ty, loc);
    let index = s.emitter().ctx.index();
    let zero = s.emitter().const_int(0, index, loc);
    s.emitter()
        .emit(&loops::STORE, &[init, acc, zero], &[], &[], vec![], loc);
    loop_nest(s, sizes, loc, &mut |s, ivs| {
        let a = s.emitter().value(&loops::LOAD, &[acc, zero], t, loc);
        let r = step(s, a, ivs);
        s.emitter()
            .emit(&loops::STORE, &[r, acc, zero], &[], &[], vec![], loc);
        Ok(())
    })?;
    Ok(s.emitter().value(&loops::LOAD, &[acc, zero], t, loc))
}

/// The body of a loop carrying values: the next values from the induction variable and the
/// current ones.
pub type CarriedBody<'b, S> = dyn FnMut(&mut S, Value, &[Value]) -> Vec<Value> + 'b;

/// A `loop.for` from `lb` to `ub` by `step` (i64) carrying `init`; `body(p, accumulators)`
/// gives the next accumulators. Returns the final ones.
pub fn accumulate<'c, S: Emits<'c>>(
    s: &mut S,
    [lb, ub, step]: [Value; 3],
    init: &[Value],
    loc: &Location,
    body: &mut CarriedBody<S>,
) -> Vec<Value> {
    let i64t = s.emitter().ctx.i64();
    let types: Vec<Type> = init
        .iter()
        .map(|v| s.emitter().ctx.value_type(*v))
        .collect();
    let arg_types: Vec<Type> = std::iter::once(i64t).chain(types.iter().copied()).collect();
    let (region, block) = s.emitter().ctx.create_region_with_block(&arg_types);
    let outer = std::mem::replace(&mut s.emitter().block, block);
    let args = s.emitter().ctx.block_args(block).to_vec();
    let next = body(s, args[0], &args[1..]);
    s.emitter()
        .emit(&loops::YIELD, &next, &[], &[], vec![], loc);
    s.emitter().block = outer;
    let operands: Vec<Value> = [lb, ub, step]
        .into_iter()
        .chain(init.iter().copied())
        .collect();
    let for_op = s
        .emitter()
        .emit(&loops::FOR, &operands, &types, &[], vec![region], loc);
    s.emitter().ctx.results(for_op).to_vec()
}

/// `loop.while` carrying `inits`: while `condition(values)` holds, `step(values)` gives the
/// next values. Returns the last ones.
pub fn while_loop<'c, S: Emits<'c>>(
    s: &mut S,
    inits: &[Value],
    loc: &Location,
    condition: &mut dyn FnMut(&mut S, &[Value]) -> Value,
    step: &mut dyn FnMut(&mut S, &[Value]) -> Vec<Value>,
) -> Vec<Value> {
    let types: Vec<Type> = inits
        .iter()
        .map(|v| s.emitter().ctx.value_type(*v))
        .collect();
    let (before, before_block) = s.emitter().ctx.create_region_with_block(&types);
    let outer = std::mem::replace(&mut s.emitter().block, before_block);
    let values = s.emitter().ctx.block_args(before_block).to_vec();
    let holds = condition(s, &values);
    let passed: Vec<Value> = std::iter::once(holds).chain(values).collect();
    s.emitter()
        .emit(&loops::CONDITION, &passed, &[], &[], vec![], loc);
    let (after, after_block) = s.emitter().ctx.create_region_with_block(&types);
    s.emitter().block = after_block;
    let values = s.emitter().ctx.block_args(after_block).to_vec();
    let next = step(s, &values);
    s.emitter()
        .emit(&loops::YIELD, &next, &[], &[], vec![], loc);
    s.emitter().block = outer;
    let op = s
        .emitter()
        .emit(&loops::WHILE, inits, &types, &[], vec![before, after], loc);
    s.emitter().ctx.results(op).to_vec()
}

/// The values (of `types`) `branch(true)` gives when `cond` holds, else those
/// `branch(false)` gives: a `loop.if` whose regions yield them.
pub fn if_else<'c, S: Emits<'c>>(
    s: &mut S,
    cond: Value,
    types: &[Type],
    loc: &Location,
    branch: &mut dyn FnMut(&mut S, bool) -> Vec<Value>,
) -> Vec<Value> {
    let then = yielding_region(s, loc, &mut |s| branch(s, true));
    let otherwise = yielding_region(s, loc, &mut |s| branch(s, false));
    let op = s
        .emitter()
        .emit(&loops::IF, &[cond], types, &[], vec![then, otherwise], loc);
    s.emitter().ctx.results(op).to_vec()
}

/// The values (of `types`) `body()` gives, computed in a `loop.alloca_scope`: the stack
/// buffers it makes are freed when it ends.
pub fn alloca_scope<'c, S: Emits<'c>>(
    s: &mut S,
    types: &[Type],
    loc: &Location,
    body: &mut dyn FnMut(&mut S) -> Vec<Value>,
) -> Vec<Value> {
    let region = yielding_region(s, loc, body);
    let op = s
        .emitter()
        .emit(&loops::ALLOCA_SCOPE, &[], types, &[], vec![region], loc);
    s.emitter().ctx.results(op).to_vec()
}

/// A region without arguments holding `body()`'s ops and a `loop.yield` of its values.
fn yielding_region<'c, S: Emits<'c>>(
    s: &mut S,
    loc: &Location,
    body: &mut dyn FnMut(&mut S) -> Vec<Value>,
) -> RegionId {
    let (region, block) = s.emitter().ctx.create_region_with_block(&[]);
    let outer = std::mem::replace(&mut s.emitter().block, block);
    let values = body(s);
    s.emitter()
        .emit(&loops::YIELD, &values, &[], &[], vec![], loc);
    s.emitter().block = outer;
    region
}
