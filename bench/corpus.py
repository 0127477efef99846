#!/usr/bin/env python3
"""Write the build benchmark's corpus: the same N guides as a portal content folder and as
a Hugo site.

    python3 bench/corpus.py --pages N --out DIR

DIR/portal/  the real content/ (services, forms, work plan, ...) without its guides, plus
             N synthetic guides g00001 ... in kk, ru and en: `portal build --strict` accepts it.
DIR/hugo/    the same N guides, word for word, as a Hugo site with a minimal theme
             (translations by file-name suffix, kk the default language, in a subdirectory).
DIR/corpus.json  written last: N and the seed, so bench/run.sh can reuse a complete corpus.

The text is generated from fixed word lists with a seeded random generator, so the same N
and seed always give the same bytes. Python 3 standard library only.
"""

import argparse
import datetime
import json
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LANGS = ("kk", "ru", "en")
# About this many bytes of UTF-8 per language file (front matter included).
TARGET_BYTES = 2048

# Word lists on the theme of a student service centre. The Kazakh one uses every
# Kazakh-specific letter (ә ғ қ ң ө ұ ү һ і) so the pages exercise the same code paths as
# real Kazakh text (slugs, search normalisation, multi-byte UTF-8).
WORDS = {
    "kk": (
        "өтінім құжат жатақхана білім қызмет әкімшілік ғимарат тіркеу оқытушы үй шаһар "
        "қаңтар оқу сұрақ жауап ақпарат тегін төлем күн мерзім бөлім орталық өңір ұйым "
        "мәртебе кезең талап құқық анықтама нысан қабылдау қолдау әлеуметтік жеке куәлік "
        "бағдарлама ғылым зерттеу шешім ұсыныс тапсыру тексеру мақсат мүмкіндік жүйе "
        "студент университет деканат факультет кафедра жиһаз гауһар түлек ата-ана "
        "стипендия сынақ емтихан кітапхана дәріс семестр келісім шарт портал электрондық "
        "қолтаңба мекенжай телефон хабарлама бекіту өзгерту ұзарту көшірме түпнұсқа"
    ).split(),
    "ru": (
        "заявление документ общежитие образование услуга администрация здание регистрация "
        "преподаватель дом город январь учёба вопрос ответ информация бесплатно оплата "
        "день срок отдел центр регион организация статус этап требование право справка "
        "форма приём поддержка социальный личный удостоверение программа наука "
        "исследование решение предложение подача проверка цель возможность система "
        "студент университет деканат факультет кафедра мебель выпускник родители "
        "стипендия зачёт экзамен библиотека лекция семестр соглашение договор портал "
        "электронный подпись адрес телефон уведомление утверждение изменение продление "
        "копия оригинал"
    ).split(),
    "en": (
        "application document dormitory education service administration building "
        "registration teacher house city January study question answer information free "
        "payment day deadline department centre region organisation status stage "
        "requirement right certificate form admission support social personal identity "
        "programme science research decision proposal submission check purpose "
        "opportunity system student university dean's office faculty chair furniture "
        "graduate parents scholarship test exam library lecture semester agreement "
        "contract portal electronic signature address phone notification approval change "
        "extension copy original"
    ).split(),
}

# The fixed words of each page, per language.
LABELS = {
    "kk": {
        "guide": "Нұсқаулық",
        "step": "қадам",
        "documents": "Қажетті құжаттар",
        "table": "Мерзімдер мен төлемдер",
        "cols": ("Кезең", "Мерзім", "Төлем"),
        "days": "жұмыс күні",
        "currency": "теңге",
        "next_heading": "Келесі нұсқаулық",
        "next": "Келесі нұсқаулықты оқыңыз",
        "section": "Нұсқаулықтар",
    },
    "ru": {
        "guide": "Инструкция",
        "step": "шаг",
        "documents": "Необходимые документы",
        "table": "Сроки и оплата",
        "cols": ("Этап", "Срок", "Оплата"),
        "days": "рабочих дней",
        "currency": "тенге",
        "next_heading": "Следующая инструкция",
        "next": "Прочитайте следующую инструкцию",
        "section": "Инструкции",
    },
    "en": {
        "guide": "Guide",
        "step": "step",
        "documents": "Documents you need",
        "table": "Deadlines and fees",
        "cols": ("Stage", "Deadline", "Fee"),
        "days": "working days",
        "currency": "KZT",
        "next_heading": "Next guide",
        "next": "Read the next guide",
        "section": "Guides",
    },
}


def slug(i):
    return f"g{i:05d}"


def words(rng, lang, n):
    return " ".join(rng.choice(WORDS[lang]) for _ in range(n))


def sentence(rng, lang, lo=6, hi=14):
    s = words(rng, lang, rng.randint(lo, hi))
    return s[0].upper() + s[1:] + "."


def paragraph(rng, lang, sentences=3):
    return " ".join(sentence(rng, lang) for _ in range(sentences))


def body(i, n, lang, seed, next_link):
    """The front matter and Markdown of guide i in one language, with `next_link(slug)`
    giving the link destination of the next guide (the one thing the two sites spell
    differently). Depends only on i, lang and seed (and on n for the last guide's link)."""
    rng = random.Random(f"{seed}-{i}-{lang}")
    lab = LABELS[lang]
    title = f"{lab['guide']} {i}: {words(rng, lang, 4)}"
    head = [
        "---",
        f"title: \"{title}\"",
        f"summary: \"{sentence(rng, lang, 10, 16)}\"",
        "---",
        "",
        paragraph(rng, lang),
        "",
        f"## 1-{lab['step']}. {words(rng, lang, 3)}" if lang == "kk"
        else f"## {lab['step'].capitalize()} 1. {words(rng, lang, 3)}",
        "",
        paragraph(rng, lang, 2),
        "",
        f"## {lab['documents']}",
        "",
    ]
    head += [f"- {words(rng, lang, rng.randint(3, 7))};" for _ in range(5)]
    head += ["", f"## {lab['table']}", "", "| " + " | ".join(lab["cols"]) + " |", "|---|---|---:|"]
    for _ in range(4):
        head.append(
            f"| {words(rng, lang, 2)} | {rng.randint(3, 30)} {lab['days']} "
            f"| {rng.randint(1, 50) * 500} {lab['currency']} |"
        )
    nxt = slug(i % n + 1)
    tail = lambda link: [
        "",
        f"## {lab['next_heading']}",
        "",
        f"{lab['next']}: [{lab['guide']} {i % n + 1}]({link(nxt)}).",
        "",
    ]
    # Pad with paragraphs under a further heading until the file is about 2 KB, measured
    # with the portal's link so that both sites get the same paragraphs.
    size = lambda parts: len("\n".join(parts).encode())
    extra = []
    while size(head + extra + tail(portal_link)) < TARGET_BYTES - 200:
        if not extra:
            extra += ["", f"## {words(rng, lang, 3).capitalize()}", ""]
        else:
            extra.append("")
        extra.append(paragraph(rng, lang, 2))
    return "\n".join(head + extra + tail(next_link))


def portal_link(s):
    return f"@/guides/{s}"


def hugo_link(s):
    # relref resolves (and checks) the page in the linking page's language, as @/ does.
    return f'{{{{< relref "/guides/{s}" >}}}}'


def site_ids(site_yaml, key):
    """The `- id:` values of a top-level list in site.yaml (stdlib only: no YAML parser)."""
    ids, inside = [], False
    for line in site_yaml.splitlines():
        if re.match(rf"^{key}:\s*$", line):
            inside = True
        elif inside and re.match(r"^\S", line):
            break
        elif inside and (m := re.match(r"^\s*- id:\s*(\S+)", line)):
            ids.append(m.group(1))
    return ids


def write_portal(out, content, n, seed):
    # The real site minus its guides: services, forms, work plan, ... stay, so the build
    # does what it does in production (catalogue, forms, work plan, search index).
    shutil.copytree(content, out, ignore=lambda d, names: ["guides"] if Path(d) == content else [])
    services_dir = out / "services"
    # Services name their guide (`guide: <slug>`); those guides are gone, so drop the key
    # (it is optional) rather than fail the reference check.
    for f in sorted(services_dir.glob("*.yaml")):
        text = f.read_text(encoding="utf-8")
        f.write_text(re.sub(r"(?m)^guide:.*\n", "", text), encoding="utf-8")
    services = sorted(f.stem for f in services_dir.glob("*.yaml"))
    audiences = site_ids((out / "site.yaml").read_text(encoding="utf-8"), "audiences")
    start = datetime.date(2026, 1, 1)
    for i in range(1, n + 1):
        d = out / "guides" / slug(i)
        d.mkdir(parents=True)
        rng = random.Random(f"{seed}-{i}-meta")
        meta = [
            "# yaml-language-server: $schema=../../schemas/guide.schema.json",
            f"source_lang: {rng.choice(LANGS)}",
        ]
        if services:
            meta.append(f"service: {rng.choice(services)}")
        if audiences:
            meta.append(f"audiences: [{', '.join(rng.sample(audiences, min(2, len(audiences))))}]")
        meta.append(f"updated: {start + datetime.timedelta(days=rng.randrange(300))}")
        (d / "guide.yaml").write_text("\n".join(meta) + "\n", encoding="utf-8")
        for lang in LANGS:
            (d / f"{lang}.md").write_text(body(i, n, lang, seed, portal_link), encoding="utf-8")


HUGO_TOML = """\
# The benchmark's Hugo site: the same guides as ../portal, three languages by file-name
# suffix, Kazakh first and (like the portal) under /kk/.
baseURL = "https://portal.example.edu.kz/"
title = "Benchmark"
defaultContentLanguage = "kk"
defaultContentLanguageInSubdir = true
# No taxonomies in this content and the portal writes no feeds: leave those pages out.
disableKinds = ["taxonomy", "term", "RSS"]

[languages.kk]
languageName = "Қазақша"
title = "Нұсқаулықтар"
weight = 1
[languages.ru]
languageName = "Русский"
title = "Инструкции"
weight = 2
[languages.en]
languageName = "English"
title = "Guides"
weight = 3
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<nav class="languages" aria-label="Language">
<ul>
<li><span aria-current="true">{{ .Language.LanguageName }}</span></li>
{{ range .Translations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>
{{ end }}</ul>
</nav>
<article>
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Params.summary }}</p>
{{ .TableOfContents }}
{{ .Content }}
</article>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} — {{ . }}{{ end }}</li>
{{ end }}</ul>
{{ end }}
"""


def write_hugo(out, n, seed):
    guides = out / "content" / "guides"
    guides.mkdir(parents=True)
    (out / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    layouts = out / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(LIST, encoding="utf-8")
    for lang in LANGS:
        # The guides' list page, like the portal's /<lang>/guides/.
        (guides / f"_index.{lang}.md").write_text(
            f"---\ntitle: \"{LABELS[lang]['section']}\"\n---\n", encoding="utf-8"
        )
    for i in range(1, n + 1):
        for lang in LANGS:
            (guides / f"{slug(i)}.{lang}.md").write_text(
                body(i, n, lang, seed, hugo_link), encoding="utf-8"
            )


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, required=True, help="number of guides (each in kk, ru, en)")
    p.add_argument("--out", type=Path, required=True, help="folder to write portal/ and hugo/ into")
    p.add_argument("--seed", type=int, default=8, help="random seed of the text (default 8)")
    p.add_argument("--content", type=Path, default=REPO / "content",
                   help="the real content folder to copy (default: the repository's content/)")
    a = p.parse_args()
    if not 1 <= a.pages <= 99999:
        sys.exit("--pages must be between 1 and 99999 (slugs have five digits)")
    if not (a.content / "site.yaml").is_file():
        sys.exit(f"{a.content} is not a content folder (no site.yaml)")
    a.out.mkdir(parents=True, exist_ok=True)
    marker = a.out / "corpus.json"
    # Remove only what this script writes, so a wrong --out cannot wipe anything else.
    marker.unlink(missing_ok=True)
    for sub in ("portal", "hugo"):
        shutil.rmtree(a.out / sub, ignore_errors=True)
    write_portal(a.out / "portal", a.content.resolve(), a.pages, a.seed)
    write_hugo(a.out / "hugo", a.pages, a.seed)
    marker.write_text(json.dumps({"pages": a.pages, "seed": a.seed}) + "\n", encoding="utf-8")
    print(f"wrote {a.pages} guides × {len(LANGS)} languages into {a.out}/portal and {a.out}/hugo")


if __name__ == "__main__":
    main()
