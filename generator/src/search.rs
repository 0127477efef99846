//! Site search: Pagefind, used as a library, indexes the rendered pages into
//! `/pagefind/`, one index per language (Pagefind reads `<html lang>`). The search box in
//! every page's header queries it from the browser (`site.js`); without JavaScript the
//! box is a link to the catalogue.
//!
//! What is indexed: the `<main data-pagefind-body>` of the kinds in `views::PageKind::is_searched`. The
//! work plan's filtered views repeat rows of the whole plan and are left out, as are
//! forms, the catalogue (it would outrank the services it lists) and the error pages.
//! Plan rows weigh less than service pages (`data-pagefind-weight` in `workplan.html`).
//!
//! Kazakh letters typed or not: people often type "жатакхана" on a Russian keyboard.
//! Each Kazakh page is indexed with a second, folded copy of its text (ә→а, қ→к, …), so
//! both spellings find it; the files written to the site are untouched. The Latin-script
//! edition (`/kk-latn/`, `<html lang="kk-Latn">`) has an index of its own, with a copy
//! without the letters' marks (ş → s, ı → i), for keyboards that have none.

use crate::out_file::OutFile;

/// The bundle folder, served at `/pagefind/`.
pub const BUNDLE: &str = "pagefind";

#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct SearchError(String);

/// The search bundle for the rendered `pages` (paths relative to the site root).
pub fn index(pages: &[OutFile]) -> Result<Vec<OutFile>, SearchError> {
    let inputs: Vec<(String, String)> = pages
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| {
            let html = std::str::from_utf8(&f.bytes).ok()?;
            html.contains("data-pagefind-body")
                .then(|| (url_of(&f.path), for_indexing(html)))
        })
        .collect();
    // Pagefind is async (tokio). The build may itself run on a runtime's blocking
    // thread (`portal serve`), where starting another runtime is refused, so the index
    // is built on a thread of its own.
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                tokio::runtime::Builder::new_current_thread()
                    .build()
                    .map_err(|e| SearchError(e.to_string()))?
                    .block_on(build_bundle(inputs))
            })
            .join()
            .map_err(|_| SearchError("the indexing thread panicked".into()))?
    })
}

async fn build_bundle(inputs: Vec<(String, String)>) -> Result<Vec<OutFile>, SearchError> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;
    let config = PagefindServiceConfig::builder().build();
    let mut index = PagefindIndex::new(Some(config)).map_err(err)?;
    for (url, html) in inputs {
        index
            .add_html_file(None, Some(url), html)
            .await
            .map_err(err)?;
    }
    let files = index.get_files().await.map_err(err)?;
    Ok(files
        .into_iter()
        .filter_map(|f| {
            let name = f.filename.to_string_lossy().replace('\\', "/");
            // The bundle's own UIs are not used: site.js draws the results.
            let ui = [
                "pagefind-ui",
                "pagefind-modular-ui",
                "pagefind-component-ui",
            ]
            .iter()
            .any(|p| name.starts_with(p))
                || name.starts_with("pagefind-highlight");
            (!ui).then(|| OutFile {
                path: format!("{BUNDLE}/{name}"),
                bytes: f.contents,
            })
        })
        .collect())
}

fn err(e: impl std::fmt::Display) -> SearchError {
    SearchError(format!("{e:#}"))
}

/// `ru/services/dormitory/index.html` → `/ru/services/dormitory/`.
fn url_of(path: &str) -> String {
    format!("/{}", path.strip_suffix("index.html").unwrap_or(path))
}

/// The page as the indexer sees it: Kazakh pages get a folded copy of their main
/// content, so that words typed without the Kazakh letters match.
fn for_indexing(html: &str) -> String {
    let fold: fn(&str) -> String = if html.contains("<html lang=\"kk\"") {
        fold_kazakh
    } else if html.contains("<html lang=\"kk-Latn\"") {
        fold_latin
    } else {
        return html.to_owned();
    };
    let Some(open) = html.find("data-pagefind-body") else {
        return html.to_owned();
    };
    let (Some(start), Some(end)) = (
        html[open..].find('>').map(|i| open + i + 1),
        html.rfind("</main>"),
    ) else {
        return html.to_owned();
    };
    if end <= start {
        return html.to_owned();
    }
    let folded = fold(&html[start..end]);
    if folded == html[start..end] {
        return html.to_owned();
    }
    // Without ids: Pagefind turns headings with ids into sub-results, which the copy
    // would duplicate.
    let folded = folded.replace(" id=\"", " data-folded-id=\"");
    format!("{}<div>{folded}</div>{}", &html[..end], &html[end..])
}

/// The Kazakh letters replaced by the Russian-keyboard letters people type instead.
pub fn fold_kazakh(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ә' => 'а',
            'Ә' => 'А',
            'ғ' => 'г',
            'Ғ' => 'Г',
            'қ' => 'к',
            'Қ' => 'К',
            'ң' => 'н',
            'Ң' => 'Н',
            'ө' => 'о',
            'Ө' => 'О',
            'ұ' | 'ү' => 'у',
            'Ұ' | 'Ү' => 'У',
            'һ' => 'х',
            'Һ' => 'Х',
            'і' => 'и',
            'І' => 'И',
            c => c,
        })
        .collect()
}

/// The letters of the Kazakh Latin alphabet with marks replaced by the plain ones people
/// type on a keyboard without them (ş → s, ı → i, ñ → n, …).
pub fn fold_latin(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ä' => 'a',
            'Ä' => 'A',
            'ğ' => 'g',
            'Ğ' => 'G',
            'ı' => 'i',
            'İ' => 'I',
            'ñ' => 'n',
            'Ñ' => 'N',
            'ö' => 'o',
            'Ö' => 'O',
            'ş' => 's',
            'Ş' => 'S',
            'ū' | 'ü' => 'u',
            'Ū' | 'Ü' => 'U',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_letters_fold_to_the_ones_typed_on_a_russian_keyboard() {
        assert_eq!(fold_kazakh("Жатақхана"), "Жатакхана");
        assert_eq!(fold_kazakh("әғқңөұүһі ӘҒҚҢӨҰҮҺІ"), "агкноуухи АГКНОУУХИ");
        assert_eq!(fold_kazakh("общежитие"), "общежитие");
    }

    #[test]
    fn only_kazakh_pages_get_a_folded_copy() {
        let kk = "<html lang=\"kk\"><body><main data-pagefind-body><h1>Жатақхана</h1></main></body></html>";
        let indexed = for_indexing(kk);
        assert!(indexed.contains("<h1>Жатақхана</h1>"));
        assert!(indexed.contains("<div><h1>Жатакхана</h1></div></main>"));
        let ru = kk.replace("lang=\"kk\"", "lang=\"ru\"");
        assert_eq!(for_indexing(&ru), ru);
    }

    #[test]
    fn latin_pages_get_a_copy_without_the_marks() {
        assert_eq!(
            fold_latin("Qyzmet körsetu ortalyğy İ ı ş ñ ū ü ä"),
            "Qyzmet korsetu ortalygy I i s n u u a"
        );
        let latn = "<html lang=\"kk-Latn\"><body><main data-pagefind-body><h1>Ötınış</h1></main></body></html>";
        assert!(for_indexing(latn).contains("<div><h1>Otinis</h1></div></main>"));
    }

    #[test]
    fn urls_are_the_folders() {
        assert_eq!(
            url_of("ru/services/dormitory/index.html"),
            "/ru/services/dormitory/"
        );
        assert_eq!(url_of("en/404.html"), "/en/404.html");
    }
}
