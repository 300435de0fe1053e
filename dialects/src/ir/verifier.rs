//! The verifier: generic structural checks driven by each op's [`OpDef`] (arity, attributes,
//! traits, terminators, dominance in structured regions) followed by the op's own verifier.
//! Reusable checks for op verifiers live at the bottom of this file.

use std::collections::HashSet;

use super::{
    Arity, AttrKind, AttrType, BlockId, Context, Diagnostic, Location, OpId, Trait, TypeKind, Value,
};

/// What is wrong with an op.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum VerifyErrorKind {
    #[error("expected {expected} operands, found {found}")]
    OperandCount { expected: Arity, found: usize },
    #[error("expected {expected} results, found {found}")]
    ResultCount { expected: Arity, found: usize },
    #[error("expected {expected} regions, found {found}")]
    RegionCount { expected: usize, found: usize },
    #[error("region #{region} must hold exactly one block, found {found}")]
    BlockCount { region: usize, found: usize },
    #[error("missing required attribute `{0}`")]
    MissingAttr(&'static str),
    #[error("unknown attribute `{0}`")]
    UnknownAttr(String),
    #[error("attribute `{name}` must be {expected}, found {found}")]
    AttrType {
        name: &'static str,
        expected: String,
        found: String,
    },
    #[error("requires the same type for all operands and results")]
    SameOperandsAndResultType,
    #[error("requires the same type for all operands")]
    SameOperandsType,
    #[error("terminator must be the last op of its block")]
    TerminatorNotLast,
    #[error("region #{region} must end with {expected}")]
    MissingTerminator { region: usize, expected: String },
    #[error("expects its parent op to be {expected}, found {found}")]
    WrongParent { expected: String, found: String },
    #[error("operand #{index} does not dominate this use (undefined, defined later, or defined outside an isolated op)")]
    UseNotDominated { index: usize },
    // ----- what the dialects' own verifiers check -----
    /// Operand and result types of kinds that do not fit the op (integers where floats are
    /// needed, a cast between the wrong kinds, a memref of the wrong layout…).
    #[error("{0}")]
    OperandTypes(&'static str),
    /// Element types that must agree and do not.
    #[error("{0}")]
    ElementTypes(&'static str),
    /// Ranks or shapes that must agree and do not.
    #[error("{0}")]
    Shapes(&'static str),
    /// Region arguments, yields or terminators that do not fit the op.
    #[error("{0}")]
    Region(&'static str),
    /// A function without a type or body, or an op outside the function it needs.
    #[error("{0}")]
    Function(&'static str),
    /// An attribute whose value does not fit the op (a format's holes, a permutation).
    #[error("{0}")]
    AttrValue(&'static str),
    #[error("expects {expected}, found {found}")]
    ExpectedType { expected: String, found: String },
    #[error("{what} must be {expected}, found {found}")]
    ValueType {
        what: String,
        expected: String,
        found: String,
    },
    #[error("{what} types {found} do not match the expected {expected}")]
    TypesMismatch {
        what: String,
        found: String,
        expected: String,
    },
    #[error("value {value} does not fit in {ty}")]
    ConstantDoesNotFit { value: String, ty: String },
    #[error("value {value} does not match the result type {ty}")]
    ConstantType { value: String, ty: String },
    #[error("expects {expected} indices, found {found}")]
    IndexCount { expected: usize, found: usize },
    #[error("expects one size per dynamic dimension ({dynamic}), found {found}")]
    SizeCount { dynamic: usize, found: usize },
    #[error("invalid or repeated axis {axis} for rank {rank}")]
    BadAxis { axis: i64, rank: usize },
    #[error("dimension {dim} out of range for rank {rank}")]
    DimensionOutOfRange { dim: i64, rank: usize },
    #[error("contracted dimensions differ: {left} vs {right}")]
    ContractedDimensions { left: u64, right: u64 },
    #[error("expected one reduction per init ({inits}), got {found}")]
    ReductionCount { inits: usize, found: usize },
    #[error("'{kind}' is not a reduction of {ty}")]
    NotAReduction { kind: String, ty: String },
    #[error("kind {kind} does not apply to {ty}")]
    KindDoesNotApply { kind: String, ty: String },
    #[error("callee @{0} is not defined in the module")]
    UndefinedCallee(String),
}

/// A verifier error located at the offending op.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
#[error("{loc}: '{op}' op {kind}")]
pub struct VerifyError {
    pub loc: Location,
    pub op: &'static str,
    pub kind: VerifyErrorKind,
}

impl VerifyError {
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::error(self.loc.clone(), format!("'{}' op {}", self.op, self.kind))
    }
}

/// Verify `root` and everything nested in it; returns every error found (one per op at most).
pub fn verify(ctx: &Context, root: OpId) -> Result<(), Vec<VerifyError>> {
    let mut errors = vec![];
    let mut v = Verifier {
        ctx,
        errors: &mut errors,
    };
    v.op(root, None);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

struct Scope<'a> {
    values: HashSet<Value>,
    parent: Option<&'a Scope<'a>>,
}

impl Scope<'_> {
    fn contains(&self, v: Value) -> bool {
        self.values.contains(&v) || self.parent.is_some_and(|p| p.contains(v))
    }
}

struct Verifier<'a> {
    ctx: &'a Context,
    errors: &'a mut Vec<VerifyError>,
}

impl Verifier<'_> {
    fn op(&mut self, op: OpId, scope: Option<&Scope>) {
        let ctx = self.ctx;
        let def = ctx.op_def(op);
        let result = ctx
            .operands(op)
            .iter()
            .enumerate()
            .try_for_each(|(index, v)| {
                if scope.is_some_and(|s| s.contains(*v)) {
                    Ok(())
                } else {
                    Err(VerifyErrorKind::UseNotDominated { index })
                }
            })
            .and_then(|_| verify_structure(ctx, op))
            .and_then(|_| def.verify.map_or(Ok(()), |f| f(ctx, op)));
        if let Err(kind) = result {
            self.errors.push(VerifyError {
                loc: ctx.loc(op).clone(),
                op: def.name,
                kind,
            });
        }
        let inner_parent = if def.is_isolated_from_above() {
            None
        } else {
            scope
        };
        for region in ctx.regions(op) {
            for block in ctx.blocks(*region) {
                self.block(*block, inner_parent);
            }
        }
    }

    fn block(&mut self, block: BlockId, parent: Option<&Scope>) {
        let mut scope = Scope {
            values: self.ctx.block_args(block).iter().copied().collect(),
            parent,
        };
        for op in self.ctx.block_ops(block) {
            self.op(*op, Some(&scope));
            scope.values.extend(self.ctx.results(*op).iter().copied());
        }
    }
}

/// The checks every op gets from its declaration.
fn verify_structure(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let def = ctx.op_def(op);
    let found = ctx.operands(op).len();
    if !def.operands.accepts(found) {
        return Err(VerifyErrorKind::OperandCount {
            expected: def.operands,
            found,
        });
    }
    let found = ctx.results(op).len();
    if !def.results.accepts(found) {
        return Err(VerifyErrorKind::ResultCount {
            expected: def.results,
            found,
        });
    }
    let found = ctx.regions(op).len();
    if found != def.regions {
        return Err(VerifyErrorKind::RegionCount {
            expected: def.regions,
            found,
        });
    }
    verify_attrs(ctx, op)?;
    for t in def.traits {
        match t {
            Trait::SameOperandsAndResultType => {
                let mut tys = ctx
                    .operands(op)
                    .iter()
                    .chain(ctx.results(op))
                    .map(|v| ctx.value_type(*v));
                if let Some(first) = tys.next() {
                    if tys.any(|t| t != first) {
                        return Err(VerifyErrorKind::SameOperandsAndResultType);
                    }
                }
            }
            Trait::SameOperandsType => {
                let mut tys = ctx.operands(op).iter().map(|v| ctx.value_type(*v));
                if let Some(first) = tys.next() {
                    if tys.any(|t| t != first) {
                        return Err(VerifyErrorKind::SameOperandsType);
                    }
                }
            }
            Trait::Terminator => {
                if let Some(block) = ctx.parent_block(op) {
                    if ctx.last_op(block) != Some(op) {
                        return Err(VerifyErrorKind::TerminatorNotLast);
                    }
                }
            }
            Trait::HasParent(names) => {
                let found = ctx.parent_op(op).map_or("no parent", |p| ctx.op_name(p));
                if !names.contains(&found) {
                    return Err(VerifyErrorKind::WrongParent {
                        expected: quoted_list(names),
                        found: format!("'{found}'"),
                    });
                }
            }
            Trait::RegionTerminator(names) => {
                for (region, r) in ctx.regions(op).iter().enumerate() {
                    for block in ctx.blocks(*r) {
                        let last = ctx.last_op(*block).map(|o| ctx.op_name(o));
                        if !last.is_some_and(|n| names.contains(&n)) {
                            return Err(VerifyErrorKind::MissingTerminator {
                                region,
                                expected: quoted_list(names),
                            });
                        }
                    }
                }
            }
            Trait::SingleBlockRegions => {
                for (region, r) in ctx.regions(op).iter().enumerate() {
                    let found = ctx.blocks(*r).len();
                    if found != 1 {
                        return Err(VerifyErrorKind::BlockCount { region, found });
                    }
                }
            }
            Trait::Pure
            | Trait::ReadOnly
            | Trait::Commutative
            | Trait::IsolatedFromAbove
            | Trait::ConstantLike
            | Trait::NoTerminator
            | Trait::RecursiveEffects => {}
        }
    }
    Ok(())
}

fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    quoted.join(" or ")
}

fn verify_attrs(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    let def = ctx.op_def(op);
    for spec in def.attrs {
        if spec.required && ctx.attr(op, spec.name).is_none() {
            return Err(VerifyErrorKind::MissingAttr(spec.name));
        }
    }
    for (name, attr) in ctx.attrs(op) {
        let Some(spec) = def.attr_spec(name) else {
            return Err(VerifyErrorKind::UnknownAttr(name.clone()));
        };
        let kind = ctx.attr_kind(*attr);
        let ok = match spec.ty {
            AttrType::Any => true,
            AttrType::Bool => matches!(kind, AttrKind::Bool(_)),
            AttrType::Int => matches!(kind, AttrKind::Int(..)),
            AttrType::Float => matches!(kind, AttrKind::Float(..)),
            AttrType::Str => matches!(kind, AttrKind::Str(_)),
            AttrType::Symbol => matches!(kind, AttrKind::Symbol(_)),
            AttrType::Type => matches!(kind, AttrKind::Type(_)),
            AttrType::FunctionType => {
                matches!(kind, AttrKind::Type(t) if matches!(ctx.type_kind(*t), TypeKind::Function { .. }))
            }
            AttrType::I64Array => matches!(kind, AttrKind::I64Array(_)),
            AttrType::Enum(allowed) => {
                matches!(kind, AttrKind::Str(s) if allowed.contains(&s.as_str()))
            }
        };
        if !ok {
            let expected = match spec.ty {
                AttrType::Enum(allowed) => format!("one of {}", allowed.join(", ")),
                AttrType::FunctionType => "a function type".into(),
                other => format!("{other:?}").to_lowercase(),
            };
            let found = super::printer::attr_to_string(ctx, *attr);
            return Err(VerifyErrorKind::AttrType {
                name: spec.name,
                expected,
                found,
            });
        }
    }
    Ok(())
}

// ----- reusable checks for op verifiers -----

/// Every operand and result is an integer or index type.
pub fn check_integer_like(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_all_types(ctx, op, "integer or index", |k| k.is_integer_like())
}

/// Every operand and result is a float type.
pub fn check_float(ctx: &Context, op: OpId) -> Result<(), VerifyErrorKind> {
    check_all_types(ctx, op, "float", |k| k.is_float())
}

/// Every operand and result satisfies `pred`; `what` names the expected kind in the error.
pub fn check_all_types(
    ctx: &Context,
    op: OpId,
    what: &str,
    pred: impl Fn(&TypeKind) -> bool,
) -> Result<(), VerifyErrorKind> {
    for v in ctx.operands(op).iter().chain(ctx.results(op)) {
        let ty = ctx.value_type(*v);
        if !pred(ctx.type_kind(ty)) {
            return Err(VerifyErrorKind::ExpectedType {
                expected: format!("{what} types"),
                found: super::printer::type_to_string(ctx, ty),
            });
        }
    }
    Ok(())
}

/// The value has a type satisfying `pred`; `what` names the operand in the error.
pub fn check_value_type(
    ctx: &Context,
    v: Value,
    what: &str,
    expected: &str,
    pred: impl Fn(&TypeKind) -> bool,
) -> Result<(), VerifyErrorKind> {
    let ty = ctx.value_type(v);
    if pred(ctx.type_kind(ty)) {
        Ok(())
    } else {
        Err(VerifyErrorKind::ValueType {
            what: what.to_string(),
            expected: expected.to_string(),
            found: super::printer::type_to_string(ctx, ty),
        })
    }
}

/// The types of `values` equal `expected`, element by element; `what` names them in the error.
pub fn check_types_match(
    ctx: &Context,
    values: &[Value],
    expected: &[super::Type],
    what: &str,
) -> Result<(), VerifyErrorKind> {
    let found: Vec<_> = values.iter().map(|v| ctx.value_type(*v)).collect();
    if found == expected {
        return Ok(());
    }
    let show = |tys: &[super::Type]| -> String {
        let parts: Vec<String> = tys
            .iter()
            .map(|t| super::printer::type_to_string(ctx, *t))
            .collect();
        format!("({})", parts.join(", "))
    };
    Err(VerifyErrorKind::TypesMismatch {
        what: what.to_string(),
        found: show(&found),
        expected: show(expected),
    })
}
