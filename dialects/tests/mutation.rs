//! Building IR with the builders, and mutating it safely: use lists, insertion, erasure,
//! replacement of uses, moving ops and inlining blocks.

use blackbird_dialects::ir::{print_op, verify, Builder, Context, OpId, PrintOptions, Use, Value};
use blackbird_dialects::{arith, builtin, func, loops};

/// A module holding `func.func @f(i64, i64) -> i64` with an empty body; returns (module, func, entry).
fn module_with_func(ctx: &mut Context) -> (OpId, OpId, blackbird_dialects::ir::BlockId) {
    let (region, body) = ctx.create_region_with_block(&[]);
    let module = ctx.create_op(
        blackbird_dialects::ir::OperationState::new(&builtin::MODULE, Default::default())
            .region(region),
    );
    let i64t = ctx.i64();
    let (f, entry) = func::build_func(&mut Builder::at_end(ctx, body), "f", &[i64t, i64t], &[i64t]);
    (module, f, entry)
}

fn args(ctx: &Context, block: blackbird_dialects::ir::BlockId) -> (Value, Value) {
    let a = ctx.block_args(block);
    (a[0], a[1])
}

#[test]
fn builders_produce_verified_ir() {
    let mut ctx = Context::new();
    let (module, _, entry) = module_with_func(&mut ctx);
    let (x, y) = args(&ctx, entry);
    let mut b = Builder::at_end(&mut ctx, entry);
    let sum = arith::binary(&mut b, &arith::ADDI, x, y);
    let i64t = b.ctx.value_type(x);
    let two = arith::const_int(&mut b, 2, i64t);
    let prod = arith::binary(&mut b, &arith::MULI, sum, two);
    func::build_return(&mut b, &[prod]);
    verify(&ctx, module).unwrap();
    let text = print_op(&ctx, module, PrintOptions::default());
    assert!(
        text.contains("%0 = arith.addi %arg0, %arg1 : i64"),
        "{text}"
    );
    assert!(text.contains("%2 = arith.muli %0, %1 : i64"), "{text}");
}

#[test]
fn use_lists_track_operands() {
    let mut ctx = Context::new();
    let (_, _, entry) = module_with_func(&mut ctx);
    let (x, y) = args(&ctx, entry);
    let mut b = Builder::at_end(&mut ctx, entry);
    let s = arith::binary(&mut b, &arith::ADDI, x, x);
    let add = ctx.defining_op(s).unwrap();
    assert_eq!(
        ctx.uses(x),
        &[Use { op: add, index: 0 }, Use { op: add, index: 1 }]
    );
    ctx.set_operand(add, 1, y);
    assert_eq!(ctx.uses(x), &[Use { op: add, index: 0 }]);
    assert_eq!(ctx.uses(y), &[Use { op: add, index: 1 }]);
}

#[test]
fn replace_all_uses_moves_every_use() {
    let mut ctx = Context::new();
    let (module, _, entry) = module_with_func(&mut ctx);
    let (x, y) = args(&ctx, entry);
    let mut b = Builder::at_end(&mut ctx, entry);
    let s = arith::binary(&mut b, &arith::ADDI, x, x);
    let m = arith::binary(&mut b, &arith::MULI, s, x);
    func::build_return(&mut b, &[m]);
    ctx.replace_all_uses(x, y);
    assert!(!ctx.has_uses(x));
    assert_eq!(ctx.uses(y).len(), 3);
    verify(&ctx, module).unwrap();
    let text = print_op(&ctx, module, PrintOptions::default());
    assert!(text.contains("arith.addi %arg1, %arg1"), "{text}");
}

#[test]
fn erase_removes_uses_of_operands() {
    let mut ctx = Context::new();
    let (module, _, entry) = module_with_func(&mut ctx);
    let (x, y) = args(&ctx, entry);
    let mut b = Builder::at_end(&mut ctx, entry);
    let s = arith::binary(&mut b, &arith::ADDI, x, y);
    func::build_return(&mut b, &[x]);
    let add = ctx.defining_op(s).unwrap();
    ctx.erase_op(add);
    assert!(ctx.is_erased(add));
    assert_eq!(ctx.uses(y).len(), 0);
    assert_eq!(ctx.block_ops(entry).len(), 1);
    verify(&ctx, module).unwrap();
}

#[test]
#[should_panic(expected = "still has uses")]
fn erasing_an_op_with_uses_is_refused() {
    let mut ctx = Context::new();
    let (_, _, entry) = module_with_func(&mut ctx);
    let (x, y) = args(&ctx, entry);
    let mut b = Builder::at_end(&mut ctx, entry);
    let s = arith::binary(&mut b, &arith::ADDI, x, y);
    func::build_return(&mut b, &[s]);
    let add = ctx.defining_op(s).unwrap();
    ctx.erase_op(add);
}

#[test]
fn moving_an_op_after_its_use_breaks_dominance_and_the_verifier_says_so() {
    let mut ctx = Context::new();
    let (module, _, entry) = module_with_func(&mut ctx);
    let (x, y) = args(&ctx, entry);
    let mut b = Builder::at_end(&mut ctx, entry);
    let s = arith::binary(&mut b, &arith::ADDI, x, y);
    let m = arith::binary(&mut b, &arith::MULI, s, s);
    let ret = func::build_return(&mut b, &[m]);
    let add = ctx.defining_op(s).unwrap();
    let mul = ctx.defining_op(m).unwrap();
    ctx.move_op_before(add, ret);
    let errors = verify(&ctx, module).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].op, "arith.muli");
    // Moving it back before its user fixes it.
    ctx.move_op_before(add, mul);
    verify(&ctx, module).unwrap();
}

#[test]
fn loops_built_with_builders_verify_and_inline() {
    let mut ctx = Context::new();
    let (module, _, entry) = module_with_func(&mut ctx);
    let (x, _) = args(&ctx, entry);
    let mut b = Builder::at_end(&mut ctx, entry);
    let index = b.ctx.index();
    let lb = arith::const_int(&mut b, 0, index);
    let ub = arith::const_int(&mut b, 10, index);
    let step = arith::const_int(&mut b, 1, index);
    let (for_op, body) = loops::build_for(&mut b, lb, ub, step, &[x]);
    let ret_value = b.ctx.result(for_op, 0);
    func::build_return(&mut b, &[ret_value]);
    let f = loops::ForOp(for_op);
    let acc = f.carried(&ctx)[0];
    assert_eq!(ctx.value_type(f.induction_var(&ctx)), index);
    let mut inner = Builder::at_end(&mut ctx, body);
    let next = arith::binary(&mut inner, &arith::ADDI, acc, acc);
    loops::build_yield(&mut inner, &[next]);
    verify(&ctx, module).unwrap();
    let text = print_op(&ctx, module, PrintOptions::default());
    assert!(
        text.contains("loop.for %0, %1, %2, %arg0 : (index, index, index, i64) -> i64"),
        "{text}"
    );

    // The walker sees parents before children and children before parents.
    let pre = ctx.walk_preorder(module);
    let post = ctx.walk_postorder(module);
    assert_eq!(pre.len(), post.len());
    assert_eq!(pre[0], module);
    assert_eq!(*post.last().unwrap(), module);
    let for_pos = pre.iter().position(|o| *o == for_op).unwrap();
    let add_pos = pre
        .iter()
        .position(|o| Some(*o) == ctx.defining_op(next))
        .unwrap();
    assert!(for_pos < add_pos);
}

#[test]
fn types_and_attributes_are_interned() {
    let mut ctx = Context::new();
    let a = ctx.f64();
    let b = ctx.f64();
    assert_eq!(a, b);
    assert_ne!(ctx.f32(), a);
    let x = ctx.float_attr(1.5, a);
    let y = ctx.float_attr(1.5, a);
    assert_eq!(x, y);
    assert_ne!(
        ctx.float_attr(0.0, a),
        ctx.float_attr(-0.0, a),
        "signed zeros are different attributes"
    );
}

#[test]
fn integer_constants_out_of_their_types_range_do_not_verify() {
    let mut ctx = Context::new();
    let (module, _, entry) = module_with_func(&mut ctx);
    let (x, _) = args(&ctx, entry);
    let i8t = ctx.int_type(8);
    let mut b = Builder::at_end(&mut ctx, entry);
    // An i8 holds -128 to 255 (either reading of its bits), not 300.
    for v in [255, -128, 300] {
        arith::const_int(&mut b, v, i8t);
    }
    func::build_return(&mut b, &[x]);
    let errors = verify(&ctx, module).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .to_string()
            .contains("value 300 does not fit in i8"),
        "{}",
        errors[0]
    );
}
