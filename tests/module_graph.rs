//! The root crate's modules import one way: the graph of `crate::…` and `super::…` paths
//! between its top-level modules (`src/lib.rs` is the crate root, `src/x.rs` and `src/x/` are
//! module `x`) has no cycle, and the facade's layers (values ← calling ABI ← stage driver ←
//! callables) are only used downwards.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use syn::visit::Visit;

/// The crate root's node.
const ROOT: &str = "crate";

/// The workspace's crates the root re-exports (`pub use blackbird_runtime as runtime`).
const WORKSPACE_CRATES: &[&str] = &["dialects", "passes", "runtime"];

/// The facade's layers, lowest first: a module may use modules of its own layer or below.
const LAYERS: &[&[&str]] = &[
    &["error", "options", "values"],
    &["abi"],
    &["driver"],
    &["module"],
    &["callable"],
    &["gufunc", "kernel"],
    &["gpu_ufunc"],
    &["function"],
    &["dump"],
];

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's module path below the crate root: `src/driver/mod.rs` → `[driver]`,
/// `src/driver/stages.rs` → `[driver, stages]`, `src/lib.rs` → `[]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut path: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(path.last().map(String::as_str), Some("mod" | "lib")) {
        path.pop();
    }
    path
}

/// Every path a use tree names, as segments (a glob or a rename ends the path).
fn use_paths(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix.clone();
            path.push(n.ident.to_string());
            out.push(path);
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            path.push(r.ident.to_string());
            out.push(path);
        }
        syn::UseTree::Glob(_) => out.push(prefix.clone()),
        syn::UseTree::Group(g) => {
            for item in &g.items {
                use_paths(item, prefix, out);
            }
        }
    }
}

/// The paths a file uses, each with the module path (inline modules included) it is used in.
struct Paths {
    module: Vec<String>,
    found: Vec<(Vec<String>, Vec<String>)>,
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.module.push(m.ident.to_string());
        syn::visit::visit_item_mod(self, m);
        self.module.pop();
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let mut paths = vec![];
        use_paths(&u.tree, &mut vec![], &mut paths);
        for path in paths {
            self.found.push((self.module.clone(), path));
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let path = p.segments.iter().map(|s| s.ident.to_string()).collect();
        self.found.push((self.module.clone(), path));
        syn::visit::visit_path(self, p);
    }
}

/// The graph: for each edge (from, to) between top-level modules, the first use that makes it.
fn module_graph(src: &Path) -> BTreeMap<(String, String), String> {
    let mut files = vec![];
    rust_files(src, &mut files);
    // `src/bin` holds the CLI, a crate of its own.
    files.retain(|f| !f.starts_with(src.join("bin")));
    let parsed: Vec<(PathBuf, Vec<String>, syn::File)> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            (f.clone(), module_path(src, f), ast)
        })
        .collect();
    let top: BTreeSet<String> = parsed
        .iter()
        .filter_map(|(_, m, _)| m.first().cloned())
        .collect();
    // What the root re-exports (`pub use x::…::Name`), by name: the module defining it (`None`:
    // one of the workspace's crates, re-exported as `dialects`, `passes`, `runtime`).
    let root = &parsed.iter().find(|(_, m, _)| m.is_empty()).unwrap().2;
    let mut reexported: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut root_modules: BTreeSet<String> = BTreeSet::new();
    for item in &root.items {
        match item {
            syn::Item::Use(u) => {
                let mut paths = vec![];
                use_paths(&u.tree, &mut vec![], &mut paths);
                for path in paths {
                    let name = path.last().unwrap().clone();
                    if top.contains(&path[0]) {
                        reexported.insert(name, Some(path[0].clone()));
                    } else if WORKSPACE_CRATES.contains(&path[0].as_str()) {
                        reexported.insert(name, None);
                    }
                }
            }
            syn::Item::Mod(m) => {
                root_modules.insert(m.ident.to_string());
            }
            _ => {}
        }
    }
    // The top-level module a path from the crate root (`crate::<rest>`) reaches; `None` for
    // the re-exported crates of the workspace.
    let from_root = |rest: &[String]| -> Option<String> {
        let first = rest.first()?;
        if top.contains(first) {
            Some(first.clone())
        } else if let Some(m) = reexported.get(first) {
            m.clone()
        } else if root_modules.contains(first) || WORKSPACE_CRATES.contains(&first.as_str()) {
            None
        } else {
            Some(ROOT.to_string())
        }
    };
    let mut edges = BTreeMap::new();
    for (file, module, ast) in &parsed {
        let mut paths = Paths {
            module: module.clone(),
            found: vec![],
        };
        paths.visit_file(ast);
        let from = module.first().cloned().unwrap_or(ROOT.to_string());
        for (at, path) in paths.found {
            let to = match path.first().map(String::as_str) {
                Some("crate") => from_root(&path[1..]),
                Some("super") => {
                    let ups = path.iter().take_while(|s| *s == "super").count();
                    let base = &at[..at.len().saturating_sub(ups)];
                    match base.first() {
                        Some(m) => Some(m.clone()),
                        None => from_root(&path[ups..]),
                    }
                }
                // In the crate root, a path may start with a module's name.
                Some(first) if module.is_empty() && top.contains(first) => Some(first.to_string()),
                _ => None,
            };
            if let Some(to) = to.filter(|to| *to != from) {
                let site = format!("{}: {}", file.display(), path.join("::"));
                edges.entry((from.clone(), to)).or_insert(site);
            }
        }
    }
    edges
}

/// This crate's graph.
fn crate_graph() -> BTreeMap<(String, String), String> {
    module_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

/// Each import cycle of the graph: its modules and the uses that close it.
fn cycles(edges: &BTreeMap<(String, String), String>) -> Vec<String> {
    let mut graph = DiGraph::<String, ()>::new();
    let mut nodes: BTreeMap<String, NodeIndex> = BTreeMap::new();
    for (from, to) in edges.keys() {
        let [a, b] = [from, to].map(|name| {
            *nodes
                .entry(name.clone())
                .or_insert_with(|| graph.add_node(name.clone()))
        });
        graph.add_edge(a, b, ());
    }
    tarjan_scc(&graph)
        .into_iter()
        .filter(|scc| scc.len() > 1)
        .map(|scc| {
            let members: BTreeSet<&String> = scc.iter().map(|n| &graph[*n]).collect();
            let uses: Vec<String> = edges
                .iter()
                .filter(|((a, b), _)| members.contains(a) && members.contains(b))
                .map(|((a, b), site)| format!("  {a} → {b} ({site})"))
                .collect();
            format!(
                "import cycle among {}:\n{}",
                members.into_iter().cloned().collect::<Vec<_>>().join(", "),
                uses.join("\n")
            )
        })
        .collect()
}

#[test]
fn the_root_crates_modules_import_one_way() {
    let cycles = cycles(&crate_graph());
    assert!(cycles.is_empty(), "{}", cycles.join("\n"));
}

#[test]
fn the_facades_layers_are_used_downwards() {
    let layer = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
    let upward: Vec<String> = crate_graph()
        .into_iter()
        .filter(|((from, to), _)| matches!((layer(from), layer(to)), (Some(a), Some(b)) if b > a))
        .map(|((from, to), site)| format!("  {from} → {to} ({site})"))
        .collect();
    assert!(
        upward.is_empty(),
        "modules use layers above their own:\n{}",
        upward.join("\n")
    );
}

#[test]
fn cycles_through_crate_paths_re_exports_and_super_are_found_and_named() {
    let dir = std::env::temp_dir().join(format!("blackbird-module-graph-{}", std::process::id()));
    let files = [
        (
            "lib.rs",
            "mod a;\nmod b;\nmod c;\npub use blackbird_runtime as runtime;\n\
             pub use c::Gamma;\npub use runtime::Arg;\nfn helper() {}\n",
        ),
        // a → b by a `use` (a name of a workspace crate re-exported is no edge), b → c through
        // a re-export, c → a by `super::` from a nested module.
        ("a.rs", "use crate::b::Beta;\nuse crate::Arg;\n"),
        ("b/mod.rs", "mod inner;\nfn f() -> crate::Gamma { todo!() }\n"),
        ("b/inner.rs", "use super::f;\n"),
        ("c.rs", "pub struct Gamma;\nmod tests {\n    use super::Gamma;\n}\nfn g() { super::a::alpha() }\n"),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let edges = module_graph(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    let pairs: Vec<(&str, &str)> = edges
        .keys()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    // `super::` inside `b` and inside `c`'s inline module stays in its module.
    assert_eq!(pairs, [("a", "b"), ("b", "c"), ("c", "a"), ("crate", "c")]);
    let found = cycles(&edges);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("import cycle among a, b, c:\n  a → b ("),
        "{}",
        found[0]
    );
    assert!(found[0].contains("c → a ("), "{}", found[0]);
}
