//! Argument binding: positional and keyword arguments to a callable's parameters, done once,
//! from its declaration, for the frontend's checks and for typing and lowering alike.

use blackbird_dialects::ir::{Context, Diagnostic, OpId, Value};

use super::{lookup, Param};

/// Which argument each parameter received.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// For each parameter, the index of its argument among the call's arguments (positional
    /// ones first, then keywords in the order written); `None` when not given. A variadic
    /// parameter gets its first argument here, the others in `rest`.
    pub slots: Vec<Option<usize>>,
    /// The arguments after the first of a variadic parameter.
    pub rest: Vec<usize>,
}

/// Binds `positional` positional arguments and the `keywords` after them to `params` of the
/// callable `name`, as Python does; the message says what is wrong.
pub fn bind_names(
    name: &str,
    params: &[Param],
    positional: usize,
    keywords: &[impl AsRef<str>],
) -> Result<Binding, String> {
    let mut slots = vec![None; params.len()];
    let mut rest = vec![];
    let fixed = params
        .iter()
        .take_while(|p| !p.variadic && !p.keyword_only)
        .count();
    for i in 0..positional {
        if i < fixed {
            slots[i] = Some(i);
        } else if params.get(fixed).is_some_and(|p| p.variadic) {
            match slots[fixed] {
                None => slots[fixed] = Some(i),
                Some(_) => rest.push(i),
            }
        } else {
            let most = if params.iter().all(|p| p.default.is_none()) {
                format!("{fixed}")
            } else {
                format!("at most {fixed}")
            };
            let s = if fixed == 1 { "" } else { "s" };
            return Err(format!(
                "{name}() takes {most} positional argument{s}, {positional} given"
            ));
        }
    }
    for (k, key) in keywords.iter().enumerate() {
        let key = key.as_ref();
        let Some(p) = params.iter().position(|p| p.name == key && p.keyword) else {
            return Err(format!(
                "{name}() got an unsupported keyword argument `{key}`"
            ));
        };
        if slots[p].is_some() {
            return Err(format!("{name}() got multiple values for argument `{key}`"));
        }
        slots[p] = Some(positional + k);
    }
    if let Some(p) = params
        .iter()
        .zip(&slots)
        .find(|(p, s)| p.default.is_none() && !p.variadic && s.is_none())
    {
        return Err(format!("{name}() missing required argument `{}`", p.0.name));
    }
    Ok(Binding { slots, rest })
}

/// The arguments of a `py.call_builtin`, bound to its callable's parameters.
#[derive(Debug, Clone)]
pub struct Args {
    /// The positional operands (a method's array first).
    pub positional: Vec<Value>,
    /// Each keyword operand with its name.
    pub keywords: Vec<(String, Value)>,
    /// The operand of each parameter; `None` when not given.
    slots: Vec<(&'static str, Option<Value>)>,
}

impl Args {
    /// Binds the operands of `op` (positional ones, then those its `kwargs` attribute names)
    /// to the parameters of the callable its `name` attribute names. A name the registry
    /// does not know (a CUDA register, hand-written IR) binds only positional operands.
    pub fn bind(ctx: &Context, op: OpId) -> Result<Args, Diagnostic> {
        let name = ctx.attr_str(op, "name");
        let operands = ctx.operands(op);
        let names = ctx.attr_strs(op, "kwargs");
        let split = operands.len() - names.len().min(operands.len());
        let positional = operands[..split].to_vec();
        let keywords: Vec<(String, Value)> = names
            .into_iter()
            .zip(operands[split..].iter().copied())
            .collect();
        let error = |message: String| Diagnostic::error(ctx.loc(op).clone(), message);
        let slots = match lookup(name) {
            Some(callable) => {
                let kw: Vec<&str> = keywords.iter().map(|(k, _)| k.as_str()).collect();
                let binding = bind_names(name, callable.params, split, &kw).map_err(error)?;
                callable
                    .params
                    .iter()
                    .zip(binding.slots)
                    .map(|(p, s)| (p.name, s.map(|i| operands[i])))
                    .collect()
            }
            None if keywords.is_empty() => vec![],
            None => {
                return Err(error(format!(
                    "{name}() got an unsupported keyword argument `{}`",
                    keywords[0].0
                )))
            }
        };
        Ok(Args {
            positional,
            keywords,
            slots,
        })
    }

    /// The argument given for parameter `name`, by position or keyword.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.slots
            .iter()
            .find(|(p, _)| *p == name)
            .and_then(|s| s.1)
    }
}
