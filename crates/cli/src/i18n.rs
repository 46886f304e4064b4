//! The command line's own words, in English and Spanish.

use rastro_domain::serial::{QueryError, Step};
use rastro_store::StoreError;
use rastro_synth::SynthError;
use rastro_trace::{Found, SearchError};

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

    pub fn codes(self) -> rastro_domain::codes::Lang {
        match self {
            Lang::En => rastro_domain::codes::Lang::En,
            Lang::Es => rastro_domain::codes::Lang::Es,
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

/// How far a candidate is from the search, for a person: unreadable characters for a
/// pattern, edits otherwise (`1 edit`, `2 cambios`, `1 ilegible`).
pub fn distance(found: &Found, pattern: bool, lang: Lang) -> String {
    let (n, one, many) = match (pattern, lang) {
        (true, Lang::En) => (found.unreadable, "unreadable", "unreadable"),
        (true, Lang::Es) => (found.unreadable, "ilegible", "ilegibles"),
        (false, Lang::En) => (found.edits, "edit", "edits"),
        (false, Lang::Es) => (found.edits, "cambio", "cambios"),
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What a found firearm's record says it is (`Rifle, .223 Rem, AR-15 SPORTER`), in the user's
/// language; empty when it says nothing.
pub fn firearm(found: &Found, lang: Lang) -> String {
    let kind = found.firearm_type.map(|t| t.label(lang.codes()));
    let caliber = found.caliber.map(|c| c.label_in(lang.codes()));
    [kind, caliber, found.model.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

/// One step of why a serial was found, for a person: positions count the serial as written,
/// from 1.
pub fn describe_step(step: &Step, lang: Lang) -> String {
    match (step.clone(), lang) {
        (Step::Substituted { at, from, to }, Lang::En) => {
            format!("character {at}: {from} read, {to} recorded")
        }
        (Step::Substituted { at, from, to }, Lang::Es) => {
            format!("carácter {at}: se leyó {from}, consta {to}")
        }
        (Step::Inserted { at, ch }, Lang::En) => format!("character {at}: an extra {ch} read"),
        (Step::Inserted { at, ch }, Lang::Es) => format!("carácter {at}: se leyó un {ch} de más"),
        (Step::Dropped { at, ch }, Lang::En) => format!("character {at}: {ch} not read"),
        (Step::Dropped { at, ch }, Lang::Es) => format!("carácter {at}: no se leyó el {ch}"),
        (Step::Transposed { at }, Lang::En) => {
            format!("character {at} and the next: read swapped")
        }
        (Step::Transposed { at }, Lang::Es) => {
            format!("carácter {at} y el siguiente: leídos al revés")
        }
        (Step::LookAlike { at, from, to }, Lang::En) => {
            format!("character {at}: {from} read, look-alike of the {to} recorded")
        }
        (Step::LookAlike { at, from, to }, Lang::Es) => {
            format!("carácter {at}: se leyó {from}, parecido al {to} que consta")
        }
        (Step::Wildcard { at, len }, Lang::En) if len <= 1 => {
            format!("character {at}: unreadable")
        }
        (Step::Wildcard { at, len }, Lang::Es) if len <= 1 => {
            format!("carácter {at}: ilegible")
        }
        (Step::Wildcard { at, len }, Lang::En) => {
            format!("characters {at}–{}: unreadable", at + len - 1)
        }
        (Step::Wildcard { at, len }, Lang::Es) => {
            format!("caracteres {at}–{}: ilegibles", at + len - 1)
        }
    }
}

/// Why a serial search could not run, for a person.
pub fn search_error(error: &SearchError, lang: Lang) -> String {
    match (error, lang) {
        (SearchError::Query(query), Lang::Es) => query_error_es(query),
        (SearchError::UnknownMaker { name, closest }, Lang::Es) => {
            let hint = closest.as_ref().map_or(String::new(), |closest| {
                format!(" (¿quiso decir {closest}?)")
            });
            format!("ningún fabricante ni registro se llama «{name}»{hint}")
        }
        (SearchError::UnknownType(name), Lang::Es) => format!("«{name}» no es un tipo de arma"),
        (SearchError::UnknownCaliber(name), Lang::Es) => {
            format!("«{name}» no es un calibre de las tablas de códigos")
        }
        _ => error.to_string(),
    }
}

/// A file that could not be written, and why, for a person: the common reasons in plain words,
/// the system's text otherwise.
pub fn cannot_write(path: &std::path::Path, error: &std::io::Error, lang: Lang) -> anyhow::Error {
    use std::io::ErrorKind;
    let reason = match (error.kind(), lang) {
        (ErrorKind::NotFound, Lang::En) => "its folder does not exist".to_string(),
        (ErrorKind::NotFound, Lang::Es) => "su carpeta no existe".to_string(),
        (ErrorKind::PermissionDenied, Lang::En) => "permission denied".to_string(),
        (ErrorKind::PermissionDenied, Lang::Es) => "permiso denegado".to_string(),
        (ErrorKind::IsADirectory, Lang::En) => "it is a folder".to_string(),
        (ErrorKind::IsADirectory, Lang::Es) => "es una carpeta".to_string(),
        _ => error.to_string(),
    };
    let cannot = lang.pick("cannot write", "no se puede escribir");
    anyhow::anyhow!("{cannot} {}: {reason}", path.display())
}

/// Why the store could not be opened, for a person.
pub fn store_error(error: &StoreError, lang: Lang) -> String {
    match (error, lang) {
        (StoreError::Missing { path }, Lang::Es) => format!(
            "no hay un almacén de rastro en {}: importe archivos en él primero",
            path.display()
        ),
        (
            StoreError::SchemaVersion {
                path,
                found,
                expected,
            },
            Lang::Es,
        ) => format!(
            "el almacén {} lo escribió otra versión de rastro (formato {found}; esta versión lee \
             el {expected}): importe los archivos de nuevo en otra carpeta de datos",
            path.display()
        ),
        _ => error.to_string(),
    }
}

/// How many firearms a search listed, for a hint (`None`: none): a search lists at most
/// [`rastro_trace::MAX_SHOWN`], so a full list may stand for more.
pub fn listed_count(listed: usize, lang: Lang) -> Option<String> {
    match (listed, lang) {
        (0, _) => None,
        (rastro_trace::MAX_SHOWN.., Lang::En) => Some(format!("{listed} or more")),
        (rastro_trace::MAX_SHOWN.., Lang::Es) => Some(format!("{listed} o más")),
        _ => Some(listed.to_string()),
    }
}

/// Why a synthetic world could not be generated, for a person.
pub fn synth_error(error: &SynthError, lang: Lang) -> String {
    match (error, lang) {
        (SynthError::TooFewRequests { got, min }, Lang::Es) => {
            format!("un mundo sintético necesita al menos {min} solicitudes (se pidieron {got})")
        }
        (SynthError::TooFewAdRows {
            got,
            needed,
            requests,
        }, Lang::Es) => format!(
            "un mundo sintético necesita al menos {needed} filas de libros A&D para {requests} solicitudes, 4 por solicitud (se pidieron {got})"
        ),
        _ => error.to_string(),
    }
}

fn query_error_es(error: &QueryError) -> String {
    match error {
        QueryError::Empty => "la búsqueda está vacía".into(),
        QueryError::TooShort { readable, needed } => format!(
            "la búsqueda tiene {readable} carácter(es) legible(s); se necesitan al menos {needed}"
        ),
        QueryError::NothingLeft => {
            "la búsqueda es solo separadores y ceros a la izquierda: no queda serie que comparar"
                .into()
        }
        QueryError::TooManyEdits { asked, max } => {
            format!("se pidieron {asked} cambios; el máximo es {max}")
        }
        QueryError::TooLong { len, max } => {
            format!("la búsqueda tiene {len} caracteres; se admiten a lo sumo {max}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_candidate_is_as_far_as_its_edits_or_its_unreadable_characters() {
        let found = |edits, unreadable| Found {
            maker: "Colt".into(),
            serial: "SP101389".into(),
            edits,
            unreadable,
            lookalike_only: false,
            score: 0.5,
            steps: Vec::new(),
            record: 1,
            model: None,
            firearm_type: None,
            caliber: None,
        };
        assert_eq!(distance(&found(1, 0), false, Lang::En), "1 edit");
        assert_eq!(distance(&found(2, 0), false, Lang::En), "2 edits");
        assert_eq!(distance(&found(0, 0), false, Lang::Es), "0 cambios");
        assert_eq!(distance(&found(1, 0), false, Lang::Es), "1 cambio");
        assert_eq!(distance(&found(0, 1), true, Lang::En), "1 unreadable");
        assert_eq!(distance(&found(0, 3), true, Lang::Es), "3 ilegibles");
    }

    #[test]
    fn a_found_firearm_is_described_in_the_users_language() {
        use rastro_domain::codes::{Caliber, FirearmType};
        let mut found = Found {
            maker: "Glock".into(),
            serial: "ABC123".into(),
            edits: 0,
            unreadable: 0,
            lookalike_only: false,
            score: 1.0,
            steps: Vec::new(),
            record: 1,
            model: Some("G19".into()),
            firearm_type: Some(FirearmType::Pistol),
            caliber: Caliber::parse("9mm"),
        };
        assert_eq!(firearm(&found, Lang::En), "Pistol, 9x19 mm, G19");
        assert_eq!(firearm(&found, Lang::Es), "Pistola, 9x19 mm, G19");
        (found.model, found.caliber) = (None, None);
        assert_eq!(firearm(&found, Lang::Es), "Pistola");
    }

    #[test]
    fn each_step_is_said_in_both_languages() {
        let steps = [
            Step::Substituted {
                at: 3,
                from: '4',
                to: '3',
            },
            Step::Inserted { at: 9, ch: '1' },
            Step::Dropped { at: 1, ch: 'S' },
            Step::Transposed { at: 5 },
            Step::LookAlike {
                at: 3,
                from: 'O',
                to: '0',
            },
            Step::Wildcard { at: 2, len: 1 },
            Step::Wildcard { at: 2, len: 3 },
        ];
        for step in &steps {
            let (en, es) = (describe_step(step, Lang::En), describe_step(step, Lang::Es));
            assert!(en.starts_with("character"), "{en}");
            assert!(es.starts_with("car"), "{es}");
            assert_ne!(en, es);
        }
        assert_eq!(
            describe_step(&steps[4], Lang::Es),
            "carácter 3: se leyó O, parecido al 0 que consta"
        );
        assert_eq!(
            describe_step(&steps[6], Lang::En),
            "characters 2–4: unreadable"
        );
    }

    #[test]
    fn search_errors_are_said_in_spanish() {
        let too_short = SearchError::Query(QueryError::TooShort {
            readable: 2,
            needed: 4,
        });
        assert_eq!(
            search_error(&too_short, Lang::Es),
            "la búsqueda tiene 2 carácter(es) legible(s); se necesitan al menos 4"
        );
        assert_eq!(search_error(&too_short, Lang::En), too_short.to_string());
        let zeros = SearchError::Query(QueryError::NothingLeft);
        assert_eq!(
            search_error(&zeros, Lang::Es),
            "la búsqueda es solo separadores y ceros a la izquierda: no queda serie que comparar"
        );
        let maker = SearchError::UnknownMaker {
            name: "ZZZ".into(),
            closest: None,
        };
        assert_eq!(
            search_error(&maker, Lang::Es),
            "ningún fabricante ni registro se llama «ZZZ»"
        );
        let typo = SearchError::UnknownMaker {
            name: "Cotl".into(),
            closest: Some("Colt".into()),
        };
        says(
            |lang| search_error(&typo, lang),
            "ningún fabricante ni registro se llama «Cotl» (¿quiso decir Colt?)",
            "no maker or record goes by «Cotl» (did you mean Colt?)",
        );
    }

    /// Asserts what `say` says in Spanish, then in English.
    fn says(say: impl Fn(Lang) -> String, es: &str, en: &str) {
        assert_eq!(say(Lang::Es), es);
        assert_eq!(say(Lang::En), en);
    }

    #[test]
    fn a_file_that_cannot_be_written_says_why_in_plain_words() {
        let path = std::path::Path::new("/no/informe.html");
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        says(
            |lang| cannot_write(path, &missing, lang).to_string(),
            "no se puede escribir /no/informe.html: su carpeta no existe",
            "cannot write /no/informe.html: its folder does not exist",
        );
    }

    #[test]
    fn a_missing_store_is_said_in_spanish() {
        let missing = StoreError::Missing {
            path: "datos".into(),
        };
        says(
            |lang| store_error(&missing, lang),
            "no hay un almacén de rastro en datos: importe archivos en él primero",
            "there is no rastro store in datos: import files into it first",
        );
    }

    #[test]
    fn a_full_list_of_candidates_may_stand_for_more() {
        assert_eq!(listed_count(0, Lang::En), None);
        assert_eq!(listed_count(3, Lang::Es).as_deref(), Some("3"));
        assert_eq!(listed_count(20, Lang::En).as_deref(), Some("20 or more"));
        assert_eq!(listed_count(20, Lang::Es).as_deref(), Some("20 o más"));
    }

    #[test]
    fn a_world_too_small_to_generate_is_said_in_spanish() {
        let few = SynthError::TooFewRequests { got: 10, min: 100 };
        says(
            |lang| synth_error(&few, lang),
            "un mundo sintético necesita al menos 100 solicitudes (se pidieron 10)",
            "a synthetic world needs at least 100 requests (got 10)",
        );
    }
}
