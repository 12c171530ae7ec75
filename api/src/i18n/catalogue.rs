use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::Lang;

/// The catalogue's files per language; both languages list the same files.
const RU: &[&str] = &[
    include_str!("../../locales/ru/bot.ftl"),
    include_str!("../../locales/ru/notices.ftl"),
    include_str!("../../locales/ru/pages.ftl"),
    include_str!("../../locales/ru/email.ftl"),
];
const EN: &[&str] = &[
    include_str!("../../locales/en/bot.ftl"),
    include_str!("../../locales/en/notices.ftl"),
    include_str!("../../locales/en/pages.ftl"),
    include_str!("../../locales/en/email.ftl"),
];

struct Catalogue {
    bundle: FluentBundle<FluentResource>,
    /// The message ids, which the tests compare across languages.
    #[cfg_attr(not(test), allow(dead_code))]
    ids: BTreeSet<String>,
}

fn load(lang: Lang, sources: &[&str]) -> Catalogue {
    let tag = lang.code().parse().expect("a language tag");
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Telegram and HTML render left-to-right text; the isolation marks would only show as junk.
    bundle.set_use_isolating(false);
    let mut ids = BTreeSet::new();
    for source in sources {
        // The files are compiled in and checked by the tests below: a broken one cannot ship.
        let resource = FluentResource::try_new((*source).to_owned())
            .unwrap_or_else(|(_, errors)| panic!("{} catalogue: {errors:?}", lang.code()));
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                ids.insert(m.id.name.to_owned());
            }
        }
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("{} catalogue: {errors:?}", lang.code()));
    }
    Catalogue { bundle, ids }
}

static CATALOGUES: LazyLock<[Catalogue; 2]> =
    LazyLock::new(|| [load(Lang::Ru, RU), load(Lang::En, EN)]);

fn catalogue(lang: Lang) -> &'static Catalogue {
    &CATALOGUES[lang as usize]
}

/// Arguments of a message: `Args::new().with("title", title)`.
#[derive(Default)]
pub struct Args<'a>(FluentArgs<'a>);

impl<'a> Args<'a> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, name: &'a str, value: impl Into<FluentValue<'a>>) -> Self {
        self.0.set(name, value);
        self
    }
}

/// The message `id` in `lang`. A missing message logs and shows its id, so a gap is visible in
/// the text instead of failing the action that sends it; the catalogue tests keep gaps out.
pub fn tr(lang: Lang, id: &str, args: &Args) -> String {
    let bundle = &catalogue(lang).bundle;
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        tracing::error!(id, lang = lang.code(), "message missing from the catalogue");
        return id.to_owned();
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&args.0), &mut errors);
    if !errors.is_empty() {
        tracing::error!(
            id,
            lang = lang.code(),
            ?errors,
            "message formatted with errors"
        );
    }
    text.into_owned()
}

/// A certificate kind's name in `lang`: the indexer's `other-<n>` for kinds it does not know
/// reads as "other", and a kind without a name shows as it is.
pub fn certificate_kind(lang: Lang, kind: &str) -> String {
    let key = if kind.starts_with("other") {
        "cert-kind-other".to_owned()
    } else {
        format!("cert-kind-{kind}")
    };
    if catalogue(lang).bundle.has_message(&key) {
        t(lang, &key)
    } else {
        kind.to_owned()
    }
}

/// A message without arguments.
pub fn t(lang: Lang, id: &str) -> String {
    tr(lang, id, &Args::new())
}

/// Text safe inside Telegram's or any HTML: the three characters that open markup or entities.
pub fn html_escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['<', '>', '&', '"']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The plain text of catalogue HTML (for e-mail text parts and the in-app inbox): tags dropped,
/// the entities `html_escape` writes turned back into characters.
pub fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_message() {
        let ru = &catalogue(Lang::Ru).ids;
        let en = &catalogue(Lang::En).ids;
        let only_ru: Vec<_> = ru.difference(en).collect();
        let only_en: Vec<_> = en.difference(ru).collect();
        assert!(only_ru.is_empty(), "missing in English: {only_ru:?}");
        assert!(only_en.is_empty(), "missing in Russian: {only_en:?}");
        assert!(ru.len() > 20, "the catalogue loaded");
    }

    #[test]
    fn a_missing_key_is_found_by_the_catalogue_check() {
        let broken = load(Lang::En, &["hello = Hello\nbye = Bye\n"]);
        let whole = load(Lang::Ru, &["hello = Привет\n"]);
        assert_eq!(
            broken.ids.difference(&whole.ids).collect::<Vec<_>>(),
            ["bye"]
        );
    }

    #[test]
    fn russian_plurals_follow_russian_rules() {
        let days = |n: i64| tr(Lang::Ru, "days", &Args::new().with("count", n));
        assert_eq!(days(1), "1 день");
        assert_eq!(days(3), "3 дня");
        assert_eq!(days(5), "5 дней");
        assert_eq!(days(21), "21 день");
        assert_eq!(tr(Lang::En, "days", &Args::new().with("count", 1)), "1 day");
    }

    #[test]
    fn hostile_text_is_escaped_and_plain_text_round_trips() {
        let hostile = r#"<b>x</b> & <a href="javascript:1">"#;
        let escaped = html_escape(hostile);
        assert!(!escaped.contains('<') && !escaped.contains('"'));
        assert_eq!(plain(&format!("<b>{escaped}</b>")), hostile);
        assert_eq!(plain("a &amp;lt; b"), "a &lt; b");
    }
}
