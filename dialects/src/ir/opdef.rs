//! Operation definitions: each dialect declares its ops as `pub const` [`OpDef`] values in one
//! place, with a summary, an example in the text form (parsed and round-tripped by the tests), the
//! arity, attribute specs, traits, an op-specific verifier and an optional folder.

use super::{Attr, Context, OpId, Value, VerifyErrorKind};

/// Number of operands or results an op accepts.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Arity {
    Exactly(usize),
    AtLeast(usize),
}

impl Arity {
    pub fn accepts(self, n: usize) -> bool {
        match self {
            Arity::Exactly(k) => n == k,
            Arity::AtLeast(k) => n >= k,
        }
    }
}

impl std::fmt::Display for Arity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arity::Exactly(k) => write!(f, "{k}"),
            Arity::AtLeast(k) => write!(f, "at least {k}"),
        }
    }
}

/// The kind of value an attribute must hold.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum AttrType {
    Any,
    Bool,
    Int,
    Float,
    Str,
    Symbol,
    Type,
    FunctionType,
    I64Array,
    /// A string from a fixed set (e.g. comparison predicates).
    Enum(&'static [&'static str]),
}

/// A named attribute an op declares.
#[derive(Copy, Clone, Debug)]
pub struct AttrSpec {
    pub name: &'static str,
    pub ty: AttrType,
    pub required: bool,
}

impl AttrSpec {
    pub const fn required(name: &'static str, ty: AttrType) -> Self {
        AttrSpec {
            name,
            ty,
            required: true,
        }
    }
    pub const fn optional(name: &'static str, ty: AttrType) -> Self {
        AttrSpec {
            name,
            ty,
            required: false,
        }
    }
}

/// Properties shared by many ops, checked by the generic verifier and used by passes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Trait {
    /// No side effects: may be removed when unused and merged with an identical op (cse).
    Pure,
    /// Reads memory and writes none: may be removed when unused, but never merged with an
    /// identical op (a write may come between them).
    ReadOnly,
    /// Operands may be swapped.
    Commutative,
    /// Must be the last op of its block.
    Terminator,
    /// Regions may not use values defined outside the op.
    IsolatedFromAbove,
    /// All operands and results have one type.
    SameOperandsAndResultType,
    /// All operands have one type.
    SameOperandsType,
    /// Produces its `value` attribute; the folder of every constant-like op returns it.
    ConstantLike,
    /// Every block of every region ends with one of these ops.
    RegionTerminator(&'static [&'static str]),
    /// Every region holds exactly one block.
    SingleBlockRegions,
    /// The op's parent must be one of these ops.
    HasParent(&'static [&'static str]),
    /// Regions hold no terminator requirement (module bodies).
    NoTerminator,
    /// The op has no effects of its own: it is as pure as the ops nested in it (`loop.for`,
    /// `loop.if`). It always terminates.
    RecursiveEffects,
}

/// What a folder returns for one result: an existing value or a constant to materialize.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Folded {
    Value(Value),
    Const(Attr),
}

pub type VerifyFn = fn(&Context, OpId) -> Result<(), VerifyErrorKind>;
/// A folder looks at an op (and its constant operands) and returns a replacement for each result,
/// or `None` when the op does not fold. Folders must not mutate the IR.
pub type FoldFn = fn(&mut Context, OpId) -> Option<Vec<Folded>>;

/// The declaration of one operation.
#[derive(Debug)]
pub struct OpDef {
    /// `dialect.op`
    pub name: &'static str,
    pub summary: &'static str,
    /// One or more ops in text form showing the op in use. Values it uses must be defined by
    /// earlier lines; the round-trip test parses, verifies and re-prints each example.
    pub example: &'static str,
    pub operands: Arity,
    pub results: Arity,
    pub regions: usize,
    pub attrs: &'static [AttrSpec],
    pub traits: &'static [Trait],
    pub verify: Option<VerifyFn>,
    pub fold: Option<FoldFn>,
}

impl OpDef {
    /// Defaults for the fields an op does not set: `..OpDef::DEFAULT`.
    pub const DEFAULT: OpDef = OpDef {
        name: "",
        summary: "",
        example: "",
        operands: Arity::Exactly(0),
        results: Arity::Exactly(0),
        regions: 0,
        attrs: &[],
        traits: &[],
        verify: None,
        fold: None,
    };

    /// Whether `self` and `other` declare the same op. A `const` is copied where it is used,
    /// so two references to one definition may differ: they compare by name, which the
    /// registry keeps unique.
    pub fn same_as(&self, other: &OpDef) -> bool {
        std::ptr::eq(self, other) || self.name == other.name
    }
    pub fn has_trait(&self, t: Trait) -> bool {
        self.traits.contains(&t)
    }
    pub fn is_pure(&self) -> bool {
        self.has_trait(Trait::Pure)
    }
    pub fn is_terminator(&self) -> bool {
        self.has_trait(Trait::Terminator)
    }
    pub fn is_isolated_from_above(&self) -> bool {
        self.has_trait(Trait::IsolatedFromAbove)
    }
    pub fn dialect(&self) -> &'static str {
        self.name.split('.').next().unwrap_or("")
    }
    /// Ops allowed to end this op's regions, if the op declares them.
    pub fn region_terminators(&self) -> Option<&'static [&'static str]> {
        self.traits.iter().find_map(|t| match t {
            Trait::RegionTerminator(names) => Some(*names),
            _ => None,
        })
    }
    pub fn allowed_parents(&self) -> Option<&'static [&'static str]> {
        self.traits.iter().find_map(|t| match t {
            Trait::HasParent(names) => Some(*names),
            _ => None,
        })
    }
    pub fn attr_spec(&self, name: &str) -> Option<&AttrSpec> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// All registered ops, looked up by name. Built once per [`Context`] from every dialect's table.
#[derive(Debug)]
pub struct Registry {
    by_name: std::collections::HashMap<&'static str, &'static OpDef>,
}

impl Registry {
    pub fn new(defs: &[&'static OpDef]) -> Self {
        let mut by_name = std::collections::HashMap::new();
        for def in defs {
            let previous = by_name.insert(def.name, *def);
            assert!(previous.is_none(), "op `{}` registered twice", def.name);
        }
        Registry { by_name }
    }
    pub fn get(&self, name: &str) -> Option<&'static OpDef> {
        self.by_name.get(name).copied()
    }
    /// All ops, sorted by name.
    pub fn all(&self) -> Vec<&'static OpDef> {
        let mut defs: Vec<_> = self.by_name.values().copied().collect();
        defs.sort_by_key(|d| d.name);
        defs
    }
}
