#!/usr/bin/env python3
"""Convert the EDRDG's KANJIDIC and ENAMDICT (Debian packages `kanjidic` and `enamdict`) into the
readings data of translint's Japanese kanji name check: rules/names/source-ja.txt.

usage: python3 scripts/jadict.py [--kanjidic /usr/share/edict/kanjidic]
                                 [--enamdict /usr/share/edict/enamdict] [--out rules/names/source-ja.txt]

Install the input with `apt-get install kanjidic enamdict`. The output is committed: `cargo test` and
the build read only it.

What is kept, in romaji (Hepburn as typed, long vowels spelt out: ou, uu):
  K lines  every kanji of KANJIDIC with its on readings and the stems of its kun readings (before the
           okurigana dot), then after a / its name readings (nanori). A name may read its kanji any of
           these ways; the first two are the common ones.
  N lines  the names of ENAMDICT written in kanji alone (places, surnames, stations, given names,
           unclassified) whose reading is NOT made of its kanji's KANJIDIC readings, counting sequential
           voicing (rendaku: hara -> bara) and a small tsu (gemination: hoku + kai -> hokkai). The
           others need no entry: the check composes them from the K lines. Entries are what keeps the
           file small (most of ENAMDICT's 740,000 names read their kanji regularly).
"""
import argparse, collections, re, sys

HIRA = (
    "あa いi うu えe おo かka きki くku けke こko がga ぎgi ぐgu げge ごgo さsa しshi すsu せse そso "
    "ざza じji ずzu ぜze ぞzo たta ちchi つtsu てte とto だda ぢji づzu でde どdo なna にni ぬnu ねne "
    "のno はha ひhi ふfu へhe ほho ばba びbi ぶbu べbe ぼbo ぱpa ぴpi ぷpu ぺpe ぽpo まma みmi むmu "
    "めme もmo やya ゆyu よyo らra りri るru れre ろro わwa ゐi ゑe をo んn ゔvu "
    "ぁa ぃi ぅu ぇe ぉo ゃya ゅyu ょyo ゎwa"
)
ROMAJI = {t[0]: t[1:] for t in HIRA.split()}
YOON = {"ゃ": "a", "ゅ": "u", "ょ": "o"}


def hiragana(s):
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in s)


def romaji(kana):
    """Hepburn as typed (shi, chi, tsu, fu, ji; ou and uu spelt out; n before any letter), or None when
    the string holds anything that is not kana."""
    s = hiragana(kana)
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if c == "っ":
            if not nxt or nxt not in ROMAJI:
                return None
            r = romaji(nxt + (s[i + 2] if i + 2 < len(s) and s[i + 2] in YOON else ""))
            if r is None or r[0] in "aeiouyn":
                return None
            out.append("t" if r.startswith("ch") else r[0])
            i += 1
            continue
        if c == "ー":
            if not out:
                return None
            out.append(out[-1][-1])
            i += 1
            continue
        if c not in ROMAJI:
            return None
        r = ROMAJI[c]
        if nxt in YOON and r.endswith("i") and c not in "ぃゃゅょ":
            base = r[:-1]
            r = (base if base in ("sh", "ch", "j") else base + "y") + YOON[nxt]
            i += 1
        out.append(r)
        i += 1
    return "".join(out)


KANJI = re.compile(r"^[\u4e00-\u9fff\u3005\u30f6\u30f5]+$")


def kanjidic(path):
    """{kanji: ([on and kun readings], [name readings])} in kana: on in katakana, kun stems, nanori;
    prefixes and suffix marks dropped."""
    out = {}
    for line in open(path, encoding="euc_jp", errors="replace"):
        if line.startswith("#"):
            continue
        fields = re.sub(r"\{[^}]*\}", "", line).split()
        k = fields[0]
        common, nanori = [], []
        kana = common
        for f in fields[2:]:
            if f == "T2":
                break
            if f == "T1":
                kana = nanori
                continue
            f = f.strip("-").split(".")[0]
            if f and all("ぁ" <= c <= "ヶ" or c == "ー" for c in f) and f not in common + nanori:
                kana.append(f)
        if common or nanori:
            out[k] = (common, nanori)
    return out


DAKUTEN = dict(zip("かきくけこさしすせそたちつてとはひふへほ", "がぎぐげござじずぜぞだぢづでどばびぶべぼ"))
HANDAKU = dict(zip("はひふへほ", "ぱぴぷぺぽ"))


def forms(reading, first):
    """The ways one kanji's reading may appear inside a name, in hiragana."""
    r = hiragana(reading)
    out = {r}
    if not first and r[0] in DAKUTEN:
        out.add(DAKUTEN[r[0]] + r[1:])
        if r[0] in HANDAKU:
            out.add(HANDAKU[r[0]] + r[1:])
    if len(r) >= 2 and r[-1] in "つちくき":
        out.add(r[:-1] + "っ")
    return out


def regular(name, reading, kdic):
    """Whether the hiragana `reading` is made of the name's kanji's readings, one after another."""
    reach = {0}
    for i, k in enumerate(name):
        if k in "々":
            k = name[i - 1] if i else k
        nxt = set()
        common, nanori = kdic.get(k, ([], []))
        for r in common + nanori:
            for f in forms(r, i == 0):
                for at in reach:
                    if reading.startswith(f, at):
                        nxt.add(at + len(f))
        reach = nxt
        if not reach:
            return False
    return len(reading) in reach


ENTRY = re.compile(r"^(\S+) \[(\S+)\] /\(([^)]*)\)")
TYPES = {"p", "s", "st", "u", "g", "m", "f"}


def enamdict(path, kdic):
    """{name: [romaji readings]} of the irregular names, and how many readings were read and kept."""
    names = collections.defaultdict(list)
    seen = kept = 0
    for line in open(path, encoding="euc_jp", errors="replace"):
        m = ENTRY.match(line)
        if not m:
            continue
        name, reading, types = m.groups()
        if not KANJI.match(name) or not TYPES & set(types.split(",")):
            continue
        seen += 1
        kana = hiragana(reading)
        if regular(name, kana, kdic):
            continue
        kept += 1
        r = romaji(kana)
        if r and r not in names[name]:
            names[name].append(r)
    return names, seen, kept


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kanjidic", default="/usr/share/edict/kanjidic")
    ap.add_argument("--enamdict", default="/usr/share/edict/enamdict")
    ap.add_argument("--out", default="rules/names/source-ja.txt")
    a = ap.parse_args()
    kdic = kanjidic(a.kanjidic)
    names, seen, kept = enamdict(a.enamdict, kdic)
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# Readings of Japanese names written in kanji, for names/source-reading (src/names/source/kanji.rs).\n"
            "# Made by scripts/jadict.py from KANJIDIC and ENAMDICT (Debian packages kanjidic, enamdict), the\n"
            "# property of the Electronic Dictionary Research and Development Group, used under the Creative\n"
            "# Commons Attribution-ShareAlike 4.0 licence (https://www.edrdg.org/edrdg/licence.html).\n"
            "# K KANJI READING... / READING...: a kanji's on and kun readings, then its name readings (nanori). N NAME READING...: a name whose reading is\n"
            "# not made of its kanji's readings. Romaji as typed: shi, chi, tsu, fu, ji; long vowels spelt out.\n"
        )
        for k, (common, nanori) in kdic.items():
            rs = [[], []]
            for i, kana in enumerate((common, nanori)):
                for r in map(romaji, kana):
                    if r and r not in rs[0] + rs[1]:
                        rs[i].append(r)
            if rs[0] or rs[1]:
                f.write(f"K {k} {' '.join(rs[0] + ['/'] + rs[1])}\n")
        for name in sorted(names):
            f.write(f"N {name} {' '.join(names[name])}\n")
    print(f"{len(kdic)} kanji; {kept} of {seen} kanji name readings irregular, in {len(names)} names -> {a.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
