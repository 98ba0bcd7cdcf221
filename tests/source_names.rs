//! Names read against their source, through the binary: an aligned pair `STEM.en` beside
//! `STEM.zh|ja|ko`, the `names/source-*` findings, and labels into the source file.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_translint");

/// The `names/source-*` findings of a folder: (rule, flagged text, message, label paths).
fn findings(dir: &Path) -> Vec<(String, String, String, Vec<String>)> {
    let out = Command::new(BIN)
        .args(["check", "--no-config", "--format", "json", "."])
        .current_dir(dir)
        .output()
        .expect("translint runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("names/source"))
        .map(|d| {
            let path = dir.join(d["path"].as_str().unwrap());
            let text = std::fs::read_to_string(path).unwrap();
            let range = d["byte_start"].as_u64().unwrap() as usize
                ..d["byte_end"].as_u64().unwrap() as usize;
            let labels = d["labels"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .map(|l| l["path"].as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            (
                d["rule"].as_str().unwrap().to_string(),
                text[range].to_string(),
                d["message"].as_str().unwrap().to_string(),
                labels,
            )
        })
        .collect()
}

fn pair(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_misread_chinese_name_is_flagged_with_a_label_on_the_source_characters() {
    let dir = pair(&[
        (
            "a.zh",
            "鄂竟平提出，要加大洪水排泄力度。\n经济日报记者 林火灿\n",
        ),
        (
            "a.en",
            "Huo Jingping said flood discharge should be increased.\nEconomic Daily reporter Lin Huocan\n",
        ),
    ]);
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    let (rule, text, message, labels) = &found[0];
    assert_eq!(
        (rule.as_str(), text.as_str()),
        ("names/source-reading", "Huo Jingping")
    );
    assert!(message.contains("鄂竟平"), "{message}");
    assert_eq!(labels, &["a.zh"]);
}

#[test]
fn an_origin_marked_early_in_a_document_holds_later() {
    let dir = pair(&[
        ("b.zh", "台积电创始人张忠谋表示。\n张忠谋曾找英特尔投资。\n"),
        (
            "b.en",
            "TSMC founder Morris Chang said so.\nZhang Zhongmou once asked Intel to invest.\n",
        ),
    ]);
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "names/source-system");
    assert_eq!(found[0].1, "Zhang Zhongmou");
}

#[test]
fn one_source_name_two_spellings_across_files() {
    let dir = pair(&[
        ("c.ko", "문재인 대통령은 말했다.\n문재인 대통령은 웃었다.\n"),
        (
            "c.en",
            "President Moon Jae-in said.\nPresident Moon Jae-in laughed.\n",
        ),
        ("d.ko", "문재인 대통령은 떠났다.\n"),
        ("d.en", "President Mun Jae-in left.\n"),
    ]);
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    let (rule, text, _, labels) = &found[0];
    assert_eq!(
        (rule.as_str(), text.as_str()),
        ("names/source-inconsistent", "Mun Jae-in")
    );
    assert!(labels.contains(&"c.en".to_string()), "{labels:?}");
}

#[test]
fn a_two_kanji_name_read_two_ways_is_one_name_within_a_document_only() {
    let dir = pair(&[
        (
            "g.ja",
            "外崎が打った。\n外崎が走った。\n外崎が笑った。\n菅野が投げた。\n",
        ),
        (
            "g.en",
            "Tonosaki hit.\nTonosaki ran.\nTozaki laughed.\nSugano threw.\n",
        ),
        // Another document's 菅野 may be another person, read Kanno.
        ("h.ja", "菅野が歌った。\n"),
        ("h.en", "Kanno sang.\n"),
    ]);
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    let (rule, text, message, labels) = &found[0];
    assert_eq!(
        (rule.as_str(), text.as_str()),
        ("names/source-inconsistent", "Tozaki")
    );
    assert!(message.contains("外崎"), "{message}");
    assert!(labels.contains(&"g.ja".to_string()), "{labels:?}");
}

#[test]
fn monolingual_text_and_correct_names_raise_nothing() {
    let dir = pair(&[
        ("e.zh", "鄂竟平提出，要加大洪水排泄力度。\n"),
        (
            "e.en",
            "Minister E Jingping said flood discharge should be increased.\n",
        ),
        (
            "f.en",
            "Huo Jingping said flood discharge should be increased.\n",
        ),
    ]);
    assert_eq!(findings(dir.path()), vec![]);
}

/// The reading check in each source script: the flagged text of each pair's findings (all
/// `names/source-reading`), for a misread name and for the same name read right.
fn readings(stem: &str, lang: &str, source: &str, wrong: &str, right: &str) -> [Vec<String>; 2] {
    [wrong, right].map(|target| {
        let dir = pair(&[
            (&format!("{stem}.{lang}"), source),
            (&format!("{stem}.en"), target),
        ]);
        findings(dir.path())
            .into_iter()
            .inspect(|f| assert_eq!(f.0, "names/source-reading", "{f:?}"))
            .map(|f| f.1)
            .collect()
    })
}

#[test]
fn reading_check_flags_and_passes_in_each_script() {
    // Chinese: a misread syllable, and one misspelt by a letter.
    let [flagged, passed] = readings(
        "zh",
        "zh",
        "王大明表示同意。\n",
        "Wang Darming said he agreed.\n",
        "Wang Daming said he agreed.\n",
    );
    assert_eq!(
        (flagged, passed),
        (vec!["Wang Darming".to_string()], vec![])
    );
    // Japanese katakana: a misread mora.
    let [flagged, passed] = readings(
        "ja",
        "ja",
        "タナカさんが来た。\n",
        "Tanuka came.\n",
        "Tanaka came.\n",
    );
    assert_eq!((flagged, passed), (vec!["Tanuka".to_string()], vec![]));
    // Japanese kanji: a kanji inside the name read as none of its readings; the right reading,
    // and another reading of the same kanji, pass.
    let [flagged, passed] = readings(
        "jk",
        "ja",
        "高地原地区につながる唯一の道が流された。\n",
        "The only road to the Takahara district was washed away.\n",
        "The only road to the Kochihara district was washed away.\n",
    );
    assert_eq!((flagged, passed), (vec!["Takahara".to_string()], vec![]));
    let [flagged, passed] = readings(
        "jk",
        "ja",
        "高地原地区につながる唯一の道が流された。\n",
        "The only road to the Takahara district was washed away.\n",
        "The only road to the Takachihara district was washed away.\n",
    );
    assert_eq!((flagged, passed), (vec!["Takahara".to_string()], vec![]));
    // Korean: a misread surname; the given name in Revised Romanization or its usual spelling.
    let [flagged, passed] = readings(
        "ko",
        "ko",
        "김민수 씨가 말했다.\n",
        "Kam Min-su said.\n",
        "Kim Min-soo said.\n",
    );
    assert_eq!((flagged, passed), (vec!["Kam Min-su".to_string()], vec![]));
}

#[test]
fn a_japanese_place_element_translated_by_meaning_is_flagged_unless_the_document_is_about_taiwan() {
    let dir = pair(&[
        (
            "police.ja",
            "南署によると、通行人から110番があった。\n岡山市北区の神社で祭りがあった。\n",
        ),
        (
            "police.en",
            "According to the South Police Station, a passerby called 110.\nA festival was held at a shrine in Kita Ward, Okayama City.\n",
        ),
        ("taichung.ja", "台中市南区で地震があった。\n"),
        (
            "taichung.en",
            "An earthquake struck the South District of Taichung.\n",
        ),
    ]);
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str()),
        ("names/source-calque", "South")
    );
    assert!(found[0].3.contains(&"police.ja".to_string()), "{found:?}");
}

#[test]
fn a_site_name_cut_to_its_latin_letters_is_flagged_with_a_label_on_the_source() {
    let dir = pair(&[
        (
            "news.ja",
            "パラマラソンをVRで体験（TOKYO MX ） - Yahoo!ニュース\n銀ブラしながら話せる雑学5選（LEON.JP ） - Yahoo!ニュース\n",
        ),
        (
            "news.en",
            "Experience the Para-marathon in VR (TOKYO MX) - Yahoo!\n5 trivia to talk about while strolling in Ginza (LEON.JP) - Yahoo! News\n",
        ),
    ]);
    let found = findings(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str()),
        ("names/source-truncated", "Yahoo!")
    );
    assert!(found[0].2.contains("ニュース"), "{found:?}");
    assert!(found[0].3.contains(&"news.ja".to_string()), "{found:?}");
}
