//! The module map in `docs/ARCHITECTURE.md` is the truth: every library module has a row,
//! each module imports only what its row allows (`crate::…` paths in its files, tests
//! included), no module reaches up to the crate root's re-exports, and the allowed imports
//! form no cycle. A new import that breaks the layering fails here, naming file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The library's modules, from the `pub mod` / `mod` lines of `src/lib.rs`.
fn library_modules() -> Vec<String> {
    let lib = std::fs::read_to_string(Path::new(ROOT).join("src/lib.rs")).unwrap();
    lib.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub(crate) ").or_else(|| l.strip_prefix("pub ")).unwrap_or(l);
            let name = l.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(name.trim().to_string())
        })
        .collect()
}

/// The `.rs` files of module `m`: `src/m.rs` and everything under `src/m/`.
fn module_files(m: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let file = Path::new(ROOT).join("src").join(format!("{m}.rs"));
    if file.is_file() {
        files.push(file);
    }
    let mut dirs = vec![Path::new(ROOT).join("src").join(m)];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// The first path segment of every `crate::` path in `code` (comments skipped), with the
/// 1-based line: `crate::parse::Report` → `parse`, `crate::{check, input::Document}` →
/// `check`, `input`.
fn crate_paths(code: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let line = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            // `fazhi_lint_crate::` or `other_crate::` is not this crate.
            let before = rest[..i].chars().next_back();
            rest = &rest[i + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                // Top-level names of a (possibly nested, possibly multi-line) group.
                let start = code.lines().take(n).map(|l| l.len() + 1).sum::<usize>() + (line.len() - group.len());
                let mut depth = 0;
                let mut name = String::new();
                let mut at_name = true;
                for c in code[start..].chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => at_name = true,
                        c if at_name && (c.is_alphanumeric() || c == '_') => name.push(c),
                        _ if at_name && !name.is_empty() => {
                            out.push((std::mem::take(&mut name), n + 1));
                            at_name = false;
                        }
                        _ => {}
                    }
                }
                if !name.is_empty() {
                    out.push((name, n + 1));
                }
            } else {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    out.push((name, n + 1));
                }
            }
        }
    }
    out
}

/// The module table of `docs/ARCHITECTURE.md`: module → the modules it may import.
/// A row's first cell names `src/m/` or `src/m.rs`; its last cell lists allowed modules
/// in backticks (or says "nothing").
fn allowed_imports() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/ARCHITECTURE.md")).unwrap();
    let mut map = BTreeMap::new();
    for line in doc.lines().filter(|l| l.starts_with("| `src/")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let first = cells[0];
        let Some(path) = first.strip_prefix("`src/").and_then(|s| s.split('`').next()) else { continue };
        let module = path.trim_end_matches('/').trim_end_matches(".rs").to_string();
        let last = cells.last().copied().unwrap_or_default();
        let allowed: BTreeSet<String> = last.split('`').skip(1).step_by(2).map(str::to_string).collect();
        map.insert(module, allowed);
    }
    map
}

#[test]
fn every_library_module_imports_only_what_the_architecture_allows() {
    let modules = library_modules();
    assert!(modules.len() >= 10, "src/lib.rs declares {} modules", modules.len());
    let allowed = allowed_imports();
    let mut problems = Vec::new();
    for m in &modules {
        let Some(may) = allowed.get(m) else {
            problems.push(format!("module `{m}` has no row in docs/ARCHITECTURE.md's module table"));
            continue;
        };
        for f in module_files(m) {
            let code = std::fs::read_to_string(&f).unwrap();
            for (name, line) in crate_paths(&code) {
                let shown = f.strip_prefix(ROOT).unwrap_or(&f).display();
                if name == *m || name == "self" {
                    continue;
                }
                if !modules.contains(&name) {
                    problems.push(format!(
                        "{shown}:{line}: `crate::{name}` reaches up to the crate root; use the module path"
                    ));
                } else if !may.contains(&name) {
                    problems.push(format!(
                        "{shown}:{line}: `{m}` imports `{name}`, which docs/ARCHITECTURE.md does not allow"
                    ));
                }
            }
        }
    }
    for m in allowed.keys() {
        if !modules.contains(m) && m != "cli" && m != "main" {
            problems.push(format!("docs/ARCHITECTURE.md names `src/{m}`, which src/lib.rs does not declare"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_allowed_imports_form_no_cycle() {
    let allowed = allowed_imports();
    // Depth-first search for a back edge; the path so far names the cycle.
    fn visit(
        m: &str,
        allowed: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut cycle = path[i..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for next in allowed.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, allowed, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in allowed.keys() {
        if let Some(cycle) = visit(m, &allowed, &mut Vec::new(), &mut done) {
            panic!("docs/ARCHITECTURE.md allows an import cycle: {}", cycle.join(" → "));
        }
    }
    assert!(allowed.len() >= 10, "the module table has {} rows", allowed.len());
}

#[test]
fn the_path_scanner_sees_groups_and_skips_comments() {
    let code = "use crate::parse::Report;\n// crate::audit in a comment\nuse crate::{\n    check::{a, b},\n    input::Document,\n};\nlet x = other_crate::y;\n";
    let names: Vec<String> = crate_paths(code).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["parse", "check", "input"]);
}
