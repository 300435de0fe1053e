//! A specialisation compiled to machine code, with the IR of its stages.

use super::StageDumps;
use crate::abi::{copy_type, rebuild};
use crate::dialects::ir::{Context, Type};
use crate::runtime::{Arg, CallError, Entry, RawArg};
use crate::values::PyValue;

/// One specialisation, compiled.
pub struct CompiledFunction {
    pub(crate) entry: Entry,
    result: Option<Type>,
    ctx: Context,
    /// The IR of each stage (empty when the code was loaded from the on-disk cache).
    pub stages: StageDumps,
    pub signature: String,
    /// The code was loaded from the on-disk cache (`cache=True`), not compiled.
    pub from_disk_cache: bool,
}

impl CompiledFunction {
    /// Keep `result` (a type of `ctx`) in the function's own small context.
    pub(crate) fn new(
        entry: Entry,
        ctx: &Context,
        result: Option<Type>,
        stages: StageDumps,
        signature: Type,
    ) -> Self {
        let mut own = Context::new();
        let result = result.map(|t| copy_type(ctx, &mut own, t));
        // For messages, in Numba's words: `float64(array(float64, 1d, C))`.
        let signature = crate::passes::transforms::infer_types::rules::display(ctx, signature);
        CompiledFunction {
            entry,
            result,
            ctx: own,
            stages,
            signature,
            from_disk_cache: false,
        }
    }

    /// What [`CompiledFunction::from_cache`] needs besides the code: the result type and the
    /// signature, as text.
    pub(crate) fn cache_extra(&self) -> String {
        let result = self.result.map_or("none".to_string(), |t| {
            crate::dialects::ir::type_to_string(&self.ctx, t)
        });
        format!("{result}\n{}", self.signature)
    }

    /// A specialisation loaded from the on-disk cache; `None` if its text does not parse.
    pub(crate) fn from_cache(cached: crate::runtime::disk_cache::Cached) -> Option<Self> {
        let (result, signature) = cached.extra.split_once('\n')?;
        let mut ctx = Context::new();
        let result = match result {
            "none" => None,
            text => Some(crate::dialects::ir::parse_type(&mut ctx, text).ok()?),
        };
        Some(CompiledFunction {
            entry: cached.entry,
            result,
            ctx,
            stages: StageDumps::default(),
            signature: signature.to_string(),
            from_disk_cache: true,
        })
    }

    /// Call with `args` (which must fit the signature it was compiled for, converting scalars
    /// as Numba does); callable from several threads at once.
    pub fn call(&self, args: &mut [Arg]) -> Result<PyValue, CallError> {
        let values = self.entry.call(args)?;
        Ok(rebuild(&self.ctx, self.result, &mut values.into_iter()))
    }

    /// As [`CompiledFunction::call`], except that an array returned in memory the code did not
    /// allocate (a view of an argument) is [`PyValue::Lent`], not copied: the caller keeps
    /// `args`' memory alive while it uses it (a dispatcher makes it a view of the argument).
    pub fn call_lending(&self, args: &mut [Arg]) -> Result<PyValue, CallError> {
        let values = self.entry.prepare(args)?.invoke_lending()?;
        Ok(rebuild(&self.ctx, self.result, &mut values.into_iter()))
    }

    /// Call with arguments in their packed form (a dispatcher's fast path). An array returned
    /// in memory the code did not allocate (a view of an argument) is [`PyValue::Lent`], as
    /// [`CompiledFunction::call_lending`] returns it.
    ///
    /// # Safety
    /// As [`Entry::call_raw`](crate::runtime::Entry::call_raw).
    pub unsafe fn call_raw(&self, raw: &[RawArg]) -> Result<PyValue, CallError> {
        // SAFETY: as the caller guarantees.
        unsafe {
            self.entry.call_raw(raw, |mut values| {
                rebuild(&self.ctx, self.result, &mut values)
            })
        }
    }
}
