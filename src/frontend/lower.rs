//! Lowering of Python statements and expressions to the `py` dialect.

mod builtin_forms;
mod control;
mod expressions;
mod functions;
mod prelude;
mod try_stmt;
mod undefined;

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{self as ast, BoolOp, CmpOp, Expr, Number, Operator, Stmt, UnaryOp};
use ruff_text_size::Ranged;

use super::decorators::{decorator_kind, parse_decorator, Decorator};
use super::names::{self, ModuleNames};
use super::source::SourceFile;
use super::{FunctionDecl, Program};
use crate::dialects::ir::{
    Attr, AttrKind, BlockId, Context, Diagnostic, Location, OpDef, OpId, OperationState, Type,
    TypeKind, Value,
};
use crate::dialects::{builtin, py};
use crate::passes::library;
use functions::{FunctionRef, Header, Lowered, Specialization};
use try_stmt::LoopExit;

/// A branch of an `if`: its block, and the variables it left and how it ended.
type Branch = (BlockId, (HashMap<String, Value>, Flow));

type LResult<T> = Result<T, Diagnostic>;

/// A module function's parameters, for checking calls and filling defaults.
#[derive(Clone, Debug)]
struct Params {
    names: Vec<String>,
    /// Default values (literals) of the trailing parameters.
    defaults: Vec<Option<Expr>>,
}

struct ModuleScope {
    names: ModuleNames,
    functions: HashMap<String, Params>,
    /// Module-level numeric constants (`N = 10`), frozen into the functions that use them.
    constants: HashMap<String, Expr>,
    /// What this module's functions are called in the IR: their names, after this prefix
    /// (`np.` for the NumPy prelude's).
    prefix: &'static str,
    /// The NumPy prelude's functions (`np.roll` → its parameters; see [`prelude`]).
    prelude: HashMap<String, Params>,
    /// The functions that call one of their parameters, with those parameters (see
    /// [`functions`]).
    templates: HashMap<String, Vec<String>>,
}

pub fn lower_module(
    ctx: &mut Context,
    file: &SourceFile,
    module: &ast::ModModule,
) -> LResult<Program> {
    let prelude = prelude::Prelude::get();
    let mut scope = module_scope(file, module, "")?;
    scope.prelude = prelude.qualified_functions().clone();
    let defs = module_functions(module);
    let (region, body) = ctx.create_region_with_block(&[]);
    let module_op = ctx.create_op(
        OperationState::new(&builtin::MODULE, Location::new(file.name, 1, 1)).region(region),
    );
    let mut functions = vec![];
    let mut unlowered = vec![];
    let names = defs.iter().map(|f| f.name.to_string()).collect();
    let mut requests = vec![];
    for f in &defs {
        let decorator = function_decorator(ctx, file, &scope, f)?;
        if let Some(params) = scope.templates.get(f.name.as_str()) {
            // Lowered only as specialisations for the functions its callers pass; a decorated
            // one is also called from Python, which passes no compile-time function.
            if decorator.is_some() {
                unlowered.push((
                    f.name.to_string(),
                    functions::entry_template_error(file, f, params),
                ));
            }
            continue;
        }
        match FunctionLowerer::lower(ctx, file, &scope, f, decorator.as_ref()) {
            Ok(lowered) => requests.extend(lowered.add_to(
                ctx,
                body,
                &mut functions,
                f.name.as_str(),
                decorator,
            )),
            Err(error) => unlowered.push((f.name.to_string(), error)),
        }
    }
    functions::lower_specialisations(
        ctx,
        file,
        &scope,
        &defs,
        body,
        requests,
        &mut functions,
        &mut unlowered,
    );
    prelude.lower_called(ctx, body, &mut functions, &mut unlowered)?;
    // A function calling one that did not lower cannot compile either: it takes that error
    // and leaves the module.
    while let Some((k, error)) = functions.iter().enumerate().find_map(|(k, f)| {
        let callee_error = ctx.walk_preorder(f.op).into_iter().find_map(|op| {
            let callee = (ctx.op_name(op) == py::CALL.name).then(|| ctx.attr_str(op, "callee"))?;
            unlowered.iter().find(|(n, _)| n == callee).map(|(_, e)| e)
        });
        callee_error.map(|e: &Diagnostic| (k, e.clone()))
    }) {
        let f = functions.remove(k);
        ctx.erase_op(f.op);
        unlowered.push((f.name, error));
    }
    Ok(Program {
        module: module_op,
        functions,
        unlowered,
        names,
    })
}

/// The module's function definitions, in source order.
fn module_functions(module: &ast::ModModule) -> Vec<&ast::StmtFunctionDef> {
    module
        .body
        .iter()
        .filter_map(|stmt| match stmt {
            Stmt::FunctionDef(f) => Some(f),
            _ => None,
        })
        .collect()
}

/// What the module's top level defines: imports, functions (their parameters), constants.
fn module_scope(
    file: &SourceFile,
    module: &ast::ModModule,
    prefix: &'static str,
) -> LResult<ModuleScope> {
    let mut scope = ModuleScope {
        names: ModuleNames::default(),
        functions: HashMap::new(),
        constants: HashMap::new(),
        prefix,
        prelude: HashMap::new(),
        templates: functions::templates(module),
    };
    for stmt in &module.body {
        match stmt {
            Stmt::Import(_) | Stmt::ImportFrom(_) => {
                scope.names.bind_import(stmt);
            }
            Stmt::FunctionDef(f) => {
                if scope.functions.contains_key(f.name.as_str()) {
                    return Err(
                        file.error(&f.name, format!("function `{}` is defined twice", f.name))
                    );
                }
                scope
                    .functions
                    .insert(f.name.to_string(), params_of(file, f, &scope.constants)?);
            }
            Stmt::Assign(a) => {
                if let [Expr::Name(n)] = &a.targets[..] {
                    if is_literal(&a.value) {
                        scope.constants.insert(n.id.to_string(), (*a.value).clone());
                    } else {
                        scope.constants.remove(n.id.as_str());
                    }
                }
            }
            Stmt::ClassDef(c) => return Err(file.error(
                c,
                "classes are not supported: Blackbird compiles functions over scalars and arrays",
            )),
            _ => {}
        }
    }
    Ok(scope)
}

fn is_literal(e: &Expr) -> bool {
    match e {
        Expr::NumberLiteral(_) | Expr::BooleanLiteral(_) | Expr::StringLiteral(_) => true,
        Expr::UnaryOp(u) => matches!(u.op, UnaryOp::USub | UnaryOp::UAdd) && is_literal(&u.operand),
        _ => false,
    }
}

/// A parameter default: a literal, a tuple of them, or a module constant (its value).
fn default_value(d: &Expr, constants: &HashMap<String, Expr>) -> Option<Expr> {
    match d {
        Expr::NoneLiteral(_) => Some(d.clone()),
        Expr::Name(n) => constants.get(n.id.as_str()).cloned(),
        Expr::Tuple(t) => {
            let mut tuple = t.clone();
            for e in tuple.elts.iter_mut() {
                *e = default_value(e, constants)?;
            }
            Some(Expr::Tuple(tuple))
        }
        e => is_literal(e).then(|| e.clone()),
    }
}

fn params_of(
    file: &SourceFile,
    f: &ast::StmtFunctionDef,
    constants: &HashMap<String, Expr>,
) -> LResult<Params> {
    let p = &f.parameters;
    if let Some(v) = &p.vararg {
        return Err(file.error(&**v, "star-args (`*args`) are not supported"));
    }
    if let Some(k) = &p.kwarg {
        return Err(file.error(&**k, "`**kwargs` is not supported"));
    }
    if let Some(k) = p.kwonlyargs.first() {
        return Err(file.error(k, "keyword-only parameters are not supported"));
    }
    let mut names = vec![];
    let mut defaults = vec![];
    for a in p.posonlyargs.iter().chain(&p.args) {
        names.push(a.parameter.name.to_string());
        let default = match &a.default {
            Some(d) => Some(default_value(d, constants).ok_or_else(|| {
                file.error(
                    &**d,
                    "default values must be number, bool, string or None literals, tuples of them, or module-level constants",
                )
            })?),
            None => None,
        };
        defaults.push(default);
    }
    Ok(Params { names, defaults })
}

/// The dotted name an expression spells (`np.linalg.norm` → ["np", "linalg", "norm"]).
fn dotted(e: &Expr) -> Option<Vec<&str>> {
    match e {
        Expr::Name(n) => Some(vec![n.id.as_str()]),
        Expr::Attribute(a) => {
            let mut parts = dotted(&a.value)?;
            parts.push(a.attr.as_str());
            Some(parts)
        }
        _ => None,
    }
}

fn function_decorator(
    ctx: &mut Context,
    file: &SourceFile,
    scope: &ModuleScope,
    f: &ast::StmtFunctionDef,
) -> LResult<Option<Decorator>> {
    let mut found = None;
    for d in &f.decorator_list {
        let (callee, call) = match &d.expression {
            Expr::Call(c) => (&*c.func, Some(c)),
            e => (e, None),
        };
        let name = dotted(callee).and_then(|parts| scope.names.resolve(&parts));
        let Some(kind) = name.as_deref().and_then(decorator_kind) else {
            return Err(file.error(&d.expression, "unsupported decorator").with_note(
                "supported: @jit, @njit, @vectorize, @guvectorize, @cuda.jit (imported from numba or blackbird)",
            ));
        };
        if found.is_some() {
            return Err(file.error(
                &d.expression,
                "a function can have only one compiling decorator",
            ));
        }
        found = Some(parse_decorator(ctx, file, kind, call)?);
    }
    Ok(found)
}

/// How a sequence of statements ends.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Flow {
    /// Control reaches the end of the block.
    Continues,
    /// The block ended with return/break/continue (or an `if` all of whose branches did).
    Terminated,
}

struct LoopFrame {
    /// Variables the loop carries, in block-argument order.
    carried: Vec<String>,
    /// The hidden variable of a loop with an `else` clause: true until a `break` (see
    /// [`FunctionLowerer::loop_else`]).
    nobreak: Option<String>,
    /// The loop is the one-trip body of a `try` (see `try_stmt.rs`).
    try_body: bool,
    /// The loop is a `try` body or inside one: an exception raised in it breaks out of it.
    catches: bool,
    /// A `try` body's hidden variable saying how it was left by a `break` or `continue` of
    /// the loop around the `try` (see [`try_stmt::LoopExit`]).
    exit_flag: Option<String>,
}

struct FunctionLowerer<'a> {
    ctx: &'a mut Context,
    file: &'a SourceFile<'a>,
    scope: &'a ModuleScope,
    /// The module's imports, and those of the function's own `import` statements so far.
    names: ModuleNames,
    /// The functions callable by a local name: inner functions, lambdas bound to a name, and
    /// function arguments of a specialisation (see [`functions`]).
    local_functions: HashMap<String, FunctionRef>,
    /// This function's symbol.
    symbol: String,
    /// The inner functions lowered so far, lifted to module level: (symbol, op).
    lifted: Vec<(String, OpId)>,
    /// The specialisations of functions taking function arguments that this one calls.
    requests: Vec<Specialization>,
    env: HashMap<String, Value>,
    /// Names assigned on only some paths: using them is an error with this explanation.
    maybe_undefined: HashMap<String, &'static str>,
    /// Where each name is read in the function (see `undefined.rs`).
    reads: undefined::Reads,
    /// The variables declared before a construct that assigns them (see `undefined.rs`):
    /// each has a hidden flag saying whether it was assigned.
    defined_flags: HashSet<String>,
    /// How many comprehensions are being lowered (their variables stay inside them).
    comprehensions: usize,
    block: BlockId,
    loops: Vec<LoopFrame>,
    /// The sites (`py.catch` results) of the exceptions the enclosing `except` handlers
    /// caught, innermost last: a bare `raise` re-raises the last.
    caught: Vec<Value>,
    /// (op, has value) for every `py.return`, to build the function type at the end.
    returns: Vec<(OpId, bool)>,
    object: Type,
    /// How many expressions, and how many blocks, enclose the one being lowered.
    expr_depth: usize,
    block_depth: usize,
}

/// How deeply expressions may nest (operands, arguments, subscripts; a chain of left-associative
/// operators such as `a + b + c` counts once). CPython refuses a few thousand levels.
const MAX_EXPR_DEPTH: usize = 1000;

/// How deeply blocks may nest (`if`, each `elif`, `for`, `while`, `with`). CPython refuses more
/// than 100 levels of indentation.
const MAX_BLOCK_DEPTH: usize = 1000;

impl<'a> FunctionLowerer<'a> {
    fn lower(
        ctx: &'a mut Context,
        file: &'a SourceFile<'a>,
        scope: &'a ModuleScope,
        f: &ast::StmtFunctionDef,
        decorator: Option<&Decorator>,
    ) -> LResult<Lowered> {
        let header = Header::module_function(scope, f);
        Self::lower_in(ctx, file, scope, f, decorator, header)
    }

    /// Lower `f` as the function `header` describes (a module function, an inner function
    /// lifted to module level, or a specialisation for function arguments).
    fn lower_in(
        ctx: &'a mut Context,
        file: &'a SourceFile<'a>,
        scope: &'a ModuleScope,
        f: &ast::StmtFunctionDef,
        decorator: Option<&Decorator>,
        header: Header,
    ) -> LResult<Lowered> {
        if f.is_async {
            return Err(file.error(f, "async functions are not supported"));
        }
        let params = &header.params;
        let object = ctx.intern_type(TypeKind::PyObject);
        let (region, entry) = ctx.create_region_with_block(&vec![object; params.len()]);
        let env = params
            .iter()
            .cloned()
            .zip(ctx.block_args(entry).to_vec())
            .collect();
        let mut l = FunctionLowerer {
            ctx,
            file,
            scope,
            names: header.names,
            local_functions: header.local_functions,
            symbol: header.symbol,
            lifted: vec![],
            requests: vec![],
            env,
            maybe_undefined: HashMap::new(),
            reads: undefined::Reads::of(&f.body),
            defined_flags: HashSet::new(),
            comprehensions: 0,
            block: entry,
            loops: vec![],
            caught: vec![],
            returns: vec![],
            object,
            expr_depth: 0,
            block_depth: 0,
        };
        let flow = l.stmts(&f.body)?;
        let returns_value = l.returns.iter().any(|(_, v)| *v);
        if let Some((op, _)) = l.returns.iter().find(|(_, v)| returns_value && !*v) {
            let loc = l.ctx.loc(*op).clone();
            return Err(Diagnostic::error(
                loc,
                "bare `return` in a function that returns a value elsewhere (it would return None)",
            ));
        }
        if flow == Flow::Continues {
            if returns_value {
                return Err(file
                    .error(
                        &f.name,
                        format!(
                            "function `{}` can reach its end without returning a value",
                            f.name
                        ),
                    )
                    .with_note("add a `return` at the end of the function"));
            }
            let loc = file.location_of(f.end());
            l.emit_at(&py::RETURN, &[], 0, &[], vec![], loc);
        }
        let results = if returns_value { vec![object] } else { vec![] };
        let fn_type = l.ctx.function_type(&vec![object; params.len()], &results);
        let mut state = OperationState::new(&py::FUNC, file.loc(&f.name)).region(region);
        let name_attr = l.ctx.str_attr(&l.symbol);
        let ty_attr = l.ctx.type_attr(fn_type);
        let arg_names: Vec<Attr> = params.iter().map(|p| l.ctx.str_attr(p)).collect();
        let arg_names = l.ctx.intern_attr(AttrKind::Array(arg_names));
        state = state
            .attr("sym_name", name_attr)
            .attr("function_type", ty_attr)
            .attr("arg_names", arg_names);
        if let Some(d) = decorator {
            state = l.decorator_attrs(state, d);
        }
        Ok(Lowered {
            op: l.ctx.create_op(state),
            lifted: l.lifted,
            requests: l.requests,
        })
    }

    fn decorator_attrs(&mut self, mut state: OperationState, d: &Decorator) -> OperationState {
        let ctx = &mut *self.ctx;
        state = state.attr("decorator", ctx.str_attr(d.kind.as_str()));
        if !d.signatures.is_empty() {
            let sigs: Vec<Attr> = d.signatures.iter().map(|t| ctx.type_attr(*t)).collect();
            state = state.attr("signatures", ctx.intern_attr(AttrKind::Array(sigs)));
        }
        let o = &d.options;
        for (name, on) in [
            ("nopython", o.nopython),
            ("parallel", o.parallel),
            ("fastmath", o.fastmath),
            ("cache", o.cache),
            ("boundscheck", o.boundscheck),
        ] {
            if on {
                state = state.attr(name, ctx.intern_attr(AttrKind::Bool(true)));
            }
        }
        if let Some(t) = &d.target {
            state = state.attr("target", ctx.str_attr(t));
        }
        if let Some(l) = &d.layout {
            state = state.attr("layout", ctx.str_attr(l));
        }
        state
    }

    // ----- emitting ops -----

    fn emit_at(
        &mut self,
        def: &'static OpDef,
        operands: &[Value],
        results: usize,
        attrs: &[(&str, Attr)],
        regions: Vec<crate::dialects::ir::RegionId>,
        loc: Location,
    ) -> OpId {
        let results = vec![self.object; results];
        crate::dialects::ir::Builder::at_end(self.ctx, self.block)
            .with_loc(loc)
            .build(def, operands, &results, attrs, &regions)
    }

    /// Emit a one-result op located at `node`; returns the result.
    fn value(
        &mut self,
        node: &impl Ranged,
        def: &'static OpDef,
        operands: &[Value],
        attrs: &[(&str, Attr)],
    ) -> Value {
        let loc = self.file.loc(node);
        let op = self.emit_at(def, operands, 1, attrs, vec![], loc);
        self.ctx.result(op, 0)
    }

    /// `names = [...]`: the Python variables a construct's results stand for (for messages).
    fn names_attr(&mut self, names: &[String]) -> Vec<(&'static str, Attr)> {
        if names.is_empty() {
            return vec![];
        }
        let items: Vec<Attr> = names.iter().map(|n| self.ctx.str_attr(n)).collect();
        vec![("names", self.ctx.intern_attr(AttrKind::Array(items)))]
    }

    fn str_attr(&mut self, s: &str) -> Attr {
        self.ctx.str_attr(s)
    }

    fn constant(&mut self, node: &impl Ranged, kind: AttrKind) -> Value {
        let attr = self.ctx.intern_attr(kind);
        self.value(node, &py::CONSTANT, &[], &[("value", attr)])
    }

    fn none(&mut self, node: &impl Ranged) -> Value {
        self.constant(node, AttrKind::Unit)
    }

    fn float_constant(&mut self, node: &impl Ranged, v: f64) -> Value {
        let f64t = self.ctx.f64();
        self.constant(node, AttrKind::float(v, f64t))
    }

    // ----- statements -----

    fn stmts(&mut self, stmts: &[Stmt]) -> LResult<Flow> {
        for s in stmts {
            self.try_check(s);
            if self.stmt(s)? == Flow::Terminated {
                return Ok(Flow::Terminated);
            }
        }
        if let Some(last) = stmts.last() {
            self.try_check(last);
        }
        Ok(Flow::Continues)
    }

    /// Runs `f` one block deeper, or reports `node` when blocks nest deeper than
    /// [`MAX_BLOCK_DEPTH`].
    fn nested<T>(
        &mut self,
        node: &impl Ranged,
        f: impl FnOnce(&mut Self) -> LResult<T>,
    ) -> LResult<T> {
        if self.block_depth == MAX_BLOCK_DEPTH {
            return Err(self.file.error(
                node,
                format!(
                    "blocks nested too deeply (more than {MAX_BLOCK_DEPTH} levels of `if`, `elif`, `for`, `while` and `with`)"
                ),
            ));
        }
        self.block_depth += 1;
        let result = f(self);
        self.block_depth -= 1;
        result
    }

    fn stmt(&mut self, s: &Stmt) -> LResult<Flow> {
        if matches!(
            s,
            Stmt::If(_) | Stmt::For(_) | Stmt::While(_) | Stmt::With(_)
        ) {
            self.nested(s, |l| l.simple_or_compound_stmt(s))
        } else {
            self.simple_or_compound_stmt(s)
        }
    }

    fn simple_or_compound_stmt(&mut self, s: &Stmt) -> LResult<Flow> {
        let file = self.file;
        match s {
            Stmt::Expr(e) => {
                if !matches!(*e.value, Expr::StringLiteral(_) | Expr::EllipsisLiteral(_)) {
                    self.expr(&e.value)?;
                }
            }
            Stmt::Pass(_) => {}
            Stmt::Assign(a) => {
                if self.define_lambda(a)? {
                    return Ok(Flow::Continues);
                }
                let v = self.expr(&a.value)?;
                for t in &a.targets {
                    self.assign(t, v)?;
                }
            }
            Stmt::AnnAssign(a) => {
                let Some(value) = &a.value else {
                    return Err(
                        file.error(a, "a variable annotation without a value is not supported")
                    );
                };
                let v = self.expr(value)?;
                self.assign(&a.target, v)?;
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::Return(r) => {
                let (values, has_value) = match &r.value {
                    Some(e) => (vec![self.expr(e)?], true),
                    None => (vec![], false),
                };
                let op = self.emit_at(&py::RETURN, &values, 0, &[], vec![], file.loc(r));
                self.returns.push((op, has_value));
                return Ok(Flow::Terminated);
            }
            Stmt::If(i) => return self.if_stmt(&i.test, &i.body, &i.elif_else_clauses, i),
            Stmt::For(f) => return self.for_stmt(f),
            Stmt::While(w) => {
                let flow = self.while_stmt(w)?;
                if leaves_only_by_return(w) {
                    // `while True:` without `break` ends only through its `return`s.
                    self.emit_at(&py::UNREACHABLE, &[], 0, &[], vec![], file.loc(w));
                    return Ok(Flow::Terminated);
                }
                return Ok(flow);
            }
            Stmt::Break(b) => return self.leave_loop(b, LoopExit::Break),
            Stmt::Continue(c) => return self.leave_loop(c, LoopExit::Continue),
            Stmt::With(w) => {
                for item in &w.items {
                    let is_errstate = match &item.context_expr {
                        Expr::Call(c) => self.qualified(&c.func).as_deref() == Some("np.errstate"),
                        _ => false,
                    };
                    if !is_errstate || item.optional_vars.is_some() {
                        return Err(file.error(&item.context_expr, "`with` is supported only for `np.errstate(...)`, which compiled code ignores")
                            .with_note("floating-point errors never raise in compiled code: they produce inf or nan, as with np.errstate(all='ignore')"));
                    }
                }
                return self.stmts(&w.body);
            }
            Stmt::FunctionDef(f) => self.define_inner(f)?,
            Stmt::ClassDef(c) => return Err(file.error(c, "classes are not supported")),
            Stmt::Try(t) => return self.nested(t, |l| l.try_stmt(t)),
            Stmt::Raise(r) => {
                if r.exc.is_none() {
                    return self.reraise(r);
                }
                let (kind, message) = self.raised_exception(r)?;
                self.raise_exit(&kind, &message, file.loc(r));
                return Ok(Flow::Terminated);
            }
            Stmt::Assert(a) => return self.assert_stmt(a),
            Stmt::Global(g) => {
                return Err(file
                    .error(g, "global variables cannot be rebound from compiled code")
                    .with_note("pass the value as an argument and return the new value"))
            }
            Stmt::Nonlocal(n) => return Err(file.error(n, "nonlocal is not supported")),
            Stmt::Delete(d) => {
                // `del d[k]`: `d.__delitem__(k)` (dicts; other targets are refused).
                for target in &d.targets {
                    let Expr::Subscript(sub) = target else {
                        return Err(
                            file.error(target, "del is supported for dict items only (`del d[k]`)")
                        );
                    };
                    let call = expressions::method_call(
                        (*sub.value).clone(),
                        "__delitem__",
                        vec![(*sub.slice).clone()],
                    );
                    self.expr(&call)?;
                }
            }
            Stmt::Import(_) | Stmt::ImportFrom(_) => {
                for name in self.names.bind_import(s) {
                    self.env.remove(&name);
                    self.maybe_undefined.remove(&name);
                }
            }
            Stmt::Match(m) => return Err(file.error(m, "match statements are not supported")),
            Stmt::TypeAlias(t) => return Err(file.error(t, "type aliases are not supported")),
            Stmt::IpyEscapeCommand(c) => {
                return Err(file.error(c, "IPython escape commands are not Python"))
            }
        }
        Ok(Flow::Continues)
    }

    fn carried_values(&mut self, node: &impl Ranged, what: &str) -> LResult<Vec<Value>> {
        let Some(frame) = self.loops.last() else {
            return Err(self.file.error(node, format!("`{what}` outside a loop")));
        };
        Ok(frame.carried.iter().map(|n| self.env[n]).collect())
    }

    fn assign(&mut self, target: &Expr, v: Value) -> LResult<()> {
        match target {
            Expr::Name(n) => {
                self.maybe_undefined.remove(n.id.as_str());
                self.local_functions.remove(n.id.as_str());
                self.env.insert(n.id.to_string(), v);
                self.mark_defined(n.id.as_str(), n);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                if elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
                    return Err(self
                        .file
                        .error(target, "starred unpacking is not supported"));
                }
                let loc = self.file.loc(target);
                let op = self.emit_at(&py::UNPACK, &[v], elts.len(), &[], vec![], loc);
                for (i, e) in elts.iter().enumerate() {
                    let r = self.ctx.result(op, i);
                    self.assign(e, r)?;
                }
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value)?;
                let mut operands = vec![v, obj];
                operands.extend(self.indices(&s.slice)?);
                let loc = self.file.loc(target);
                self.emit_at(&py::SETITEM, &operands, 0, &[], vec![], loc);
            }
            Expr::Attribute(a) => {
                return Err(self
                    .file
                    .error(a, "assignment to attributes is not supported"))
            }
            other => return Err(self.file.error(other, "cannot assign to this expression")),
        }
        Ok(())
    }

    fn aug_assign(&mut self, a: &ast::StmtAugAssign) -> LResult<()> {
        let op = self.str_attr(binop_name(a.op));
        let inplace = self.ctx.intern_attr(AttrKind::Unit);
        let attrs = [("inplace", inplace), ("op", op)];
        match &*a.target {
            Expr::Name(n) => {
                let current = self.lookup(n)?;
                let rhs = self.expr(&a.value)?;
                let r = self.value(a, &py::BINOP, &[current, rhs], &attrs);
                self.env.insert(n.id.to_string(), r);
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value)?;
                let idx = self.indices(&s.slice)?;
                let mut get = vec![obj];
                get.extend(&idx);
                let current = self.value(&*a.target, &py::GETITEM, &get, &[]);
                let rhs = self.expr(&a.value)?;
                let r = self.value(a, &py::BINOP, &[current, rhs], &attrs);
                let mut set = vec![r, obj];
                set.extend(idx);
                let loc = self.file.loc(a);
                self.emit_at(&py::SETITEM, &set, 0, &[], vec![], loc);
            }
            other => {
                return Err(self.file.error(
                    other,
                    "augmented assignment needs a variable or a subscript target",
                ))
            }
        }
        Ok(())
    }

    /// The exception class and message of `raise Name`, `raise Name()` or
    /// `raise Name("literal")` (Numba's subset: a builtin exception class and a constant
    /// message); anything else is refused, located.
    fn raised_exception(&self, r: &ast::StmtRaise) -> LResult<(String, String)> {
        let file = self.file;
        let supported = "supported: `raise E`, `raise E()` or `raise E(\"message\")` with E a builtin exception class and a string literal message";
        let Some(exc) = &r.exc else {
            return Err(file
                .error(
                    r,
                    "a bare `raise` (re-raising) is not supported in compiled code",
                )
                .with_note(supported));
        };
        if let Some(cause) = &r.cause {
            return Err(file
                .error(
                    &**cause,
                    "`raise ... from ...` is not supported in compiled code",
                )
                .with_note(supported));
        }
        let (class, args) = match &**exc {
            Expr::Call(c) => {
                if let Some(k) = c.arguments.keywords.first() {
                    return Err(file
                        .error(
                            k,
                            "a raised exception takes no keyword arguments in compiled code",
                        )
                        .with_note(supported));
                }
                (&*c.func, &c.arguments.args[..])
            }
            other => (other, &[][..]),
        };
        let Expr::Name(name) = class else {
            return Err(file
                .error(
                    class,
                    "only a builtin exception class can be raised in compiled code",
                )
                .with_note(supported));
        };
        let kind = name.id.as_str();
        if !RAISABLE.contains(&kind) || self.env.contains_key(kind) {
            return Err(file
                .error(
                    class,
                    format!("`{kind}` is not a builtin exception class compiled code can raise"),
                )
                .with_note(format!("the classes are {}", RAISABLE.join(", "))));
        }
        let message = match args {
            [] => String::new(),
            [Expr::StringLiteral(s)] => s.value.to_str().to_string(),
            [other] => return Err(file
                .error(
                    other,
                    "the message of a raised exception must be a string literal in compiled code",
                )
                .with_note(supported)),
            [_, second, ..] => return Err(file
                .error(
                    second,
                    "a raised exception takes at most one argument (its message) in compiled code",
                )
                .with_note(supported)),
        };
        Ok((kind.to_string(), message))
    }

    /// Run `f` lowering into `block` from a copy of the current variables; returns the
    /// variables at its end and its flow.
    fn in_block(
        &mut self,
        block: BlockId,
        f: impl FnOnce(&mut Self) -> LResult<Flow>,
    ) -> LResult<(HashMap<String, Value>, Flow)> {
        let saved_block = std::mem::replace(&mut self.block, block);
        let saved_env = self.env.clone();
        let flow = f(self);
        self.block = saved_block;
        let env = std::mem::replace(&mut self.env, saved_env);
        Ok((env, flow?))
    }

    fn if_stmt(
        &mut self,
        test: &Expr,
        body: &[Stmt],
        rest: &[ast::ElifElseClause],
        node: &impl Ranged,
    ) -> LResult<Flow> {
        let cond = self.expr(test)?;
        self.if_value(cond, body, rest, node)
    }

    /// An `if` whose condition is already computed.
    fn if_value(
        &mut self,
        cond: Value,
        body: &[Stmt],
        rest: &[ast::ElifElseClause],
        node: &impl Ranged,
    ) -> LResult<Flow> {
        let mut candidates = assigned_names(body);
        for clause in rest {
            for n in assigned_names(&clause.body) {
                if !candidates.contains(&n) {
                    candidates.push(n);
                }
            }
        }
        // Variables a branch that goes on assigns and another (or no `else`) may not.
        let has_else = rest.last().is_some_and(|c| c.test.is_none());
        let going_on: Vec<Vec<String>> = std::iter::once(body)
            .chain(rest.iter().map(|c| &c.body[..]))
            .filter(|b| !ends_by_leaving(b))
            .map(assigned_names)
            .collect();
        let partial: Vec<String> = candidates
            .iter()
            .filter(|n| {
                going_on.iter().any(|a| a.contains(*n))
                    && (!has_else || going_on.iter().any(|a| !a.contains(*n)))
            })
            .cloned()
            .collect();
        let statement = ruff_text_size::TextRange::new(
            node.start(),
            rest.last().map_or(node.end(), |c| c.end()),
        );
        self.declare_before(&partial, statement, false);
        self.if_with(
            cond,
            candidates,
            node,
            |l| l.stmts(body),
            |l| match rest.split_first() {
                None => Ok(Flow::Continues),
                Some((first, more)) => match &first.test {
                    Some(t) => l.nested(first, |l| l.if_stmt(t, &first.body, more, first)),
                    None => l.stmts(&first.body),
                },
            },
        )
    }

    /// `py.if cond` whose branches `then` and `otherwise` lower into (each from the current
    /// variables); the variables among `candidates` that every branch going on defines are
    /// yielded, the others become undefined.
    fn if_with(
        &mut self,
        cond: Value,
        candidates: Vec<String>,
        node: &impl Ranged,
        then: impl FnOnce(&mut Self) -> LResult<Flow>,
        otherwise: impl FnOnce(&mut Self) -> LResult<Flow>,
    ) -> LResult<Flow> {
        let candidates = self.with_flags(candidates);
        let (then_region, then_block) = self.ctx.create_region_with_block(&[]);
        let (else_region, else_block) = self.ctx.create_region_with_block(&[]);
        let functions_before = self.local_functions.clone();
        let then = self.in_block(then_block, then)?;
        let mut redefined = self.functions_defined_since(&functions_before);
        let otherwise = self.in_block(else_block, otherwise)?;
        redefined.extend(self.functions_defined_since(&functions_before));
        self.forget_functions(
            redefined,
            "it is a function defined (or a name rebound) in only some branches of an `if`",
        );
        let branches = [(then_block, then), (else_block, otherwise)];
        let live: Vec<&Branch> = branches
            .iter()
            .filter(|(_, (_, f))| *f == Flow::Continues)
            .collect();
        let yielded: Vec<String> = candidates
            .iter()
            .filter(|n| !live.is_empty() && live.iter().all(|(_, (env, _))| env.contains_key(*n)))
            .cloned()
            .collect();
        for (block, (env, _)) in &live {
            let values: Vec<Value> = yielded.iter().map(|n| env[n]).collect();
            let yield_op = self
                .ctx
                .create_op(OperationState::new(&py::YIELD, self.file.loc(node)).operands(&values));
            self.ctx.append_op(*block, yield_op);
        }
        let loc = self.file.loc(node);
        let names = self.names_attr(&yielded);
        let op = self.emit_at(
            &py::IF,
            &[cond],
            yielded.len(),
            &names,
            vec![then_region, else_region],
            loc,
        );
        for (i, n) in yielded.iter().enumerate() {
            let r = self.ctx.result(op, i);
            self.env.insert(n.clone(), r);
            self.maybe_undefined.remove(n);
        }
        for n in candidates.iter().filter(|n| !yielded.contains(n)) {
            self.env.remove(n);
            self.maybe_undefined.insert(
                n.clone(),
                "it is assigned in only some branches of an `if` before this use",
            );
        }
        if live.is_empty() {
            let loc = self.file.loc(node);
            self.emit_at(&py::UNREACHABLE, &[], 0, &[], vec![], loc);
            return Ok(Flow::Terminated);
        }
        Ok(Flow::Continues)
    }

    /// Variables a loop body reassigns that exist before the loop: they become loop-carried.
    /// (With the hidden flags of those declared before the loop, see `undefined.rs`.)
    fn carried_by(&self, body: &[Stmt], exclude: &[String]) -> Vec<String> {
        let carried = assigned_names(body)
            .into_iter()
            .filter(|n| self.env.contains_key(n) && !exclude.contains(n))
            .collect();
        self.with_flags(carried)
    }

    /// After a loop: names assigned only inside it cannot be used afterwards.
    fn forget_loop_locals(&mut self, body: &[Stmt], carried: &[String], targets: &[String]) {
        for n in assigned_names(body)
            .into_iter()
            .chain(targets.iter().cloned())
        {
            if !carried.contains(&n) {
                self.env.remove(&n);
                let why = if targets.contains(&n) {
                    "it is the loop variable of a loop above; Blackbird does not keep its last value after the loop"
                } else {
                    "it is assigned only inside a loop above; assign it before the loop"
                };
                self.maybe_undefined.insert(n, why);
            }
        }
    }

    fn for_stmt(&mut self, f: &ast::StmtFor) -> LResult<Flow> {
        if f.is_async {
            return Err(self.file.error(f, "async for is not supported"));
        }
        let iterable = self.expr(&f.iter)?;
        let functions_before = self.local_functions.clone();
        let targets = target_names(&f.target);
        let mut assigned = assigned_names(&f.body);
        assigned.extend(targets.iter().cloned());
        self.declare_before(&assigned, f.range(), true);
        // The loop variables that have a value before the loop (those read after it have
        // one now) keep their last value after it, or the one before when it runs no
        // iteration: they are carried too.
        // (A comprehension's loop variables stay inside it.)
        let (kept, dropped): (Vec<String>, Vec<String>) = targets
            .iter()
            .cloned()
            .partition(|t| self.env.contains_key(t) && self.comprehensions == 0);
        let mut carried = self.carried_by(&f.body, &dropped);
        for t in kept {
            if !carried.contains(&t) {
                carried.push(t);
            }
        }
        let mut carried = self.with_flags(carried);
        let nobreak = self.start_loop_else(f, &f.orelse, &mut carried);
        let inits: Vec<Value> = carried.iter().map(|n| self.env[n]).collect();
        let (region, block) = self
            .ctx
            .create_region_with_block(&vec![self.object; 1 + carried.len()]);
        let args = self.ctx.block_args(block).to_vec();
        let mut env = self.env.clone();
        for (n, a) in carried.iter().zip(&args[1..]) {
            env.insert(n.clone(), *a);
        }
        let saved_block = std::mem::replace(&mut self.block, block);
        let saved_env = std::mem::replace(&mut self.env, env);
        let result = (|| -> LResult<Flow> {
            self.assign(&f.target, args[0])?;
            self.loops.push(LoopFrame {
                carried: carried.clone(),
                nobreak: nobreak.clone(),
                try_body: false,
                catches: self.in_try_region(),
                exit_flag: None,
            });
            let flow = self.stmts(&f.body);
            self.loops.pop();
            if flow? == Flow::Continues {
                let values: Vec<Value> = carried.iter().map(|n| self.env[n]).collect();
                let loc = self.file.location_of(f.end());
                self.emit_at(&py::YIELD, &values, 0, &[], vec![], loc);
            }
            Ok(Flow::Continues)
        })();
        self.block = saved_block;
        self.env = saved_env;
        result?;
        let mut operands = vec![iterable];
        operands.extend(inits);
        let loc = self.file.loc(f);
        let names = self.names_attr(&carried);
        let op = self.emit_at(
            &py::FOR,
            &operands,
            carried.len(),
            &names,
            vec![region],
            loc,
        );
        for (i, n) in carried.iter().enumerate() {
            let r = self.ctx.result(op, i);
            self.env.insert(n.clone(), r);
        }
        self.forget_loop_locals(&f.body, &carried, &targets);
        let defined = self.functions_defined_since(&functions_before);
        self.forget_functions(defined, "it is a function defined inside a loop above");
        self.loop_else(nobreak, &f.orelse, f)
    }

    fn while_stmt(&mut self, w: &ast::StmtWhile) -> LResult<Flow> {
        let functions_before = self.local_functions.clone();
        self.declare_before(&assigned_names(&w.body), w.range(), true);
        let mut carried = self.carried_by(&w.body, &[]);
        let nobreak = self.start_loop_else(w, &w.orelse, &mut carried);
        let inits: Vec<Value> = carried.iter().map(|n| self.env[n]).collect();
        let tys = vec![self.object; carried.len()];
        let (before_region, before) = self.ctx.create_region_with_block(&tys);
        let (after_region, after) = self.ctx.create_region_with_block(&tys);
        let outer_env = self.env.clone();
        let with_args = |ctx: &Context, block: BlockId| {
            let mut env = outer_env.clone();
            for (n, a) in carried.iter().zip(ctx.block_args(block)) {
                env.insert(n.clone(), *a);
            }
            env
        };
        let before_env = with_args(self.ctx, before);
        let after_env = with_args(self.ctx, after);
        let saved_block = std::mem::replace(&mut self.block, before);
        let saved_env = std::mem::replace(&mut self.env, before_env);
        let result = (|| -> LResult<()> {
            let cond = self.expr(&w.test)?;
            let mut operands = vec![cond];
            operands.extend(self.ctx.block_args(before).to_vec());
            let loc = self.file.loc(&*w.test);
            self.emit_at(&py::CONDITION, &operands, 0, &[], vec![], loc);
            self.block = after;
            self.env = after_env;
            self.loops.push(LoopFrame {
                carried: carried.clone(),
                nobreak: nobreak.clone(),
                try_body: false,
                catches: self.in_try_region(),
                exit_flag: None,
            });
            let flow = self.stmts(&w.body);
            self.loops.pop();
            if flow? == Flow::Continues {
                let values: Vec<Value> = carried.iter().map(|n| self.env[n]).collect();
                let loc = self.file.location_of(w.end());
                self.emit_at(&py::YIELD, &values, 0, &[], vec![], loc);
            }
            Ok(())
        })();
        self.block = saved_block;
        self.env = saved_env;
        result?;
        let loc = self.file.loc(w);
        let names = self.names_attr(&carried);
        let op = self.emit_at(
            &py::WHILE,
            &inits,
            carried.len(),
            &names,
            vec![before_region, after_region],
            loc,
        );
        for (i, n) in carried.iter().enumerate() {
            let r = self.ctx.result(op, i);
            self.env.insert(n.clone(), r);
        }
        self.forget_loop_locals(&w.body, &carried, &[]);
        let defined = self.functions_defined_since(&functions_before);
        self.forget_functions(defined, "it is a function defined inside a loop above");
        self.loop_else(nobreak, &w.orelse, w)
    }
}

fn binop_name(op: Operator) -> &'static str {
    match op {
        Operator::Add => "add",
        Operator::Sub => "sub",
        Operator::Mult => "mul",
        Operator::MatMult => "matmul",
        Operator::Div => "truediv",
        Operator::Mod => "mod",
        Operator::Pow => "pow",
        Operator::LShift => "lshift",
        Operator::RShift => "rshift",
        Operator::BitOr => "bitor",
        Operator::BitXor => "bitxor",
        Operator::BitAnd => "bitand",
        Operator::FloorDiv => "floordiv",
    }
}

fn cmp_name(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "eq",
        CmpOp::NotEq => "ne",
        CmpOp::Lt => "lt",
        CmpOp::LtE => "le",
        CmpOp::Gt => "gt",
        CmpOp::GtE => "ge",
        CmpOp::Is => "is",
        CmpOp::IsNot => "is_not",
        CmpOp::In => "in",
        CmpOp::NotIn => "not_in",
    }
}

/// Names bound by an assignment target.
fn target_names(t: &Expr) -> Vec<String> {
    match t {
        Expr::Name(n) => vec![n.id.to_string()],
        Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
            elts.iter().flat_map(target_names).collect()
        }
        _ => vec![],
    }
}

/// Variables assigned anywhere in `stmts` (not in nested functions), in first-assignment order.
fn assigned_names(stmts: &[Stmt]) -> Vec<String> {
    let mut out = vec![];
    let mut seen = HashSet::new();
    collect_assigned(stmts, &mut out, &mut seen);
    out
}

fn collect_assigned(stmts: &[Stmt], out: &mut Vec<String>, seen: &mut HashSet<String>) {
    fn add(names: Vec<String>, out: &mut Vec<String>, seen: &mut HashSet<String>) {
        for n in names {
            if seen.insert(n.clone()) {
                out.push(n);
            }
        }
    }
    for s in stmts {
        match s {
            Stmt::Assign(a) => {
                for t in &a.targets {
                    add(target_names(t), out, seen);
                }
            }
            Stmt::AnnAssign(a) => add(target_names(&a.target), out, seen),
            Stmt::AugAssign(a) => add(target_names(&a.target), out, seen),
            Stmt::For(f) => {
                add(target_names(&f.target), out, seen);
                collect_assigned(&f.body, out, seen);
            }
            Stmt::While(w) => collect_assigned(&w.body, out, seen),
            Stmt::If(i) => {
                collect_assigned(&i.body, out, seen);
                for c in &i.elif_else_clauses {
                    collect_assigned(&c.body, out, seen);
                }
            }
            Stmt::With(w) => collect_assigned(&w.body, out, seen),
            Stmt::Try(t) => {
                collect_assigned(&t.body, out, seen);
                for ast::ExceptHandler::ExceptHandler(h) in &t.handlers {
                    collect_assigned(&h.body, out, seen);
                }
                collect_assigned(&t.orelse, out, seen);
                collect_assigned(&t.finalbody, out, seen);
            }
            _ => {}
        }
    }
}

/// The builtin exception classes `raise` accepts in compiled code.
const RAISABLE: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "Exception",
    "FloatingPointError",
    "IndexError",
    "KeyError",
    "LookupError",
    "MemoryError",
    "NotImplementedError",
    "OverflowError",
    "RuntimeError",
    "TypeError",
    "ValueError",
    "ZeroDivisionError",
];

/// Is `w` a `while True:` (or `while 1:`) loop whose body has a `return` (or `raise`) and no `break` of
/// its own? Control then never reaches the statement after it.
fn leaves_only_by_return(w: &ast::StmtWhile) -> bool {
    let always = match &*w.test {
        Expr::BooleanLiteral(b) => b.value,
        Expr::NumberLiteral(n) => matches!(&n.value, Number::Int(i) if i.as_i64() != Some(0)),
        _ => false,
    };
    always && !exits_loop(&w.body, false) && returns_in(&w.body)
}

/// Does `body` end with a statement that leaves it (`return`, `raise`, `break`, `continue`)?
fn ends_by_leaving(body: &[Stmt]) -> bool {
    matches!(
        body.last(),
        Some(Stmt::Return(_) | Stmt::Raise(_) | Stmt::Break(_) | Stmt::Continue(_))
    )
}

/// Does a `break` (or, `with_continue`, a `continue`) of the loop around `body` occur in it:
/// in its branches, `with` and `try` parts and nested loops' `else` clauses, not in nested
/// loops' bodies?
fn exits_loop(body: &[Stmt], with_continue: bool) -> bool {
    let exits = |b: &[Stmt]| exits_loop(b, with_continue);
    body.iter().any(|s| match s {
        Stmt::Break(_) => true,
        Stmt::Continue(_) => with_continue,
        Stmt::If(i) => exits(&i.body) || i.elif_else_clauses.iter().any(|c| exits(&c.body)),
        Stmt::For(f) => exits(&f.orelse),
        Stmt::While(w) => exits(&w.orelse),
        Stmt::With(w) => exits(&w.body),
        Stmt::Try(t) => try_exits_loop(t, with_continue),
        _ => false,
    })
}

/// [`exits_loop`] of the parts of a `try` statement.
fn try_exits_loop(t: &ast::StmtTry, with_continue: bool) -> bool {
    [&t.body, &t.orelse, &t.finalbody]
        .into_iter()
        .any(|b| exits_loop(b, with_continue))
        || t.handlers
            .iter()
            .any(|ast::ExceptHandler::ExceptHandler(h)| exits_loop(&h.body, with_continue))
}

/// Does a `return` (or a `raise`, which also leaves the function) occur anywhere in `body`?
fn returns_in(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::Return(_) | Stmt::Raise(_) => true,
        Stmt::If(i) => {
            returns_in(&i.body) || i.elif_else_clauses.iter().any(|c| returns_in(&c.body))
        }
        Stmt::For(f) => returns_in(&f.body),
        Stmt::While(w) => returns_in(&w.body),
        Stmt::With(w) => returns_in(&w.body),
        _ => false,
    })
}
