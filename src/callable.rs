//! What every kind of compiled function has in common: `@jit`/`@njit` functions, `@vectorize`
//! ufuncs (on the CPU or a GPU), `@guvectorize` gufuncs ([`crate::Function`]) and GPU kernels
//! ([`crate::Kernel`]) are each lowered for a signature by the stage driver, which is what their
//! calls run and what [`crate::Module::dump`] prints.

use crate::dialects::ir::{Context, Type};
use crate::driver::{Lowered, ModuleIr};
use crate::{Error, Options};

/// A function of a module as its decorator compiles it.
pub(crate) trait Callable {
    /// Its name in the module.
    fn name(&self) -> &str;

    /// The options it compiles with.
    fn options(&self) -> &Options;

    /// Whether its code for arguments of the function type `sig` is an elementwise loop over
    /// arrays (a ufunc called with arrays) rather than the function itself: the `typed` stage is
    /// then that loop's scalar function, typed for the arrays' elements.
    fn elementwise(&self, ctx: &Context, sig: Type) -> bool;

    /// Its code for arguments of the function type `sig` (a type of `ir`'s context), lowered by
    /// the stage driver down to MLIR with every stage's IR kept.
    fn lower(&self, ir: &mut ModuleIr, sig: Type) -> Result<Lowered, Error>;
}
