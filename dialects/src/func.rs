//! The `func` dialect: functions, calls and returns after the `py` level. A mirror of MLIR's
//! upstream `func` ops (same names and meaning), so the final conversion is one to one.

use crate::ir::{
    check_types_match, Arity, Builder, Context, OpDef, OpId, Trait, Type, TypeKind, Value,
    VerifyErrorKind,
};

/// A function. `function_type` gives the argument and result types; the body's entry block
/// takes the arguments and every block ends with `func.return`.
pub const FUNC: OpDef = OpDef {
    name: "func.func",
    summary: "a function with a body region",
    example: "func.func {function_type = (i64) -> i64, sym_name = \"id\"} {\n^bb0(%arg0: i64):\n  func.return %arg0 : i64\n}",
    regions: 1,
    attrs: &[func_::SYM_NAME.required(), func_::FUNCTION_TYPE.required()],
    traits: &[
        Trait::IsolatedFromAbove,
        Trait::SingleBlockRegions,
        Trait::RegionTerminator(&["func.return"]),
        Trait::HasParent(&["builtin.module"]),
    ],
    verify: Some(verify_function_like),
    ..OpDef::DEFAULT
};

/// The attributes of `func.func`.
pub mod func_ {
    use crate::ir::{AttrKey, FunctionType};

    pub const SYM_NAME: AttrKey<String> = AttrKey::new("sym_name");
    pub const FUNCTION_TYPE: AttrKey<FunctionType> = AttrKey::new("function_type");
}

/// Return from the enclosing function with values matching its result types.
pub const RETURN: OpDef = OpDef {
    name: "func.return",
    summary: "return values from a function",
    example: "func.func {function_type = () -> f64, sym_name = \"one\"} {\n  %0 = arith.constant {value = 1.0 : f64} : f64\n  func.return %0 : f64\n}",
    operands: Arity::AtLeast(0),
    traits: &[Trait::Terminator, Trait::HasParent(&["func.func"])],
    verify: Some(verify_return_like),
    ..OpDef::DEFAULT
};

/// Call a function of the same module by symbol.
pub const CALL: OpDef = OpDef {
    name: "func.call",
    summary: "call a function of the module",
    example: "func.func {function_type = (i64) -> i64, sym_name = \"id\"} {\n^bb0(%arg0: i64):\n  func.return %arg0 : i64\n}\nfunc.func {function_type = (i64) -> i64, sym_name = \"caller\"} {\n^bb0(%arg0: i64):\n  %0 = func.call %arg0 {callee = @id} : i64\n  func.return %0 : i64\n}",
    operands: Arity::AtLeast(0),
    results: Arity::AtLeast(0),
    attrs: &[call::CALLEE.required()],
    verify: Some(verify_call_like),
    ..OpDef::DEFAULT
};

/// The attributes of `func.call`.
pub mod call {
    use crate::ir::{AttrKey, Symbol};

    pub const CALLEE: AttrKey<Symbol> = AttrKey::new("callee");
}

pub const OPS: &[&OpDef] = &[&FUNC, &RETURN, &CALL];

/// The `function_type` attribute of a function-like op as (inputs, results).
pub fn function_signature(ctx: &Context, func: OpId) -> Option<(Vec<Type>, Vec<Type>)> {
    // `func.func` and `py.func` name it alike.
    let crate::ir::FunctionType(ty) = func_::FUNCTION_TYPE.get(ctx, func)?;
    match ctx.type_kind(ty) {
        TypeKind::Function { inputs, results } => Some((inputs.clone(), results.clone())),
        _ => None,
    }
}

/// The function's name (`sym_name`).
pub fn function_name(ctx: &Context, func: OpId) -> Option<&str> {
    ctx.attr_data(func, "sym_name")?.as_str()
}

/// Find a function-like op named `name` among the top-level ops of the module holding `from`.
pub fn lookup_function(ctx: &Context, from: OpId, name: &str) -> Option<OpId> {
    let mut module = from;
    while ctx.op_name(module) != crate::builtin::MODULE.name {
        module = ctx.parent_op(module)?;
    }
    ctx.body_ops(module)
        .into_iter()
        .find(|f| function_name(ctx, *f) == Some(name))
}

/// Entry block arguments match `function_type` inputs (shared by `func.func` and `py.func`).
pub fn verify_function_like(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let (inputs, _) =
        function_signature(ctx, op).ok_or(VerifyErrorKind::Function("requires a function type"))?;
    let Some(entry) = ctx.blocks(ctx.region(op, 0)).first() else {
        return Err(VerifyErrorKind::Function("requires a body"));
    };
    check_types_match(ctx, ctx.block_args(*entry), &inputs, "entry block argument")
}

/// Returned values match the enclosing function's result types.
pub fn verify_return_like(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let func = ctx
        .parent_op(op)
        .ok_or(VerifyErrorKind::Function("must be inside a function"))?;
    let (_, results) = function_signature(ctx, func).ok_or(VerifyErrorKind::Function(
        "enclosing op has no function type",
    ))?;
    check_types_match(ctx, ctx.operands(op), &results, "returned value")
}

/// The callee exists and its signature matches the call's operand and result types.
pub fn verify_call_like(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_call(ctx, op, false)
}

/// [`verify_call_like`]; with `none_result`, a call of a function returning nothing may have one
/// result (Python's `None`).
pub fn check_call(ctx: &Context, op: OpId, none_result: bool) -> Result<(), VerifyErrorKind> {
    let callee = call::CALLEE.get(ctx, op).map(|s| s.0).unwrap_or_default();
    let func = lookup_function(ctx, op, &callee)
        .ok_or_else(|| VerifyErrorKind::UndefinedCallee(callee.clone()))?;
    let (inputs, results) = function_signature(ctx, func)
        .ok_or(VerifyErrorKind::Function("callee has no function type"))?;
    check_types_match(ctx, ctx.operands(op), &inputs, "argument")?;
    if none_result && results.is_empty() && ctx.results(op).len() == 1 {
        return Ok(());
    }
    check_types_match(ctx, ctx.results(op), &results, "result")
}

// ----- builders -----

/// Create an empty function at the builder's point; returns the op and its entry block.
pub fn build_func(
    b: &mut Builder,
    name: &str,
    inputs: &[Type],
    results: &[Type],
) -> (OpId, crate::ir::BlockId) {
    let fn_ty = b.ctx.function_type(inputs, results);
    let name_attr = b.ctx.str_attr(name);
    let ty_attr = b.ctx.type_attr(fn_ty);
    let (region, entry) = b.ctx.create_region_with_block(inputs);
    let op = b.build(
        &FUNC,
        &[],
        &[],
        &[("function_type", ty_attr), ("sym_name", name_attr)],
        &[region],
    );
    (op, entry)
}

pub fn build_return(b: &mut Builder, values: &[Value]) -> OpId {
    b.build(&RETURN, values, &[], &[], &[])
}

pub fn build_call(b: &mut Builder, callee: &str, args: &[Value], results: &[Type]) -> OpId {
    let sym = b
        .ctx
        .intern_attr(crate::ir::AttrKind::Symbol(callee.to_string()));
    b.build(&CALL, args, results, &[("callee", sym)], &[])
}
