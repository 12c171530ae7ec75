use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A language the platform speaks. Russian is the default: most of its people read it first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ru, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The language of a BCP 47 tag or a Telegram `language_code` ("en-GB" → English), if spoken.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The spoken language an `Accept-Language` header prefers most (Russian when none is).
    pub fn from_accept_language(header: Option<&str>) -> Lang {
        Lang::preferred(header).unwrap_or_default()
    }

    /// The spoken language an `Accept-Language` header prefers most, if it names one.
    pub fn preferred(header: Option<&str>) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for item in header.unwrap_or_default().split(',') {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::from_tag) else {
                continue;
            };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            // The first of equal weights wins, as the header lists them by preference.
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }

    /// A person's language: what they chose, else what Telegram says they use, else Russian.
    pub fn of_person(chosen: Option<&str>, telegram: Option<&str>) -> Lang {
        chosen
            .and_then(Lang::from_tag)
            .or_else(|| telegram.and_then(Lang::from_tag))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_most_wanted_spoken_language() {
        assert_eq!(Lang::from_accept_language(None), Lang::Ru);
        assert_eq!(Lang::from_accept_language(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(
            Lang::from_accept_language(Some("de-DE, en;q=0.5, ru;q=0.8")),
            Lang::Ru
        );
        assert_eq!(Lang::from_accept_language(Some("fr, de")), Lang::Ru);
        assert_eq!(Lang::from_accept_language(Some("en;q=0, ru;q=0")), Lang::Ru);
        assert_eq!(Lang::from_accept_language(Some("uk, en;q=0.3")), Lang::En);
    }

    #[test]
    fn a_chosen_language_wins_over_telegrams() {
        assert_eq!(Lang::of_person(Some("en"), Some("ru")), Lang::En);
        assert_eq!(Lang::of_person(None, Some("en-GB")), Lang::En);
        assert_eq!(Lang::of_person(None, Some("de")), Lang::Ru);
        assert_eq!(Lang::of_person(None, None), Lang::Ru);
    }
}
