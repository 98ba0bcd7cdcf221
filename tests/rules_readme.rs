//! `rules/README.md` is generated from the registry (`translint rules --markdown`); this test
//! fails when the two drift apart. `TRANSLINT_BLESS=1 cargo test --test rules_readme` rewrites it.

use std::path::Path;
use std::process::Command;

#[test]
fn rules_readme_is_up_to_date() {
    let out = Command::new(env!("CARGO_BIN_EXE_translint"))
        .args(["rules", "--markdown", "--no-config"])
        .output()
        .expect("translint runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let generated = String::from_utf8(out.stdout).expect("UTF-8 output");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/README.md");
    if std::env::var_os("TRANSLINT_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("rules/README.md is writable");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "rules/README.md is out of date; regenerate it with\n  \
         TRANSLINT_BLESS=1 cargo test --test rules_readme\n\
         or\n  cargo run -- rules --markdown --no-config > rules/README.md"
    );
}

#[test]
fn rules_readme_lists_every_rule_with_examples() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/README.md"))
            .expect("rules/README.md exists");
    let out = Command::new(env!("CARGO_BIN_EXE_translint"))
        .args(["rules", "--no-config"])
        .output()
        .expect("translint runs");
    let list = String::from_utf8(out.stdout).expect("UTF-8 output");
    let mut count = 0;
    // After the header line.
    for id in list
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
    {
        count += 1;
        let section = readme
            .split("\n## ")
            .find(|s| s.starts_with(&format!("{id}\n")))
            .unwrap_or_else(|| panic!("no section for {id}"));
        assert!(
            section.contains("Flags:") && section.contains("Leaves alone:"),
            "{id}"
        );
    }
    assert!(count > 10, "the registry lists {count} rules");
}
