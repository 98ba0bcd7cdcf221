//! The README's output samples are real: the fenced block after each `<!-- sample: ARGS -->`
//! is what `translint ARGS` prints in `fixtures/readme/` (after ` | /json/pointer`, that part
//! of its JSON output, less the keys named `-key` after it). `TRANSLINT_BLESS=1 cargo test --test readme_samples` rewrites them.

use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const MARK: &str = "<!-- sample: ";

/// What the sample's command prints.
fn output(spec: &str) -> String {
    let (args, pointer) = match spec.split_once(" | ") {
        Some((args, pointer)) => (args, Some(pointer)),
        None => (spec, None),
    };
    let out = Command::new(env!("CARGO_BIN_EXE_translint"))
        .args(args.split_whitespace())
        .current_dir(Path::new(ROOT).join("fixtures/readme"))
        .env_remove("FORCE_COLOR")
        .env_remove("NO_COLOR")
        .output()
        .expect("translint runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    match pointer {
        None => stdout,
        Some(selection) => {
            let mut words = selection.split_whitespace();
            let pointer = words.next().expect("a JSON pointer");
            let value: serde_json::Value = serde_json::from_str(&stdout).expect("JSON output");
            let mut part = value
                .pointer(pointer)
                .expect("the pointer names a part")
                .clone();
            for key in words.filter_map(|w| w.strip_prefix('-')) {
                part.as_object_mut().expect("an object").remove(key);
            }
            serde_json::to_string_pretty(&part).unwrap() + "\n"
        }
    }
}

/// The README with every sample block holding its command's real output.
fn regenerated(readme: &str) -> String {
    let mut out = String::new();
    let mut rest = readme;
    while let Some(at) = rest.find(MARK) {
        let spec_end = at + rest[at..].find(" -->").expect("the marker is closed");
        let spec = &rest[at + MARK.len()..spec_end];
        let open = spec_end + rest[spec_end..].find("```").expect("a block follows");
        let body = open + rest[open..].find('\n').expect("the fence line ends") + 1;
        let close = body + rest[body..].find("```").expect("the block is closed");
        out.push_str(&rest[..body]);
        out.push_str(&output(spec));
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

#[test]
fn readme_samples_are_the_real_output() {
    let path = Path::new(ROOT).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    assert!(
        readme.matches(MARK).count() >= 5,
        "the README shows each output format"
    );
    let generated = regenerated(&readme);
    if std::env::var_os("TRANSLINT_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    assert!(
        readme == generated,
        "README.md's samples are out of date; TRANSLINT_BLESS=1 cargo test --test readme_samples"
    );
}
