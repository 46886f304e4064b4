//! The command line's own words, in English and Spanish.

/// The language of messages and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    /// From the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`): Spanish for `es…`, else English.
    pub fn from_env() -> Self {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("es") {
            Lang::Es
        } else {
            Lang::En
        }
    }

    pub fn pick<'a>(self, en: &'a str, es: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Es => es,
        }
    }

    pub fn import(self) -> rastro_import::Lang {
        match self {
            Lang::En => rastro_import::Lang::En,
            Lang::Es => rastro_import::Lang::Es,
        }
    }

    pub fn report(self) -> rastro_report::Lang {
        match self {
            Lang::En => rastro_report::Lang::En,
            Lang::Es => rastro_report::Lang::Es,
        }
    }
}

pub fn error_word(lang: Lang) -> &'static str {
    lang.pick("error", "error")
}
