//! The user's language.

use serde::{Deserialize, Serialize};

use crate::text::compact_key;

/// The two languages rastro speaks: officers on both sides of the border use it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Spanish (Mexican usage).
    Es,
}

impl Lang {
    /// Both languages.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    /// The ISO 639-1 code: `en` or `es`.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    /// Reads a language: `en`, `es`, `eng`, `spa`, `English`, `Spanish`, `Español`, `Inglés`,
    /// or a locale string as accepted by [`Lang::from_locale_str`].
    pub fn parse(s: &str) -> Option<Lang> {
        let key = compact_key(s)?;
        match key.as_str() {
            "EN" | "ENG" | "ENGLISH" | "INGLES" => Some(Lang::En),
            "ES" | "ESP" | "SPA" | "SPANISH" | "ESPANOL" | "CASTELLANO" => Some(Lang::Es),
            _ => Lang::from_locale_str(s),
        }
    }

    /// The language of a POSIX or BCP 47 locale string (`es_MX.UTF-8`, `en-US`, `es`,
    /// `es_MX@euro`), as found in `LANG`/`LC_ALL`; the caller reads the environment.
    /// `C`, `POSIX` and other languages are `None`.
    pub fn from_locale_str(s: &str) -> Option<Lang> {
        let lang = s.trim().split(['_', '-', '.', '@']).next()?;
        if lang.eq_ignore_ascii_case("es") {
            Some(Lang::Es)
        } else if lang.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Picks the text for this language.
    pub fn pick<T>(self, en: T, es: T) -> T {
        match self {
            Lang::En => en,
            Lang::Es => es,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn parse() {
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("ES"), Some(Lang::Es));
        assert_eq!(Lang::parse("Español"), Some(Lang::Es));
        assert_eq!(Lang::parse("inglés"), Some(Lang::En));
        assert_eq!(Lang::parse("es_MX.UTF-8"), Some(Lang::Es));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn locale() {
        assert_eq!(Lang::from_locale_str("es_MX.UTF-8"), Some(Lang::Es));
        assert_eq!(Lang::from_locale_str("es-MX"), Some(Lang::Es));
        assert_eq!(Lang::from_locale_str("es_ES@euro"), Some(Lang::Es));
        assert_eq!(Lang::from_locale_str("en_US"), Some(Lang::En));
        assert_eq!(Lang::from_locale_str("C.UTF-8"), None);
        assert_eq!(Lang::from_locale_str("POSIX"), None);
        assert_eq!(Lang::from_locale_str("eng"), None);
        assert_eq!(Lang::from_locale_str(""), None);
    }
}
