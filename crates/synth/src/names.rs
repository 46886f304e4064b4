//! Person names and addresses. Small weighted tables shipped in the code: US Census 2010 top
//! surnames (approximate counts per 100,000), INEGI top Mexican surnames (registrations 2017–20,
//! in thousands), and common given names. No personal data from any leak: every person is drawn at
//! random from these tables.

use chrono::NaiveDate;
use rand::rngs::SmallRng;
use rand::Rng;

use crate::dist::Weighted;
use crate::geo::{UsState, STREETS, STREET_KINDS};

static US_SURNAMES: &[(&str, u32)] = &[
    ("SMITH", 828),
    ("JOHNSON", 655),
    ("WILLIAMS", 550),
    ("BROWN", 487),
    ("JONES", 483),
    ("MILLER", 394),
    ("DAVIS", 377),
    ("WILSON", 283),
    ("ANDERSON", 277),
    ("THOMAS", 267),
    ("TAYLOR", 264),
    ("MOORE", 252),
    ("JACKSON", 249),
    ("MARTIN", 245),
    ("LEE", 235),
    ("THOMPSON", 228),
    ("WHITE", 226),
    ("HARRIS", 213),
    ("CLARK", 196),
    ("LEWIS", 189),
    ("ROBINSON", 187),
    ("WALKER", 184),
    ("YOUNG", 167),
    ("ALLEN", 166),
    ("KING", 164),
    ("WRIGHT", 163),
    ("SCOTT", 158),
    ("NGUYEN", 152),
    ("HILL", 151),
    ("GREEN", 149),
    ("ADAMS", 146),
    ("NELSON", 146),
    ("BAKER", 145),
    ("HALL", 140),
    ("CAMPBELL", 136),
    ("MITCHELL", 135),
    ("CARTER", 133),
    ("ROBERTS", 133),
    ("PHILLIPS", 117),
    ("EVANS", 116),
    ("TURNER", 115),
    ("PARKER", 110),
    ("COLLINS", 107),
    ("EDWARDS", 106),
    ("STEWART", 106),
    ("MORRIS", 103),
    ("MURPHY", 100),
    ("COOK", 99),
    ("ROGERS", 99),
    ("MORGAN", 93),
    ("COOPER", 91),
    ("PETERSON", 91),
    ("BAILEY", 88),
    ("REED", 88),
    ("KELLY", 87),
    ("HOWARD", 86),
    ("COX", 83),
    ("WARD", 83),
    ("RICHARDSON", 83),
    ("WATSON", 81),
    ("BROOKS", 81),
    ("WOOD", 80),
    ("JAMES", 79),
    ("BENNETT", 79),
    ("GRAY", 78),
    ("HUGHES", 74),
    ("PRICE", 74),
    ("MYERS", 73),
    ("LONG", 73),
    ("FOSTER", 72),
    ("SANDERS", 72),
    ("ROSS", 71),
    ("POWELL", 68),
    ("SULLIVAN", 68),
    ("RUSSELL", 68),
];

/// Mexican surnames with their accents; US books usually drop them.
static MX_SURNAMES: &[(&str, u32)] = &[
    ("Hernández", 672),
    ("García", 459),
    ("Martínez", 447),
    ("López", 412),
    ("González", 353),
    ("Pérez", 332),
    ("Rodríguez", 293),
    ("Sánchez", 289),
    ("Ramírez", 258),
    ("Cruz", 205),
    ("Flores", 181),
    ("Gómez", 180),
    ("Morales", 149),
    ("Vázquez", 145),
    ("Jiménez", 141),
    ("Reyes", 141),
    ("Torres", 129),
    ("Díaz", 125),
    ("Gutiérrez", 113),
    ("Mendoza", 101),
    ("Ruiz", 95),
    ("Aguilar", 90),
    ("Ortiz", 88),
    ("Moreno", 85),
    ("Castillo", 80),
    ("Romero", 78),
    ("Álvarez", 75),
    ("Chávez", 74),
    ("Rivera", 70),
    ("Juárez", 68),
    ("Domínguez", 66),
    ("Herrera", 65),
    ("Medina", 63),
    ("Castro", 60),
    ("Vargas", 57),
    ("Guzmán", 55),
    ("Velázquez", 53),
    ("Muñoz", 52),
    ("Salazar", 50),
    ("Rojas", 48),
    ("Contreras", 47),
    ("Luna", 46),
    ("Ortega", 45),
    ("Delgado", 44),
    ("Estrada", 43),
    ("Soto", 42),
    ("Cortés", 41),
    ("Núñez", 40),
    ("Ibarra", 38),
    ("Zúñiga", 30),
];

static US_MALE: &[(&str, u32)] = &[
    ("JAMES", 33),
    ("JOHN", 33),
    ("ROBERT", 32),
    ("MICHAEL", 27),
    ("WILLIAM", 25),
    ("DAVID", 24),
    ("RICHARD", 16),
    ("JOSEPH", 13),
    ("THOMAS", 13),
    ("CHRISTOPHER", 11),
    ("CHARLES", 11),
    ("DANIEL", 10),
    ("MATTHEW", 9),
    ("ANTHONY", 8),
    ("MARK", 8),
    ("DONALD", 8),
    ("STEVEN", 7),
    ("PAUL", 7),
    ("ANDREW", 6),
    ("JOSHUA", 6),
    ("KENNETH", 6),
    ("KEVIN", 6),
    ("BRIAN", 6),
    ("GEORGE", 6),
    ("TIMOTHY", 5),
    ("RONALD", 5),
    ("JASON", 5),
    ("EDWARD", 5),
    ("JEFFREY", 5),
    ("RYAN", 4),
    ("JACOB", 4),
    ("GARY", 4),
    ("NICHOLAS", 4),
    ("ERIC", 4),
    ("TRAVIS", 3),
];

static US_FEMALE: &[(&str, u32)] = &[
    ("MARY", 29),
    ("PATRICIA", 11),
    ("JENNIFER", 11),
    ("LINDA", 11),
    ("ELIZABETH", 10),
    ("BARBARA", 10),
    ("SUSAN", 9),
    ("JESSICA", 8),
    ("SARAH", 8),
    ("KAREN", 8),
    ("LISA", 7),
    ("NANCY", 7),
    ("BETTY", 6),
    ("SANDRA", 6),
    ("MARGARET", 6),
    ("ASHLEY", 6),
    ("KIMBERLY", 6),
    ("EMILY", 5),
    ("DONNA", 5),
    ("MICHELLE", 5),
    ("AMANDA", 5),
    ("MELISSA", 5),
    ("STEPHANIE", 4),
];

static MX_MALE: &[(&str, u32)] = &[
    ("José", 40),
    ("Juan", 38),
    ("Luis", 22),
    ("Carlos", 20),
    ("Jesús", 20),
    ("Jorge", 17),
    ("Miguel", 17),
    ("Francisco", 16),
    ("Alejandro", 15),
    ("Antonio", 14),
    ("Manuel", 13),
    ("Pedro", 10),
    ("Ricardo", 10),
    ("Fernando", 10),
    ("Raúl", 9),
    ("Javier", 9),
    ("Roberto", 9),
    ("Eduardo", 8),
    ("Daniel", 8),
    ("Sergio", 8),
    ("Mario", 7),
    ("Arturo", 7),
    ("Ángel", 7),
    ("Héctor", 6),
    ("Omar", 6),
    ("Martín", 6),
    ("Víctor", 6),
    ("Rubén", 5),
    ("Ramón", 5),
    ("Joaquín", 4),
    ("Efraín", 3),
    ("Iván", 3),
];

static MX_FEMALE: &[(&str, u32)] = &[
    ("María", 45),
    ("Guadalupe", 30),
    ("Juana", 12),
    ("Rosa", 10),
    ("Ana", 10),
    ("Martha", 9),
    ("Verónica", 8),
    ("Leticia", 8),
    ("Elizabeth", 8),
    ("Gabriela", 7),
    ("Patricia", 7),
    ("Adriana", 7),
    ("Alejandra", 6),
    ("Claudia", 6),
    ("Silvia", 6),
    ("Araceli", 5),
    ("Mónica", 5),
    ("Yolanda", 5),
    ("Sofía", 4),
    ("Mariana", 4),
];

/// Weighted name tables, built once.
pub struct NameTables {
    us_surname: Weighted,
    mx_surname: Weighted,
    us_male: Weighted,
    us_female: Weighted,
    mx_male: Weighted,
    mx_female: Weighted,
}

/// A retail buyer as the Form 4473 and the A&D book record them.
#[derive(Debug, Clone)]
pub struct Buyer {
    /// `LAST, FIRST MIDDLE`, as written in the book.
    pub name: String,
    pub address: String,
    pub dob: NaiveDate,
    pub id: String,
}

/// A Mexican possessor as a Spanish trace request records them.
#[derive(Debug, Clone, Default)]
pub struct Possessor {
    pub paterno: String,
    pub materno: String,
    pub nombre: String,
    pub dob: Option<NaiveDate>,
}

fn table(rows: &[(&str, u32)]) -> Weighted {
    Weighted::new(rows.iter().map(|&(_, w)| f64::from(w)))
}

impl NameTables {
    pub fn new() -> Self {
        Self {
            us_surname: table(US_SURNAMES),
            mx_surname: table(MX_SURNAMES),
            us_male: table(US_MALE),
            us_female: table(US_FEMALE),
            mx_male: table(MX_MALE),
            mx_female: table(MX_FEMALE),
        }
    }

    fn mx_surname(&self, rng: &mut SmallRng) -> &'static str {
        MX_SURNAMES[self.mx_surname.sample(rng)].0
    }

    fn mx_given(&self, rng: &mut SmallRng, female: bool) -> &'static str {
        if female {
            MX_FEMALE[self.mx_female.sample(rng)].0
        } else {
            MX_MALE[self.mx_male.sample(rng)].0
        }
    }

    /// A US buyer. Border-state buyers are often Hispanic; their names go through the 4473 side of
    /// the person-name noise model (calibration §7.E): accents dropped, ñ→N, materno dropped,
    /// moved to the middle name, or hyphenated.
    pub fn buyer(
        &self,
        rng: &mut SmallRng,
        state: &UsState,
        border: bool,
        born_after: NaiveDate,
    ) -> Buyer {
        let hispanic = rng.gen_bool(if border { 0.6 } else { 0.15 });
        let female = rng.gen_bool(0.3);
        let name = if hispanic {
            self.hispanic_us_name(rng, female)
        } else {
            let last = US_SURNAMES[self.us_surname.sample(rng)].0;
            let first = self.us_given(rng, female);
            let middle = self.us_given(rng, female);
            if rng.gen_bool(0.7) {
                format!("{last}, {first} {}", &middle[..1])
            } else {
                format!("{last}, {first} {middle}")
            }
        };
        let address = us_address(rng, state);
        let age_days = rng.gen_range(21 * 365..65 * 365);
        let dob = born_after - chrono::Duration::days(age_days);
        let id = format!(
            "{} DL {:08}",
            state.code,
            rng.gen_range(10_000_000..99_999_999u32)
        );
        Buyer {
            name,
            address,
            dob,
            id,
        }
    }

    fn us_given(&self, rng: &mut SmallRng, female: bool) -> &'static str {
        if female {
            US_FEMALE[self.us_female.sample(rng)].0
        } else {
            US_MALE[self.us_male.sample(rng)].0
        }
    }

    fn hispanic_us_name(&self, rng: &mut SmallRng, female: bool) -> String {
        let (p, m, f) = (
            self.mx_surname(rng),
            self.mx_surname(rng),
            self.mx_given(rng, female),
        );
        let paterno = us_spelling(rng, p);
        let materno = us_spelling(rng, m);
        let first = us_spelling(rng, f);
        match rng.gen_range(0..100) {
            0..=4 => format!("{paterno}-{materno}, {first}"),
            5..=9 => format!("{paterno}{materno}, {first}"),
            10..=29 => format!("{paterno}, {first} {materno}"),
            _ => format!("{paterno}, {first}"),
        }
    }

    /// A possessor named in a Mexican request: full two-surname form, accents kept.
    pub fn possessor(&self, rng: &mut SmallRng, recovered_on: NaiveDate) -> Possessor {
        let female = rng.gen_bool(0.08);
        let mut nombre = self.mx_given(rng, female).to_string();
        if rng.gen_bool(0.3) {
            nombre.push(' ');
            nombre.push_str(self.mx_given(rng, female));
        }
        if rng.gen_bool(0.1) {
            nombre = nombre.replace("María", "Ma.").replace("José", "J.");
        }
        let materno = if rng.gen_bool(0.9) {
            self.mx_surname(rng).to_string()
        } else {
            String::new()
        };
        let dob = rng.gen_bool(0.6).then(|| {
            let age = rng.gen_range(17 * 365..55 * 365);
            recovered_on - chrono::Duration::days(age)
        });
        Possessor {
            paterno: self.mx_surname(rng).to_string(),
            materno,
            nombre,
            dob,
        }
    }

    /// A Mexican agent's name, for the `agente`/`officer` column.
    pub fn agent(&self, rng: &mut SmallRng) -> String {
        let female = rng.gen_bool(0.2);
        format!(
            "{} {} {}",
            self.mx_given(rng, female),
            self.mx_surname(rng),
            self.mx_surname(rng)
        )
    }

    /// A licensee's owner, `LAST, FIRST`.
    pub fn owner(&self, rng: &mut SmallRng, border: bool) -> String {
        if rng.gen_bool(if border { 0.4 } else { 0.1 }) {
            format!(
                "{}, {}",
                strip_accents(self.mx_surname(rng)).to_uppercase(),
                strip_accents(self.mx_given(rng, false)).to_uppercase()
            )
        } else {
            format!(
                "{}, {}",
                US_SURNAMES[self.us_surname.sample(rng)].0,
                self.us_given(rng, false)
            )
        }
    }

    /// A plain surname, for business names.
    pub fn us_surname(&self, rng: &mut SmallRng) -> &'static str {
        US_SURNAMES[self.us_surname.sample(rng)].0
    }
}

impl Default for NameTables {
    fn default() -> Self {
        Self::new()
    }
}

/// How a Spanish name lands in a US book: upper case, accents dropped (~90%), ñ→N (~80%).
fn us_spelling(rng: &mut SmallRng, name: &str) -> String {
    let upper = name.to_uppercase();
    if upper.is_ascii() {
        return upper;
    }
    let keep_enye = !rng.gen_bool(0.8);
    let keep_accents = !rng.gen_bool(0.9);
    upper
        .chars()
        .map(|c| match c {
            'Ñ' if keep_enye => 'Ñ',
            c if keep_accents && c != 'Ñ' => c,
            c => fold_accent(c),
        })
        .collect()
}

/// A street address in `state`, `123 OAK ST, HOUSTON, TX 77012`.
pub fn us_address(rng: &mut SmallRng, state: &UsState) -> String {
    let (city, zip3) = state.cities[rng.gen_range(0..state.cities.len())];
    format!(
        "{} {} {}, {}, {} {}{:02}",
        rng.gen_range(100..9999),
        STREETS[rng.gen_range(0..STREETS.len())],
        STREET_KINDS[rng.gen_range(0..STREET_KINDS.len())],
        city,
        state.code,
        zip3,
        rng.gen_range(1..99)
    )
}

/// Drops the accent from one Latin-1 letter.
pub fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'ä' | 'â' => 'a',
        'é' | 'è' | 'ë' | 'ê' => 'e',
        'í' | 'ì' | 'ï' | 'î' => 'i',
        'ó' | 'ò' | 'ö' | 'ô' => 'o',
        'ú' | 'ù' | 'ü' | 'û' => 'u',
        'ñ' => 'n',
        'Á' | 'À' | 'Ä' | 'Â' => 'A',
        'É' | 'È' | 'Ë' | 'Ê' => 'E',
        'Í' | 'Ì' | 'Ï' | 'Î' => 'I',
        'Ó' | 'Ò' | 'Ö' | 'Ô' => 'O',
        'Ú' | 'Ù' | 'Ü' | 'Û' => 'U',
        'Ñ' => 'N',
        c => c,
    }
}

pub fn strip_accents(s: &str) -> String {
    s.chars().map(fold_accent).collect()
}
