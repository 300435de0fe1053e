//! What the on-disk cache trusts: entries in a directory or files that others own or can
//! write, tampered libraries and descriptions, and entries without the right key are ignored
//! with a warning and compiled again (giving the right result); shared mode with a key loads.
//! Also: shipped compiled code loads only when verified and trusted.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use blackbird::runtime::disk_cache::shipped::{Refusal, ShippedCode, ShippedTrust};
use blackbird::runtime::disk_cache::{CacheKey, DiskCache, Policy};
use blackbird::runtime::{Arg, Returned, Scalar};
use blackbird::Module;

const PROGRAM: &str = r#"from numba import njit


@njit(cache=True)
def norm_plus(a, i):
    s = 0.0
    for k in range(a.shape[0]):
        s += a[k] * a[k]
    return s ** 0.5 + a[i]
"#;

/// What `norm_plus(a.npy, 2)` prints.
fn expected() -> String {
    format!("{:?}", 85f64.sqrt() + 4.0)
}

/// A fresh directory for one test: the program, its argument, the cache in `cache/`.
fn workspace(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "blackbird-cache-trust-{}-{test}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("cached.py"), PROGRAM).unwrap();
    let a = ndarray::Array1::from_vec(vec![1.0f64, 2.0, 4.0, 8.0]);
    ndarray_npy::write_npy(dir.join("a.npy"), &a).unwrap();
    dir
}

fn blackbird(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_blackbird"));
    command
        .args(args)
        .current_dir(dir)
        .env("BLACKBIRD_CACHE_DIR", dir.join("cache"))
        .env_remove("BLACKBIRD_CACHE_SHARED")
        .env_remove("BLACKBIRD_CACHE_KEY");
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("the blackbird binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A fresh process's `bench`: whether it loaded the code from the cache, and its stderr.
fn bench(dir: &Path, env: &[(&str, &str)]) -> (bool, String) {
    let out = blackbird(
        dir,
        &[
            "bench",
            "cached.py",
            "-f",
            "norm_plus",
            "a.npy",
            "2",
            "--json",
            "--repeat",
            "1",
        ],
        env,
    );
    let json = String::from_utf8_lossy(&out.stdout);
    let loaded = json.contains("\"from_disk_cache\": true");
    (loaded, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A fresh process's `run`: what it printed on stdout and on stderr.
fn run(dir: &Path, env: &[(&str, &str)]) -> (String, String) {
    let out = blackbird(
        dir,
        &["run", "cached.py", "-f", "norm_plus", "a.npy", "2"],
        env,
    );
    let text = |b: &[u8]| String::from_utf8_lossy(b).trim().to_string();
    (text(&out.stdout), text(&out.stderr))
}

#[path = "support/cache_files.rs"]
mod cache_files;
use cache_files::cache_files;

/// The one file ending in `.extension`.
fn cache_file(dir: &Path, extension: &str) -> PathBuf {
    let files = cache_files(dir, extension);
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

/// Whether the tests run as root (the owner of the files they create).
fn running_as_root() -> bool {
    let probe = std::env::temp_dir().join(format!("blackbird-uid-{}", std::process::id()));
    std::fs::write(&probe, "").unwrap();
    let uid = std::fs::metadata(&probe).unwrap().uid();
    let _ = std::fs::remove_file(&probe);
    uid == 0
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A workspace whose cache holds the entry (stored by a first process, which compiled).
fn warmed(test: &str, env: &[(&str, &str)]) -> PathBuf {
    let dir = workspace(test);
    let (loaded, stderr) = bench(&dir, env);
    assert!(!loaded);
    assert_eq!(stderr, "");
    dir
}

/// A fresh process ignores the entry with a warning containing each of `says` (given once),
/// compiles and prints the right result.
fn ignored_with_warning(dir: &Path, env: &[(&str, &str)], says: &[&str]) {
    let (stdout, stderr) = run(dir, env);
    assert_eq!(stdout, expected());
    for text in says {
        assert!(stderr.contains(text), "{text:?} not in: {stderr}");
    }
    assert_eq!(stderr.matches("blackbird: warning:").count(), 1, "{stderr}");
}

#[test]
fn the_warm_path_loads_silently_from_private_files() {
    let dir = warmed("warm", &[]);
    let (loaded, stderr) = bench(&dir, &[]);
    assert!(loaded);
    assert_eq!(stderr, "");
    assert_eq!(run(&dir, &[]), (expected(), String::new()));
    // Created for this user only, whatever the umask.
    assert_eq!(mode(&dir.join("cache")), 0o700);
    assert_eq!(mode(&cache_file(&dir, "entry")), 0o600);
    assert_eq!(mode(&cache_file(&dir, "so")), 0o600);
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_world_writable_directory_is_neither_loaded_from_nor_written() {
    let dir = warmed("world-writable", &[]);
    let cache = dir.join("cache");
    set_mode(&cache, 0o777);
    assert!(!bench(&dir, &[]).0);
    ignored_with_warning(
        &dir,
        &[],
        &[
            &format!("warning: not using the cache directory {}", cache.display()),
            "writable by its group or by others (mode 0777)",
            "not storing compiled code there",
            "BLACKBIRD_CACHE_SHARED=1",
        ],
    );
    // Nothing is stored in such a directory: emptied, it stays empty.
    for file in std::fs::read_dir(&cache).unwrap() {
        std::fs::remove_file(file.unwrap().path()).unwrap();
    }
    let (stdout, stderr) = run(&dir, &[]);
    assert_eq!(stdout, expected());
    assert!(stderr.contains("not storing"), "{stderr}");
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 0);
    // The sticky bit of /tmp-like directories does not make them private.
    set_mode(&cache, 0o1777);
    let (_, stderr) = run(&dir, &[]);
    assert!(stderr.contains("(mode 1777)"), "{stderr}");
}

#[test]
fn entries_owned_by_another_user_are_ignored() {
    if !running_as_root() {
        println!("skipped: changing a file's owner needs root");
        return;
    }
    let dir = warmed("other-owner", &[]);
    for extension in ["entry", "so"] {
        let file = cache_file(&dir, extension);
        std::os::unix::fs::chown(&file, Some(65534), Some(65534)).unwrap();
        ignored_with_warning(
            &dir,
            &[],
            &[
                &format!(
                    "warning: ignoring the cache entry {}",
                    dir.join("cache").display()
                ),
                "it is owned by uid 65534, not by you (uid 0) or root",
                "compiling it again",
            ],
        );
        // The rebuilt entry replaced it (the directory is ours) and loads.
        assert_eq!(std::fs::metadata(&file).unwrap().uid(), 0);
        assert!(bench(&dir, &[]).0);
    }
}

#[test]
fn group_writable_entries_are_ignored() {
    let dir = warmed("group-writable", &[]);
    set_mode(&cache_file(&dir, "entry"), 0o620);
    ignored_with_warning(
        &dir,
        &[],
        &["writable by its group or by others (mode 0620)"],
    );
    set_mode(&cache_file(&dir, "so"), 0o602);
    ignored_with_warning(&dir, &[], &["(mode 0602)"]);
    assert_eq!(bench(&dir, &[]), (true, String::new()));
}

#[test]
fn symbolic_links_and_fifos_planted_as_entries_are_not_followed() {
    let dir = warmed("symlink", &[]);
    let entry = cache_file(&dir, "entry");
    let elsewhere = dir.join("planted.entry");
    std::fs::rename(&entry, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &entry).unwrap();
    ignored_with_warning(&dir, &[], &["it is a symbolic link"]);
    assert!(bench(&dir, &[]).0);
    // Nor is a FIFO waited on.
    let library = cache_file(&dir, "so");
    std::fs::remove_file(&library).unwrap();
    let made = Command::new("mkfifo").arg(&library).status().unwrap();
    assert!(made.success());
    ignored_with_warning(&dir, &[], &["it is not a regular file"]);
}

#[test]
fn a_tampered_library_is_ignored() {
    let dir = warmed("tampered-library", &[]);
    let library = cache_file(&dir, "so");
    let mut bytes = std::fs::read(&library).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&library, bytes).unwrap();
    ignored_with_warning(
        &dir,
        &[],
        &["its library does not match the SHA-256 its description records"],
    );
    assert!(bench(&dir, &[]).0);
}

#[test]
fn a_tampered_description_is_ignored() {
    let dir = warmed("tampered-entry", &[]);
    let entry = cache_file(&dir, "entry");
    let text = std::fs::read_to_string(&entry).unwrap();
    // Loaded, the float result would be read as an integer.
    let edited = text.replace("result\tscalar\tf64", "result\tscalar\ti64");
    assert_ne!(edited, text);
    std::fs::write(&entry, edited).unwrap();
    ignored_with_warning(
        &dir,
        &[],
        &["its description does not match its seal (edited or corrupted)"],
    );
    assert!(bench(&dir, &[]).0);
}

#[test]
fn with_a_key_entries_need_its_mac() {
    let key = [("BLACKBIRD_CACHE_KEY", "correct horse battery staple")];
    let wrong = [("BLACKBIRD_CACHE_KEY", "a guess")];
    // Stored without a key, an entry does not load once a key is required.
    let dir = warmed("keys", &[]);
    ignored_with_warning(
        &dir,
        &key,
        &["it has no MAC, and BLACKBIRD_CACHE_KEY requires one"],
    );
    // Rebuilt with the key, it loads with the key only.
    assert_eq!(bench(&dir, &key), (true, String::new()));
    ignored_with_warning(
        &dir,
        &wrong,
        &["its MAC does not match BLACKBIRD_CACHE_KEY"],
    );
    assert_eq!(bench(&dir, &wrong), (true, String::new()));
}

#[test]
fn a_shared_directory_with_a_key_loads_entries_sealed_under_it() {
    let key = "correct horse battery staple";
    let shared = [
        ("BLACKBIRD_CACHE_SHARED", "1"),
        ("BLACKBIRD_CACHE_KEY", key),
    ];
    let dir = warmed("shared", &shared);
    let cache = dir.join("cache");
    // Created readable by others.
    assert_eq!(mode(&cache), 0o755);
    assert_eq!(mode(&cache_file(&dir, "entry")), 0o644);
    assert_eq!(mode(&cache_file(&dir, "so")), 0o644);
    // Group- and world-writable, and owned by others: shared mode accepts it.
    set_mode(&cache, 0o1777);
    set_mode(&cache_file(&dir, "entry"), 0o664);
    if running_as_root() {
        std::os::unix::fs::chown(cache_file(&dir, "so"), Some(65534), None).unwrap();
    }
    assert_eq!(bench(&dir, &shared), (true, String::new()));
    assert_eq!(run(&dir, &shared), (expected(), String::new()));
    // Without a key, shared mode trusts every entry that is intact.
    let keyless = [("BLACKBIRD_CACHE_SHARED", "1")];
    assert_eq!(bench(&dir, &keyless), (true, String::new()));
    // With another key, nothing loads; the default policy refuses the directory.
    let other = [
        ("BLACKBIRD_CACHE_SHARED", "1"),
        ("BLACKBIRD_CACHE_KEY", "another key"),
    ];
    ignored_with_warning(
        &dir,
        &other,
        &["its MAC does not match BLACKBIRD_CACHE_KEY"],
    );
    ignored_with_warning(&dir, &[], &["not using the cache directory"]);
}

/// A cache holding `f(x, y) = x * y + 1.0` for two floats, and the entry's key.
fn shippable(test: &str) -> (DiskCache, CacheKey) {
    let dir = workspace(test).join("cache");
    let source = "def f(x, y):\n    return x * y + 1.0\n";
    let module = Module::from_source(source, "f.py").unwrap();
    let f = module
        .function_with("f", |o| {
            o.cache = true;
            o.cache_dir = Some(dir.clone());
        })
        .unwrap();
    f.call(&mut [Arg::Float(2.0), Arg::Float(3.0)]).unwrap();
    let entry = cache_file(dir.parent().unwrap(), "entry");
    let stem = entry.file_stem().unwrap().to_str().unwrap();
    (
        DiskCache::at(&dir).with_policy(Policy::default()),
        CacheKey::parse(stem).unwrap(),
    )
}

fn calls_to_seven(code: &ShippedCode, trust: &ShippedTrust) -> Result<(), Refusal> {
    let cached = code.verify_and_load(trust)?;
    let values = cached
        .entry
        .call(&mut [Arg::Float(2.0), Arg::Float(3.0)])
        .unwrap();
    assert!(matches!(values.as_slice(), [Returned::Scalar(Scalar::Float(r))] if *r == 7.0));
    Ok(())
}

#[test]
fn shipped_code_loads_only_when_intact_and_trusted() {
    let (cache, key) = shippable("shipped");
    let secret = b"shared secret".to_vec();
    let code = ShippedCode::from_cache(&cache, &key, Some(&secret)).expect("the entry reads");
    let untrusting = ShippedTrust::default();
    let opted_in = ShippedTrust {
        opted_in: true,
        key: None,
    };
    let keyed = |key: &[u8]| ShippedTrust {
        opted_in: false,
        key: Some(key.to_vec()),
    };
    assert_eq!(calls_to_seven(&code, &untrusting), Err(Refusal::NotTrusted));
    assert_eq!(calls_to_seven(&code, &opted_in), Ok(()));
    assert_eq!(calls_to_seven(&code, &keyed(&secret)), Ok(()));
    assert_eq!(calls_to_seven(&code, &keyed(b"guess")), Err(Refusal::Mac));
    // Without a MAC, a key alone does not trust it.
    let unsigned = ShippedCode::from_cache(&cache, &key, None).unwrap();
    assert_eq!(
        calls_to_seven(&unsigned, &keyed(&secret)),
        Err(Refusal::NotTrusted)
    );
    // Any changed byte, whoever trusts it, is refused.
    let mut library = code.clone();
    let middle = library.library.len() / 2;
    library.library[middle] ^= 1;
    assert_eq!(calls_to_seven(&library, &opted_in), Err(Refusal::Digest));
    let mut description = code.clone();
    description.description = description.description.replace("f64", "i64");
    assert_eq!(
        calls_to_seven(&description, &opted_in),
        Err(Refusal::Digest)
    );
    // Packed again by whoever changed it, the MAC still tells, and the library's digest in
    // the description does not match.
    let repacked = |c: &ShippedCode, key: Option<&[u8]>| {
        ShippedCode::new(
            c.target.clone(),
            c.description.clone(),
            c.library.clone(),
            key,
        )
    };
    let forged = repacked(&library, Some(b"a guess"));
    assert_eq!(calls_to_seven(&forged, &keyed(&secret)), Err(Refusal::Mac));
    assert_eq!(calls_to_seven(&forged, &opted_in), Err(Refusal::Digest));
    // Code for another CPU is refused, trusted or not.
    let mut elsewhere = code.clone();
    elsewhere.target.push_str(" avx512");
    assert_eq!(calls_to_seven(&elsewhere, &opted_in), Err(Refusal::Digest));
    let elsewhere = repacked(&elsewhere, Some(&secret));
    assert_eq!(
        calls_to_seven(&elsewhere, &keyed(&secret)),
        Err(Refusal::Target)
    );
}
