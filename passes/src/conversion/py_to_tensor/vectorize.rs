//! `@vectorize`: the elementwise wrapper around a scalar function.

use blackbird_dialects::func;
use blackbird_dialects::ir::{AttrKind, Context, MemLayout, OpId, Type, TypeKind, Value};

use super::{CResult, Converter, L};

/// The name of the function [`add_vectorized_entry`] adds.
pub const VECTORIZED: &str = "blackbird_vectorized";

/// Add `func.func @blackbird_vectorized(inputs…) -> (memref, i1)` to a converted module: it
/// applies the scalar function `scalar` element by element over its array inputs, broadcast
/// together as NumPy does (scalar inputs are used as they are), and returns the new array with
/// its ownership flag. `inputs` are lowered types (scalars or strided memrefs).
pub fn add_vectorized_entry(
    ctx: &mut Context,
    module: OpId,
    scalar: &str,
    inputs: &[Type],
    result_elem: Type,
) -> CResult<()> {
    let f = func::lookup_function(ctx, module, scalar).expect("the scalar function was converted");
    let (params, _) = func::function_signature(ctx, f).expect("func.func has a type");
    let loc = ctx.loc(f).clone();
    let rank = inputs
        .iter()
        .filter_map(|t| ctx.type_kind(*t).rank())
        .max()
        .unwrap_or(0);
    let out_ty = ctx.intern_type(TypeKind::MemRef {
        shape: vec![None; rank],
        elem: result_elem,
        layout: MemLayout::Strided,
    });
    let i1 = ctx.i1();
    let body = ctx.entry_block(ctx.region(module, 0));
    let mut b = blackbird_dialects::ir::Builder::at_end(ctx, body).with_loc(loc.clone());
    let (wrapper, entry) = func::build_func(&mut b, VECTORIZED, inputs, &[out_ty, i1]);
    let mut c = Converter::new(ctx, entry, true, Default::default());
    c.temps.push(vec![]);
    let args: Vec<L> = c.ctx.block_args(entry).iter().map(|v| L::V(*v)).collect();
    let callee = c.ctx.intern_attr(AttrKind::Symbol(scalar.to_string()));
    let out = c.map_arrays(&args, result_elem, &loc, &mut |s, xs| {
        let xs: Vec<Value> = xs
            .iter()
            .zip(&params)
            .map(|(x, t)| s.coerce(*x, *t, &loc))
            .collect();
        let call = s.emit(
            &func::CALL,
            &xs,
            &[result_elem],
            &[("callee", callee)],
            vec![],
            &loc,
        );
        Ok(s.ctx.result(call, 0))
    })?;
    let owned = c.const_int(1, i1, &loc);
    c.emit(&func::RETURN, &[out, owned], &[], &[], vec![], &loc);
    let _ = wrapper;
    Ok(())
}
