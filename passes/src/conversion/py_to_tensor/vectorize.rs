//! `@vectorize`: the elementwise wrapper around a scalar function.

use blackbird_dialects::func;
use blackbird_dialects::ir::{AttrKind, Context, MemLayout, OpId, Type, TypeKind, Value};

use super::{CResult, Converter, L};

/// The name of the function [`add_vectorized_entry`] adds.
pub const VECTORIZED: &str = "blackbird_vectorized";

/// Add `func.func @blackbird_vectorized(inputs…) -> memref` to a converted module: it
/// applies the scalar function `scalar` element by element over its array inputs, broadcast
/// together as NumPy does (scalar inputs are used as they are), and returns the new array
/// (`ownership-based-buffer-deallocation` adds its ownership flag). `operands` are lowered types (scalars or strided memrefs).
///
/// With `into_last`, the last operand is an output array instead (a ufunc's `out`): the
/// function returns nothing and writes the results, converted to its element type, into it;
/// the inputs' broadcast shape must broadcast to its shape (ValueError otherwise), and inputs
/// that overlap it are read before it is written, as in NumPy.
pub fn add_vectorized_entry(
    ctx: &mut Context,
    module: OpId,
    scalar: &str,
    operands: &[Type],
    result_elem: Type,
    into_last: bool,
) -> CResult<()> {
    let inputs = match into_last {
        true => &operands[..operands.len() - 1],
        false => operands,
    };
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
    let body = ctx.entry_block(ctx.region(module, 0));
    let mut b = blackbird_dialects::ir::Builder::at_end(ctx, body).with_loc(loc.clone());
    let results = match into_last {
        true => vec![],
        false => vec![out_ty],
    };
    let (_, entry) = func::build_func(&mut b, VECTORIZED, operands, &results);
    let mut c = Converter::new(ctx, entry, true, Default::default());
    let mut args: Vec<Value> = c.e.ctx.block_args(entry).to_vec();
    let into = if into_last { args.pop() } else { None };
    let args: Vec<L> = args.into_iter().map(L::V).collect();
    let stored = match into {
        Some(out) => c.e.element_type(out),
        None => result_elem,
    };
    let t = c.elementwise(&args, stored, &loc, &mut |s, xs| {
        Ok(s.call_scalar(scalar, xs, &params, result_elem, stored, &loc))
    })?;
    match into {
        Some(out) => {
            c.store_tensor(t, out, &loc);
            c.e.emit(&func::RETURN, &[], &[], &[], vec![], &loc);
        }
        None => {
            let out = c.materialize(t, &loc);
            c.e.emit(&func::RETURN, &[out], &[], &[], vec![], &loc);
        }
    }
    Ok(())
}

/// Add the GPU kernel of a ufunc (`@vectorize(..., target='cuda')`) to a converted module:
/// `func.func @blackbird_vectorized(inputs…, out)` where each array input and `out` are
/// 1-D arrays of the same length (the caller broadcasts and flattens them, as Numba's CUDA
/// ufuncs do) and scalar inputs are used as they are. Thread `i` of the 1-D grid applies
/// `scalar` to element `i` and stores the result, converted to `out`'s element type; threads
/// past the end do nothing.
pub fn add_vectorized_kernel(
    ctx: &mut Context,
    module: OpId,
    scalar: &str,
    operands: &[Type],
    result_elem: Type,
) -> CResult<()> {
    use blackbird_dialects::{arith, loops};
    let f = func::lookup_function(ctx, module, scalar).expect("the scalar function was converted");
    let (params, _) = func::function_signature(ctx, f).expect("func.func has a type");
    let loc = ctx.loc(f).clone();
    let body = ctx.entry_block(ctx.region(module, 0));
    let mut b = blackbird_dialects::ir::Builder::at_end(ctx, body).with_loc(loc.clone());
    let (_, entry) = func::build_func(&mut b, VECTORIZED, operands, &[]);
    let options = super::ConvertOptions {
        gpu: true,
        numpy_errors: true,
        ..Default::default()
    };
    let mut c = Converter::new(ctx, entry, true, options);
    let mut args: Vec<Value> = c.e.ctx.block_args(entry).to_vec();
    let out = args.pop().expect("the output array is the last operand");
    // i = blockIdx.x * blockDim.x + threadIdx.x, as `cuda.grid(1)`.
    let i = c.grid_index("x", &loc);
    let index = c.e.ctx.index();
    let i64t = c.e.ctx.i64();
    let zero = c.e.ctx.int_attr(0, i64t);
    let dim = c.e.emit(
        &loops::DIM,
        &[out],
        &[index],
        &[("dim", zero)],
        vec![],
        &loc,
    );
    let n = c.e.ctx.result(dim, 0);
    let in_range = c.e.cmp(&arith::CMPI, "slt", i, n, &loc);
    let (then_r, then_b) = c.e.ctx.create_region_with_block(&[]);
    let (else_r, else_b) = c.e.ctx.create_region_with_block(&[]);
    let outer = std::mem::replace(&mut c.e.block, then_b);
    let mut xs = vec![];
    for a in &args {
        xs.push(
            match c.e.ctx.type_kind(c.e.ctx.value_type(*a)).is_shaped() {
                true => {
                    let elem = c.e.element_type(*a);
                    c.e.value(&loops::LOAD, &[*a, i], elem, &loc)
                }
                false => *a,
            },
        );
    }
    let stored = c.e.element_type(out);
    let r = c.call_scalar(scalar, &xs, &params, result_elem, stored, &loc);
    c.e.emit(&loops::STORE, &[r, out, i], &[], &[], vec![], &loc);
    c.e.emit(&loops::YIELD, &[], &[], &[], vec![], &loc);
    c.e.block = else_b;
    c.e.emit(&loops::YIELD, &[], &[], &[], vec![], &loc);
    c.e.block = outer;
    c.e.emit(
        &loops::IF,
        &[in_range],
        &[],
        &[],
        vec![then_r, else_r],
        &loc,
    );
    c.e.emit(&func::RETURN, &[], &[], &[], vec![], &loc);
    Ok(())
}

impl Converter<'_> {
    /// `scalar(xs…)`, each argument converted to its parameter type in `params`, the result
    /// (of type `result`) converted to `stored`.
    fn call_scalar(
        &mut self,
        scalar: &str,
        xs: &[Value],
        params: &[Type],
        result: Type,
        stored: Type,
        loc: &blackbird_dialects::ir::Location,
    ) -> Value {
        let xs: Vec<Value> = xs
            .iter()
            .zip(params)
            .map(|(x, t)| self.e.coerce(*x, *t, loc))
            .collect();
        let callee = self.e.ctx.intern_attr(AttrKind::Symbol(scalar.to_string()));
        let call = self.e.emit(
            &func::CALL,
            &xs,
            &[result],
            &[("callee", callee)],
            vec![],
            loc,
        );
        let r = self.e.ctx.result(call, 0);
        self.e.coerce(r, stored, loc)
    }
}
