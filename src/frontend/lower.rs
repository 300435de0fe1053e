//! Lowering of Python statements and expressions to the `py` dialect.

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

type LResult<T> = Result<T, Diagnostic>;

/// A module function's parameters, for checking calls and filling defaults.
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
}

pub fn lower_module(
    ctx: &mut Context,
    file: &SourceFile,
    module: &ast::ModModule,
) -> LResult<Program> {
    let mut scope = ModuleScope {
        names: ModuleNames::default(),
        functions: HashMap::new(),
        constants: HashMap::new(),
    };
    let mut defs = vec![];
    for stmt in &module.body {
        match stmt {
            Stmt::Import(i) => {
                for alias in &i.names {
                    let path = alias.name.as_str();
                    let local = alias
                        .asname
                        .as_ref()
                        .map_or(path.split('.').next().unwrap_or(path), |a| a.as_str());
                    let target = if alias.asname.is_some() { path } else { local };
                    scope
                        .names
                        .imports
                        .insert(local.to_string(), ModuleNames::canonical_module(target));
                }
            }
            Stmt::ImportFrom(i) => {
                let module = i.module.as_ref().map_or("", |m| m.as_str());
                for alias in &i.names {
                    let local = alias.asname.as_ref().unwrap_or(&alias.name).as_str();
                    let full =
                        ModuleNames::canonical_module(&format!("{module}.{}", alias.name.as_str()));
                    let full = if full.starts_with("numba.")
                        || full.starts_with("np.")
                        || full.starts_with("math.")
                    {
                        full
                    } else {
                        ModuleNames::canonical_module(&format!("{module}.{}", alias.name.as_str()))
                    };
                    scope.names.imports.insert(local.to_string(), full);
                }
            }
            Stmt::FunctionDef(f) => {
                if scope.functions.contains_key(f.name.as_str()) {
                    return Err(
                        file.error(&f.name, format!("function `{}` is defined twice", f.name))
                    );
                }
                scope
                    .functions
                    .insert(f.name.to_string(), params_of(file, f)?);
                defs.push(f);
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
    let (region, body) = ctx.create_region_with_block(&[]);
    let module_op = ctx.create_op(
        OperationState::new(&builtin::MODULE, Location::new(file.name, 1, 1)).region(region),
    );
    let mut functions = vec![];
    let mut unlowered = vec![];
    let names = defs.iter().map(|f| f.name.to_string()).collect();
    for f in defs {
        let decorator = function_decorator(ctx, file, &scope, f)?;
        match FunctionLowerer::lower(ctx, file, &scope, f, decorator.as_ref()) {
            Ok(op) => {
                ctx.append_op(body, op);
                functions.push(FunctionDecl {
                    name: f.name.to_string(),
                    op,
                    decorator,
                });
            }
            Err(error) => unlowered.push((f.name.to_string(), error)),
        }
    }
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

fn is_literal(e: &Expr) -> bool {
    match e {
        Expr::NumberLiteral(_) | Expr::BooleanLiteral(_) => true,
        Expr::UnaryOp(u) => matches!(u.op, UnaryOp::USub | UnaryOp::UAdd) && is_literal(&u.operand),
        _ => false,
    }
}

fn params_of(file: &SourceFile, f: &ast::StmtFunctionDef) -> LResult<Params> {
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
        if let Some(d) = &a.default {
            if !is_literal(d) && !matches!(**d, Expr::NoneLiteral(_)) {
                return Err(
                    file.error(&**d, "default values must be number, bool or None literals")
                );
            }
        }
        defaults.push(a.default.as_deref().cloned());
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
}

struct FunctionLowerer<'a> {
    ctx: &'a mut Context,
    file: &'a SourceFile<'a>,
    scope: &'a ModuleScope,
    env: HashMap<String, Value>,
    /// Names assigned on only some paths: using them is an error with this explanation.
    maybe_undefined: HashMap<String, &'static str>,
    block: BlockId,
    loops: Vec<LoopFrame>,
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
    ) -> LResult<OpId> {
        if f.is_async {
            return Err(file.error(f, "async functions are not supported"));
        }
        let params = &scope.functions[f.name.as_str()].names;
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
            env,
            maybe_undefined: HashMap::new(),
            block: entry,
            loops: vec![],
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
        let name_attr = l.ctx.str_attr(f.name.as_str());
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
        Ok(l.ctx.create_op(state))
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
            if self.stmt(s)? == Flow::Terminated {
                return Ok(Flow::Terminated);
            }
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
                let v = self.expr(&a.value)?;
                for t in &a.targets {
                    self.assign(t, v)?;
                }
            }
            Stmt::AnnAssign(a) => {
                let Some(value) = &a.value else {
                    return Err(file.error(a, "a variable annotation without a value is not supported"));
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
            Stmt::For(f) => self.for_stmt(f)?,
            Stmt::While(w) => {
                self.while_stmt(w)?;
                if leaves_only_by_return(w) {
                    // `while True:` without `break` ends only through its `return`s.
                    self.emit_at(&py::UNREACHABLE, &[], 0, &[], vec![], file.loc(w));
                    return Ok(Flow::Terminated);
                }
            }
            Stmt::Break(b) => {
                let values = self.carried_values(b, "break")?;
                self.emit_at(&py::BREAK, &values, 0, &[], vec![], file.loc(b));
                return Ok(Flow::Terminated);
            }
            Stmt::Continue(c) => {
                let values = self.carried_values(c, "continue")?;
                self.emit_at(&py::CONTINUE, &values, 0, &[], vec![], file.loc(c));
                return Ok(Flow::Terminated);
            }
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
            Stmt::FunctionDef(f) => return Err(file.error(f, "nested functions (closures) are not supported; define the function at module level")),
            Stmt::ClassDef(c) => return Err(file.error(c, "classes are not supported")),
            Stmt::Try(t) => return Err(file.error(t, "try/except is not supported in compiled code")),
            Stmt::Raise(r) => return Err(file.error(r, "raise is not supported yet in compiled code")),
            Stmt::Assert(a) => return Err(file.error(a, "assert is not supported yet in compiled code")),
            Stmt::Global(g) => return Err(file.error(g, "global variables cannot be rebound from compiled code").with_note("pass the value as an argument and return the new value")),
            Stmt::Nonlocal(n) => return Err(file.error(n, "nonlocal is not supported")),
            Stmt::Delete(d) => return Err(file.error(d, "del is not supported")),
            Stmt::Import(_) | Stmt::ImportFrom(_) => return Err(file.error(s, "imports inside compiled functions are not supported; import at module level")),
            Stmt::Match(m) => return Err(file.error(m, "match statements are not supported")),
            Stmt::TypeAlias(t) => return Err(file.error(t, "type aliases are not supported")),
            Stmt::IpyEscapeCommand(c) => return Err(file.error(c, "IPython escape commands are not Python")),
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
                self.env.insert(n.id.to_string(), v);
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

    /// Lower `stmts` into `block` starting from `env`; returns the branch's final env and flow.
    fn branch(
        &mut self,
        block: BlockId,
        env: HashMap<String, Value>,
        stmts: &[Stmt],
    ) -> LResult<(HashMap<String, Value>, Flow)> {
        let saved_block = std::mem::replace(&mut self.block, block);
        let saved_env = std::mem::replace(&mut self.env, env);
        let flow = self.stmts(stmts);
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
        let mut candidates = assigned_names(body);
        for clause in rest {
            for n in assigned_names(&clause.body) {
                if !candidates.contains(&n) {
                    candidates.push(n);
                }
            }
        }
        let (then_region, then_block) = self.ctx.create_region_with_block(&[]);
        let (else_region, else_block) = self.ctx.create_region_with_block(&[]);
        let then = self.branch(then_block, self.env.clone(), body)?;
        let otherwise = match rest.split_first() {
            None => (self.env.clone(), Flow::Continues),
            Some((first, more)) => {
                let saved_block = std::mem::replace(&mut self.block, else_block);
                let saved_env = self.env.clone();
                let result = match &first.test {
                    Some(t) => self.nested(first, |l| l.if_stmt(t, &first.body, more, first)),
                    None => self.stmts(&first.body),
                };
                self.block = saved_block;
                let env = std::mem::replace(&mut self.env, saved_env);
                (env, result?)
            }
        };
        let branches = [(then_block, then), (else_block, otherwise)];
        let live: Vec<&(BlockId, (HashMap<String, Value>, Flow))> = branches
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
    fn carried_by(&self, body: &[Stmt], exclude: &[String]) -> Vec<String> {
        assigned_names(body)
            .into_iter()
            .filter(|n| self.env.contains_key(n) && !exclude.contains(n))
            .collect()
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

    fn for_stmt(&mut self, f: &ast::StmtFor) -> LResult<()> {
        if f.is_async {
            return Err(self.file.error(f, "async for is not supported"));
        }
        if let Some(first) = f.orelse.first() {
            return Err(self.file.error(first, "`for ... else` is not supported"));
        }
        let iterable = self.expr(&f.iter)?;
        let targets = target_names(&f.target);
        let carried = self.carried_by(&f.body, &targets);
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
        Ok(())
    }

    fn while_stmt(&mut self, w: &ast::StmtWhile) -> LResult<()> {
        if let Some(first) = w.orelse.first() {
            return Err(self.file.error(first, "`while ... else` is not supported"));
        }
        let carried = self.carried_by(&w.body, &[]);
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
        Ok(())
    }

    // ----- expressions -----

    fn lookup(&mut self, n: &ast::ExprName) -> LResult<Value> {
        let name = n.id.as_str();
        if let Some(v) = self.env.get(name) {
            return Ok(*v);
        }
        if let Some(why) = self.maybe_undefined.get(name) {
            return Err(self.file.error(
                n,
                format!("variable `{name}` might be undefined here: {why}"),
            ));
        }
        if let Some(c) = self.scope.constants.get(name) {
            let c = c.clone();
            return self.expr(&c);
        }
        if self.scope.functions.contains_key(name) {
            return Err(self.file.error(
                n,
                format!("function `{name}` can only be called here, not used as a value"),
            ));
        }
        if let Some(q) = self.scope.names.imports.get(name) {
            let last = q.rsplit('.').next().unwrap_or(q);
            if q.starts_with("numba.") || q.starts_with("np.") {
                if let Some(t) = super::decorators::scalar_type(self.ctx, last) {
                    return Ok(self.constant(n, AttrKind::Type(t)));
                }
            }
        }
        if self.scope.names.imports.contains_key(name) || names::is_builtin(name) {
            return Err(self.file.error(
                n,
                format!("`{name}` can only be called or used with an attribute here"),
            ));
        }
        Err(self.file.error(n, format!("unknown name `{name}`")))
    }

    /// The canonical dotted name of an expression naming an imported thing (`np.sum`).
    fn qualified(&self, e: &Expr) -> Option<String> {
        let parts = dotted(e)?;
        if self.env.contains_key(parts[0]) {
            return None;
        }
        self.scope.names.resolve(&parts)
    }

    fn exprs(&mut self, es: &[Expr]) -> LResult<Vec<Value>> {
        es.iter().map(|e| self.expr(e)).collect()
    }

    fn expr(&mut self, e: &Expr) -> LResult<Value> {
        if self.expr_depth == MAX_EXPR_DEPTH {
            return Err(self.file.error(
                e,
                format!("expression nested too deeply (more than {MAX_EXPR_DEPTH} levels)"),
            ));
        }
        self.expr_depth += 1;
        let value = self.expr_node(e);
        self.expr_depth -= 1;
        value
    }

    /// `a + b + c + …` is a tree as deep as it is long, leaning left: its spine is lowered with
    /// a loop, so a long sum nests no deeper than its terms.
    fn binop_chain(&mut self, top: &ast::ExprBinOp) -> LResult<Value> {
        let mut spine = vec![top];
        let mut first = &*top.left;
        while let Expr::BinOp(b) = first {
            spine.push(b);
            first = &b.left;
        }
        let mut acc = self.expr(first)?;
        for b in spine.into_iter().rev() {
            let rhs = self.expr(&b.right)?;
            let op = self.str_attr(binop_name(b.op));
            acc = self.value(b, &py::BINOP, &[acc, rhs], &[("op", op)]);
        }
        Ok(acc)
    }

    fn expr_node(&mut self, e: &Expr) -> LResult<Value> {
        let file = self.file;
        Ok(match e {
            Expr::Name(n) => self.lookup(n)?,
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => {
                    let v = i
                        .as_i64()
                        .ok_or_else(|| file.error(e, "integer literal does not fit in int64"))?;
                    let i64t = self.ctx.i64();
                    self.constant(e, AttrKind::Int(v, i64t))
                }
                Number::Float(f) => self.float_constant(e, *f),
                // `2j` is `complex(0.0, 2.0)`.
                Number::Complex { real, imag } => {
                    let parts = [self.float_constant(e, *real), self.float_constant(e, *imag)];
                    let name = self.str_attr("complex");
                    self.value(e, &py::CALL_BUILTIN, &parts, &[("name", name)])
                }
            },
            Expr::BooleanLiteral(b) => self.constant(e, AttrKind::Bool(b.value)),
            Expr::NoneLiteral(_) => self.none(e),
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::FString(_)
            | Expr::TString(_) => {
                return Err(file.error(e, "strings are not supported in compiled code"))
            }
            Expr::BinOp(b) => self.binop_chain(b)?,
            Expr::UnaryOp(u) => {
                let x = self.expr(&u.operand)?;
                let name = match u.op {
                    UnaryOp::USub => "neg",
                    UnaryOp::UAdd => "pos",
                    UnaryOp::Not => "not",
                    UnaryOp::Invert => "invert",
                };
                let op = self.str_attr(name);
                self.value(e, &py::UNARYOP, &[x], &[("op", op)])
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::BoolOp(b) => self.bool_op(b)?,
            Expr::If(i) => {
                let cond = self.expr(&i.test)?;
                let body = self.yielding_region(&i.body)?;
                let orelse = self.yielding_region(&i.orelse)?;
                let loc = file.loc(e);
                let op = self.emit_at(&py::IF, &[cond], 1, &[], vec![body, orelse], loc);
                self.ctx.result(op, 0)
            }
            Expr::Tuple(t) => {
                let vs = self.exprs(&t.elts)?;
                self.value(e, &py::TUPLE, &vs, &[])
            }
            Expr::List(l) => {
                let vs = self.exprs(&l.elts)?;
                self.value(e, &py::LIST, &vs, &[])
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value)?;
                let mut operands = vec![obj];
                operands.extend(self.indices(&s.slice)?);
                self.value(e, &py::GETITEM, &operands, &[])
            }
            Expr::Attribute(a) => self.attribute(a)?,
            Expr::Call(c) => self.call(c)?,
            Expr::Slice(_) => {
                return Err(file.error(e, "a slice can only appear inside a subscript"))
            }
            Expr::Starred(_) => return Err(file.error(e, "starred expressions are not supported")),
            Expr::Lambda(_) => {
                return Err(file.error(
                    e,
                    "lambda is not supported; define a function at module level",
                ))
            }
            Expr::Dict(_) | Expr::DictComp(_) => {
                return Err(file.error(e, "dictionaries are not supported in compiled code"))
            }
            Expr::Set(_) | Expr::SetComp(_) => {
                return Err(file.error(e, "sets are not supported in compiled code"))
            }
            Expr::ListComp(_) => {
                return Err(file
                    .error(e, "list comprehensions are not supported yet")
                    .with_note("use a loop that fills an array made with np.empty"))
            }
            Expr::Generator(_) | Expr::Yield(_) | Expr::YieldFrom(_) => {
                return Err(file.error(e, "generators are not supported"))
            }
            Expr::Await(_) => return Err(file.error(e, "await is not supported")),
            Expr::Named(_) => {
                return Err(file.error(e, "assignment expressions (`:=`) are not supported"))
            }
            Expr::EllipsisLiteral(_) => {
                return Err(file.error(e, "`...` is not supported in compiled code"))
            }
            Expr::IpyEscapeCommand(_) => {
                return Err(file.error(e, "IPython escape commands are not Python"))
            }
        })
    }

    /// A region computing `e` and yielding it (for conditional expressions and short-circuits).
    fn yielding_region(&mut self, e: &Expr) -> LResult<crate::dialects::ir::RegionId> {
        let (region, block) = self.ctx.create_region_with_block(&[]);
        let saved = std::mem::replace(&mut self.block, block);
        let v = self.expr(e);
        if let Ok(v) = v {
            let loc = self.file.loc(e);
            self.emit_at(&py::YIELD, &[v], 0, &[], vec![], loc);
        }
        self.block = saved;
        v.map(|_| region)
    }

    fn region_yielding(&mut self, v: Value, loc: Location) -> crate::dialects::ir::RegionId {
        let (region, block) = self.ctx.create_region_with_block(&[]);
        let op = self
            .ctx
            .create_op(OperationState::new(&py::YIELD, loc).operands(&[v]));
        self.ctx.append_op(block, op);
        region
    }

    /// `a < b < c` is `a < b and b < c` with `b` evaluated once.
    fn compare(&mut self, c: &ast::ExprCompare) -> LResult<Value> {
        let mut lhs = self.expr(&c.left)?;
        let mut result: Option<Value> = None;
        let mut pending: Vec<(CmpOp, &Expr)> =
            c.ops.iter().copied().zip(c.comparators.iter()).collect();
        pending.reverse();
        // Evaluate left to right; each later comparison runs only when the previous was true.
        let (op, rhs_expr) = pending.pop().expect("a comparison has an operator");
        let rhs = self.expr(rhs_expr)?;
        let name = self.str_attr(cmp_name(op));
        let first = self.value(c, &py::COMPARE, &[lhs, rhs], &[("op", name)]);
        lhs = rhs;
        result.replace(first);
        while let Some((op, rhs_expr)) = pending.pop() {
            let prev = result.unwrap();
            let (region, block) = self.ctx.create_region_with_block(&[]);
            let saved = std::mem::replace(&mut self.block, block);
            let rhs = self.expr(rhs_expr);
            let rhs = match rhs {
                Ok(v) => v,
                Err(d) => {
                    self.block = saved;
                    return Err(d);
                }
            };
            let name = self.str_attr(cmp_name(op));
            let next = self.value(rhs_expr, &py::COMPARE, &[lhs, rhs], &[("op", name)]);
            let loc = self.file.loc(rhs_expr);
            self.emit_at(&py::YIELD, &[next], 0, &[], vec![], loc.clone());
            self.block = saved;
            let else_region = self.region_yielding(prev, loc.clone());
            let op = self.emit_at(&py::IF, &[prev], 1, &[], vec![region, else_region], loc);
            result = Some(self.ctx.result(op, 0));
            lhs = rhs;
        }
        Ok(result.unwrap())
    }

    /// `a and b` / `a or b`, short-circuiting and returning an operand as Python does.
    fn bool_op(&mut self, b: &ast::ExprBoolOp) -> LResult<Value> {
        let mut acc = self.expr(&b.values[0])?;
        for e in &b.values[1..] {
            let rest = self.yielding_region(e)?;
            let loc = self.file.loc(e);
            let keep = self.region_yielding(acc, loc.clone());
            let regions = match b.op {
                BoolOp::And => vec![rest, keep],
                BoolOp::Or => vec![keep, rest],
            };
            let op = self.emit_at(&py::IF, &[acc], 1, &[], regions, loc);
            acc = self.ctx.result(op, 0);
        }
        Ok(acc)
    }

    /// The operands of a subscript: one per index (`A[i, j]`), slices as `py.slice`,
    /// `None`/`np.newaxis` as none constants.
    fn indices(&mut self, slice: &Expr) -> LResult<Vec<Value>> {
        let parts: Vec<&Expr> = match slice {
            Expr::Tuple(t) => t.elts.iter().collect(),
            e => vec![e],
        };
        let mut out = vec![];
        for p in parts {
            out.push(match p {
                Expr::Slice(s) => {
                    let mut bound = |b: &Option<Box<Expr>>| -> LResult<Value> {
                        match b {
                            Some(e) => self.expr(e),
                            None => Ok(self.none(p)),
                        }
                    };
                    let lo = bound(&s.lower)?;
                    let hi = bound(&s.upper)?;
                    let step = bound(&s.step)?;
                    self.value(p, &py::SLICE, &[lo, hi, step], &[])
                }
                Expr::EllipsisLiteral(_) => {
                    return Err(self
                        .file
                        .error(p, "`...` in subscripts is not supported yet"))
                }
                e => self.expr(e)?,
            });
        }
        Ok(out)
    }

    fn attribute(&mut self, a: &ast::ExprAttribute) -> LResult<Value> {
        if let Some(q) = self.qualified(&Expr::Attribute(a.clone())) {
            let (module, name) = q.rsplit_once('.').unwrap_or(("", q.as_str()));
            let constants = match module {
                "math" => names::MATH_CONSTANTS,
                "np" => names::NUMPY_CONSTANTS,
                _ => &[],
            };
            if let Some((_, v)) = constants.iter().find(|(n, _)| *n == name) {
                return Ok(self.float_constant(a, *v));
            }
            if q == "np.newaxis" {
                return Ok(self.none(a));
            }
            // `cuda.threadIdx.x`: a special register of the running kernel.
            if let Some(reg) = q.strip_prefix("numba.cuda.") {
                if let Some((r, axis)) = reg.split_once('.') {
                    if names::CUDA_REGISTERS.contains(&r) && matches!(axis, "x" | "y" | "z") {
                        let name = self.str_attr(&format!("cuda.{reg}"));
                        return Ok(self.value(a, &py::CALL_BUILTIN, &[], &[("name", name)]));
                    }
                }
            }
            if module == "np" {
                if let Some(t) = super::decorators::scalar_type(self.ctx, name) {
                    return Ok(self.constant(a, AttrKind::Type(t)));
                }
            }
            return Err(self
                .file
                .error(a, format!("unsupported module attribute `{q}`")));
        }
        let obj = self.expr(&a.value)?;
        let attr = a.attr.as_str();
        if !names::ARRAY_ATTRIBUTES.contains(&attr) {
            return Err(self
                .file
                .error(&a.attr, format!("unsupported attribute `.{attr}`"))
                .with_note(format!(
                    "supported array attributes: {}",
                    names::ARRAY_ATTRIBUTES.join(", ")
                )));
        }
        let name = self.str_attr(attr);
        Ok(self.value(a, &py::GETATTR, &[obj], &[("name", name)]))
    }

    fn call(&mut self, c: &ast::ExprCall) -> LResult<Value> {
        let file = self.file;
        if c.arguments
            .args
            .iter()
            .any(|a| matches!(a, Expr::Starred(_)))
        {
            return Err(file.error(c, "star-args in calls are not supported"));
        }
        if c.arguments.keywords.iter().any(|k| k.arg.is_none()) {
            return Err(file.error(c, "`**kwargs` in calls are not supported"));
        }
        // A function of this module.
        if let Expr::Name(n) = &*c.func {
            let name = n.id.as_str();
            if !self.env.contains_key(name) && self.scope.functions.contains_key(name) {
                return self.module_call(c, name);
            }
        }
        // A builtin, math or NumPy function.
        let qualified = match &*c.func {
            Expr::Name(n)
                if !self.env.contains_key(n.id.as_str())
                    && !self.scope.names.imports.contains_key(n.id.as_str()) =>
            {
                let name = n.id.as_str();
                if !names::is_builtin(name) {
                    return Err(file.error(&*c.func, format!("unknown function `{name}`")));
                }
                Some(name.to_string())
            }
            f => self.qualified(f),
        };
        if let Some(q) = qualified {
            let q = match q.as_str() {
                "numba.prange" => "prange".to_string(),
                _ => q
                    .strip_prefix("numba.")
                    .filter(|r| r.starts_with("cuda."))
                    .map_or(q.clone(), str::to_string),
            };
            let Some(callable) = library::lookup(&q) else {
                return Err(names::unsupported_function(file, c, &q));
            };
            if q == "print" {
                return self.print_call(c);
            }
            names::check_arguments(file, c, callable, 0)?;
            return self.builtin_call(c, &q, None);
        }
        // A method of a value: `A.sum()`.
        if let Expr::Attribute(a) = &*c.func {
            let method = a.attr.as_str();
            let Some(callable) = library::lookup(&format!("ndarray.{method}")) else {
                return Err(file
                    .error(&a.attr, format!("unsupported method `.{method}()`"))
                    .with_note(format!(
                        "supported array methods: {}",
                        library::names_under("ndarray.").join(", ")
                    )));
            };
            names::check_arguments(file, c, callable, 1)?;
            let obj = self.expr(&a.value)?;
            return self.builtin_call(c, &format!("ndarray.{method}"), Some(obj));
        }
        Err(file.error(&*c.func, "only named functions can be called"))
    }

    fn builtin_call(
        &mut self,
        c: &ast::ExprCall,
        name: &str,
        receiver: Option<Value>,
    ) -> LResult<Value> {
        let mut operands: Vec<Value> = receiver.into_iter().collect();
        operands.extend(self.exprs(&c.arguments.args)?);
        let mut kw_names = vec![];
        for k in &c.arguments.keywords {
            let key = k.arg.as_ref().expect("checked by the caller");
            operands.push(self.expr(&k.value)?);
            kw_names.push(self.ctx.str_attr(key.as_str()));
        }
        let name_attr = self.str_attr(name);
        let mut attrs = vec![("name", name_attr)];
        if !kw_names.is_empty() {
            attrs.push(("kwargs", self.ctx.intern_attr(AttrKind::Array(kw_names))));
        }
        Ok(self.value(c, &py::CALL_BUILTIN, &operands, &attrs))
    }

    /// `print(x, "text", y, sep=" ", end="\n")`: the string literals, `sep` and `end` fold
    /// into a `format` attribute (`str.format` syntax) whose `{}` take the other arguments.
    fn print_call(&mut self, c: &ast::ExprCall) -> LResult<Value> {
        let file = self.file;
        let literal = |e: &Expr| match e {
            Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
            _ => None,
        };
        let escape = |text: &str| text.replace('{', "{{").replace('}', "}}");
        let (mut sep, mut end) = (" ".to_string(), "\n".to_string());
        for k in &c.arguments.keywords {
            let key = k.arg.as_ref().expect("checked by the caller").as_str();
            let slot = match key {
                "sep" => &mut sep,
                "end" => &mut end,
                _ => {
                    return Err(file
                        .error(k, format!("print() got an unsupported keyword argument `{key}`"))
                        .with_note("compiled code prints to standard output; `sep=` and `end=` take string literals"))
                }
            };
            *slot = literal(&k.value).ok_or_else(|| {
                file.error(&k.value, format!("`{key}=` must be a string literal"))
            })?;
        }
        let mut format = String::new();
        let mut operands = vec![];
        for (i, a) in c.arguments.args.iter().enumerate() {
            if i > 0 {
                format.push_str(&escape(&sep));
            }
            match literal(a) {
                Some(text) => format.push_str(&escape(&text)),
                None => {
                    operands.push(self.expr(a)?);
                    format.push_str("{}");
                }
            }
        }
        format.push_str(&escape(&end));
        let name = self.str_attr("print");
        let format = self.str_attr(&format);
        Ok(self.value(
            c,
            &py::CALL_BUILTIN,
            &operands,
            &[("name", name), ("format", format)],
        ))
    }

    fn module_call(&mut self, c: &ast::ExprCall, callee: &str) -> LResult<Value> {
        let file = self.file;
        let params = &self.scope.functions[callee];
        let n = params.names.len();
        let given = c.arguments.args.len();
        if given > n {
            return Err(file.error(
                c,
                format!("{callee}() takes {n} positional arguments but {given} were given"),
            ));
        }
        let mut slots: Vec<Option<&Expr>> = c.arguments.args.iter().map(Some).collect();
        slots.resize(n, None);
        for k in &c.arguments.keywords {
            let key = k.arg.as_ref().expect("checked by the caller").as_str();
            let Some(i) = params.names.iter().position(|p| p == key) else {
                return Err(file.error(
                    k,
                    format!("{callee}() got an unexpected keyword argument `{key}`"),
                ));
            };
            if slots[i].is_some() {
                return Err(file.error(
                    k,
                    format!("{callee}() got multiple values for argument `{key}`"),
                ));
            }
            slots[i] = Some(&k.value);
        }
        let mut args = vec![];
        for (i, slot) in slots.iter().enumerate() {
            let e = match (slot, &params.defaults[i]) {
                (Some(e), _) => (*e).clone(),
                (None, Some(d)) => d.clone(),
                (None, None) => {
                    return Err(file.error(
                        c,
                        format!("{callee}() missing required argument `{}`", params.names[i]),
                    ))
                }
            };
            args.push(self.expr(&e)?);
        }
        let callee_attr = self.ctx.intern_attr(AttrKind::Symbol(callee.to_string()));
        Ok(self.value(c, &py::CALL, &args, &[("callee", callee_attr)]))
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
            _ => {}
        }
    }
}

/// Is `w` a `while True:` (or `while 1:`) loop whose body has a `return` and no `break` of
/// its own? Control then never reaches the statement after it.
fn leaves_only_by_return(w: &ast::StmtWhile) -> bool {
    let always = match &*w.test {
        Expr::BooleanLiteral(b) => b.value,
        Expr::NumberLiteral(n) => matches!(&n.value, Number::Int(i) if i.as_i64() != Some(0)),
        _ => false,
    };
    always && !breaks_out(&w.body) && returns_in(&w.body)
}

/// Does a `break` of the enclosing loop occur in `body` (outside nested loops)?
fn breaks_out(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::Break(_) => true,
        Stmt::If(i) => {
            breaks_out(&i.body) || i.elif_else_clauses.iter().any(|c| breaks_out(&c.body))
        }
        Stmt::With(w) => breaks_out(&w.body),
        _ => false,
    })
}

/// Does a `return` occur anywhere in `body`?
fn returns_in(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::Return(_) => true,
        Stmt::If(i) => {
            returns_in(&i.body) || i.elif_else_clauses.iter().any(|c| returns_in(&c.body))
        }
        Stmt::For(f) => returns_in(&f.body),
        Stmt::While(w) => returns_in(&w.body),
        Stmt::With(w) => returns_in(&w.body),
        _ => false,
    })
}
