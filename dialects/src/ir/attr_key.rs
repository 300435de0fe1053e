//! Typed attribute access: an [`AttrKey<T>`] names one attribute of an op and its Rust type.
//!
//! A dialect declares each op's attributes once, as keys in a module named after the op
//! (`tensor::reduce::KIND: AttrKey<ReduceKind>`); the op's [`AttrSpec`]s are made from them
//! (`attrs: &[reduce::KIND.required(), reduce::AXES.required()]`), so the verifier checks
//! exactly what the accessors read: `reduce::KIND.of(ctx, op)` (a required attribute of
//! verified IR) or `.get(ctx, op)` (an optional one) returns a `ReduceKind`, and
//! `.set(ctx, op, kind)` writes one. Enumerated string attributes are Rust enums declared with
//! [`attr_enum!`](crate::attr_enum), whose texts are the attribute spec's allowed strings.

use std::marker::PhantomData;

use super::{Attr, AttrKind, AttrSpec, AttrType, Context, OpId, Type};

/// A Rust type an attribute can be read as (and written from).
pub trait AttrValue: Sized {
    /// The kind of attribute the verifier requires.
    const TYPE: AttrType;
    /// The value of `attr`, `None` when it is of another kind.
    fn read(ctx: &Context, attr: &AttrKind) -> Option<Self>;
    /// The interned attribute holding `self`.
    fn write(&self, ctx: &mut Context) -> Attr;
}

/// One named attribute of an op, read and written as `T`.
pub struct AttrKey<T> {
    pub name: &'static str,
    value: PhantomData<fn() -> T>,
}

impl<T> Clone for AttrKey<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for AttrKey<T> {}

impl<T: AttrValue> AttrKey<T> {
    pub const fn new(name: &'static str) -> Self {
        AttrKey {
            name,
            value: PhantomData,
        }
    }
    /// The spec of this attribute as a required one.
    pub const fn required(self) -> AttrSpec {
        AttrSpec::required(self.name, T::TYPE)
    }
    /// The spec of this attribute as an optional one.
    pub const fn optional(self) -> AttrSpec {
        AttrSpec::optional(self.name, T::TYPE)
    }
    /// The attribute's value; `None` when `op` lacks it (or holds another kind: IR that does
    /// not verify).
    pub fn get(self, ctx: &Context, op: OpId) -> Option<T> {
        T::read(ctx, ctx.attr_data(op, self.name)?)
    }
    /// The value of a required attribute of a verified op.
    ///
    /// # Panics
    /// When the op lacks it: the IR did not verify (a compiler bug, never user input).
    pub fn of(self, ctx: &Context, op: OpId) -> T {
        self.get(ctx, op).unwrap_or_else(|| {
            panic!(
                "`{}` has no valid `{}` attribute (unverified IR)",
                ctx.op_name(op),
                self.name
            )
        })
    }
    /// Set the attribute to `value`.
    pub fn set(self, ctx: &mut Context, op: OpId, value: T) {
        let attr = value.write(ctx);
        ctx.set_attr(op, self.name, attr);
    }
}

impl AttrValue for i64 {
    const TYPE: AttrType = AttrType::Int;
    fn read(_: &Context, attr: &AttrKind) -> Option<Self> {
        attr.as_int()
    }
    fn write(&self, ctx: &mut Context) -> Attr {
        let i64 = ctx.i64();
        ctx.int_attr(*self, i64)
    }
}

impl AttrValue for bool {
    const TYPE: AttrType = AttrType::Bool;
    fn read(_: &Context, attr: &AttrKind) -> Option<Self> {
        match attr {
            AttrKind::Bool(b) => Some(*b),
            _ => None,
        }
    }
    fn write(&self, ctx: &mut Context) -> Attr {
        ctx.intern_attr(AttrKind::Bool(*self))
    }
}

/// A string attribute (`"text"`).
impl AttrValue for String {
    const TYPE: AttrType = AttrType::Str;
    fn read(_: &Context, attr: &AttrKind) -> Option<Self> {
        match attr {
            AttrKind::Str(s) => Some(s.clone()),
            _ => None,
        }
    }
    fn write(&self, ctx: &mut Context) -> Attr {
        ctx.str_attr(self)
    }
}

/// A symbol reference (`@name`), by its name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Symbol(pub String);

impl AttrValue for Symbol {
    const TYPE: AttrType = AttrType::Symbol;
    fn read(_: &Context, attr: &AttrKind) -> Option<Self> {
        match attr {
            AttrKind::Symbol(s) => Some(Symbol(s.clone())),
            _ => None,
        }
    }
    fn write(&self, ctx: &mut Context) -> Attr {
        ctx.intern_attr(AttrKind::Symbol(self.0.clone()))
    }
}

impl AttrValue for Type {
    const TYPE: AttrType = AttrType::Type;
    fn read(_: &Context, attr: &AttrKind) -> Option<Self> {
        attr.as_type()
    }
    fn write(&self, ctx: &mut Context) -> Attr {
        ctx.type_attr(*self)
    }
}

/// An `array<i64: …>` attribute.
impl AttrValue for Vec<i64> {
    const TYPE: AttrType = AttrType::I64Array;
    fn read(_: &Context, attr: &AttrKind) -> Option<Self> {
        attr.as_i64_array().map(<[i64]>::to_vec)
    }
    fn write(&self, ctx: &mut Context) -> Attr {
        ctx.intern_attr(AttrKind::I64Array(self.clone()))
    }
}

/// An attribute holding a function type (`(i64) -> f64`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct FunctionType(pub Type);

impl AttrValue for FunctionType {
    const TYPE: AttrType = AttrType::FunctionType;
    fn read(_: &Context, attr: &AttrKind) -> Option<Self> {
        attr.as_type().map(FunctionType)
    }
    fn write(&self, ctx: &mut Context) -> Attr {
        ctx.type_attr(self.0)
    }
}

/// An array of strings (`["a", "b"]`); other elements are skipped.
impl AttrValue for Vec<String> {
    const TYPE: AttrType = AttrType::Any;
    fn read(ctx: &Context, attr: &AttrKind) -> Option<Self> {
        match attr {
            AttrKind::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|a| ctx.attr_kind(*a).as_str().map(str::to_string))
                    .collect(),
            ),
            _ => None,
        }
    }
    fn write(&self, ctx: &mut Context) -> Attr {
        let items = self.iter().map(|s| ctx.str_attr(s)).collect();
        ctx.intern_attr(AttrKind::Array(items))
    }
}

/// Any attribute, as its data (a constant's `value`, a unit flag).
impl AttrValue for AttrKind {
    const TYPE: AttrType = AttrType::Any;
    fn read(_: &Context, attr: &AttrKind) -> Option<Self> {
        Some(attr.clone())
    }
    fn write(&self, ctx: &mut Context) -> Attr {
        ctx.intern_attr(self.clone())
    }
}

/// Declare an enumerated string attribute's values as a Rust enum: `Variant = "text"` each.
/// The enum gets `NAMES` (the texts, for its [`AttrType::Enum`] spec), `as_str`,
/// `parse`, `Display` and [`AttrValue`], so that `AttrKey<TheEnum>` reads and writes it.
#[macro_export]
macro_rules! attr_enum {
    ($(#[$doc:meta])* pub enum $name:ident {
        $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value's text, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            /// The value's text in the IR.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
            /// The value a text names.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::ir::AttrValue for $name {
            const TYPE: $crate::ir::AttrType = $crate::ir::AttrType::Enum($name::NAMES);
            fn read(_: &$crate::ir::Context, attr: &$crate::ir::AttrKind) -> Option<Self> {
                attr.as_str().and_then($name::parse)
            }
            fn write(&self, ctx: &mut $crate::ir::Context) -> $crate::ir::Attr {
                ctx.str_attr(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::attr_enum! {
        /// A test enum.
        pub enum Colour { Red = "red", Green = "green" }
    }

    #[test]
    fn enums_parse_print_and_round_trip_through_attributes() {
        assert_eq!(Colour::NAMES, &["red", "green"]);
        assert_eq!(Colour::parse("green"), Some(Colour::Green));
        assert_eq!(Colour::parse("blue"), None);
        assert_eq!(Colour::Red.to_string(), "red");
        let mut ctx = Context::new();
        let op = ctx.create_op(crate::ir::OperationState::new(
            &crate::gpu::BARRIER,
            crate::ir::Location::Unknown,
        ));
        const KEY: AttrKey<Colour> = AttrKey::new("colour");
        assert_eq!(KEY.get(&ctx, op), None);
        KEY.set(&mut ctx, op, Colour::Green);
        assert_eq!(KEY.of(&ctx, op), Colour::Green);
        assert_eq!(ctx.attr_str(op, "colour"), "green");
        assert!(matches!(KEY.required().ty, AttrType::Enum(names) if names == Colour::NAMES));
    }
}
