//! Places: US states (licensee premises, buyer addresses) and Mexican states and municipalities
//! (recovery places). Small hand-made tables; the weights are the calibration's, not a census.

/// A US state as the generator needs it.
pub struct UsState {
    pub code: &'static str,
    /// ATF region digit used in the FFL number (plausible, not ATF's real map).
    pub region: u8,
    /// ATF district numbers used in the FFL number.
    pub districts: &'static [u8],
    /// Cities with the first three digits of their ZIP codes.
    pub cities: &'static [(&'static str, &'static str)],
    /// Share of the border-state retail population (calibration §2.2) or, for the other states,
    /// a rough share of the rest of the country's dealers.
    pub retail_weight: f64,
    /// Share of traced Mexico guns whose first retail sale was in this state (calibration §1.3).
    pub source_weight: f64,
}

macro_rules! st {
    ($code:literal, $reg:literal, [$($d:literal),*], [$(($c:literal, $z:literal)),*], $rw:literal, $sw:literal) => {
        UsState {
            code: $code,
            region: $reg,
            districts: &[$($d),*],
            cities: &[$(($c, $z)),*],
            retail_weight: $rw,
            source_weight: $sw,
        }
    };
}

/// The four border states first: the generator relies on that order (see `is_border`).
pub static US_STATES: &[UsState] = &[
    st!(
        "TX",
        5,
        [74, 76, 62],
        [
            ("HOUSTON", "770"),
            ("SAN ANTONIO", "782"),
            ("DALLAS", "752"),
            ("EL PASO", "799"),
            ("MCALLEN", "785"),
            ("LAREDO", "780"),
            ("AUSTIN", "787"),
            ("FORT WORTH", "761"),
            ("BROWNSVILLE", "785"),
            ("CORPUS CHRISTI", "784"),
            ("KATY", "774"),
            ("ODESSA", "797")
        ],
        0.55,
        0.42
    ),
    st!(
        "CA",
        9,
        [33, 95, 68],
        [
            ("LOS ANGELES", "900"),
            ("SAN DIEGO", "921"),
            ("FRESNO", "937"),
            ("BAKERSFIELD", "933"),
            ("SACRAMENTO", "958"),
            ("CHULA VISTA", "919"),
            ("EL CENTRO", "922"),
            ("RIVERSIDE", "925")
        ],
        0.25,
        0.10
    ),
    st!(
        "AZ",
        9,
        [86],
        [
            ("PHOENIX", "850"),
            ("TUCSON", "857"),
            ("MESA", "852"),
            ("GLENDALE", "853"),
            ("DOUGLAS", "856"),
            ("NOGALES", "856"),
            ("YUMA", "853"),
            ("SCOTTSDALE", "852")
        ],
        0.15,
        0.19
    ),
    st!(
        "NM",
        5,
        [85],
        [
            ("ALBUQUERQUE", "871"),
            ("LAS CRUCES", "880"),
            ("SANTA FE", "875"),
            ("DEMING", "880"),
            ("ROSWELL", "882")
        ],
        0.05,
        0.04
    ),
    st!(
        "FL",
        1,
        [59, 65],
        [
            ("MIAMI", "331"),
            ("ORLANDO", "328"),
            ("TAMPA", "336"),
            ("JACKSONVILLE", "322"),
            ("DELRAY BEACH", "334"),
            ("COCOA", "329")
        ],
        0.10,
        0.050
    ),
    st!(
        "GA",
        1,
        [58],
        [("ATLANTA", "303"), ("SAVANNAH", "314"), ("SMYRNA", "300")],
        0.06,
        0.025
    ),
    st!(
        "NV",
        9,
        [88],
        [("LAS VEGAS", "891"), ("RENO", "895")],
        0.03,
        0.020
    ),
    st!(
        "CO",
        8,
        [84],
        [
            ("DENVER", "802"),
            ("COLORADO SPRINGS", "809"),
            ("PUEBLO", "810")
        ],
        0.04,
        0.020
    ),
    st!(
        "OK",
        5,
        [73],
        [("OKLAHOMA CITY", "731"), ("TULSA", "741")],
        0.04,
        0.020
    ),
    st!(
        "LA",
        5,
        [72],
        [("NEW ORLEANS", "701"), ("BATON ROUGE", "708")],
        0.03,
        0.010
    ),
    st!(
        "AR",
        5,
        [71],
        [("LITTLE ROCK", "722"), ("FORT SMITH", "729")],
        0.03,
        0.008
    ),
    st!(
        "TN",
        4,
        [62],
        [
            ("NASHVILLE", "372"),
            ("MURFREESBORO", "371"),
            ("MEMPHIS", "381")
        ],
        0.04,
        0.010
    ),
    st!(
        "NC",
        1,
        [56],
        [("RALEIGH", "276"), ("CHARLOTTE", "282"), ("MADISON", "270")],
        0.05,
        0.010
    ),
    st!(
        "IL",
        3,
        [36],
        [
            ("CHICAGO", "606"),
            ("GENESEO", "612"),
            ("EAST ALTON", "620"),
            ("COLONA", "612")
        ],
        0.04,
        0.012
    ),
    st!(
        "WA",
        9,
        [91],
        [("SEATTLE", "981"), ("SPOKANE", "992")],
        0.04,
        0.006
    ),
    st!(
        "UT",
        8,
        [87],
        [("SALT LAKE CITY", "841"), ("MORGAN", "840")],
        0.02,
        0.004
    ),
    st!(
        "KS",
        4,
        [48],
        [("WICHITA", "672"), ("KANSAS CITY", "661")],
        0.02,
        0.004
    ),
    st!(
        "MO",
        4,
        [43],
        [("ST LOUIS", "631"), ("SPRINGFIELD", "658")],
        0.04,
        0.005
    ),
    st!(
        "AL",
        4,
        [63],
        [("BIRMINGHAM", "352"), ("MOBILE", "366")],
        0.03,
        0.004
    ),
    st!("MS", 4, [64], [("JACKSON", "392")], 0.02, 0.003),
    st!(
        "OH",
        3,
        [31],
        [
            ("COLUMBUS", "432"),
            ("MANSFIELD", "449"),
            ("CLEVELAND", "441")
        ],
        0.05,
        0.005
    ),
    st!(
        "PA",
        8,
        [23],
        [("PHILADELPHIA", "191"), ("PITTSBURGH", "152")],
        0.06,
        0.004
    ),
    st!(
        "VA",
        8,
        [54],
        [("RICHMOND", "232"), ("MCLEAN", "221")],
        0.04,
        0.004
    ),
    st!(
        "NY",
        6,
        [16],
        [("ALBANY", "122"), ("ILION", "133"), ("YONKERS", "107")],
        0.03,
        0.003
    ),
    st!(
        "MI",
        3,
        [38],
        [("DETROIT", "482"), ("GRAND RAPIDS", "495")],
        0.04,
        0.003
    ),
    st!(
        "SC",
        1,
        [57],
        [("COLUMBIA", "292"), ("GREENVILLE", "296")],
        0.03,
        0.003
    ),
    st!(
        "MA",
        6,
        [4],
        [("SPRINGFIELD", "011"), ("WESTFIELD", "010")],
        0.01,
        0.001
    ),
    st!(
        "CT",
        6,
        [6],
        [
            ("WEST HARTFORD", "061"),
            ("SOUTHPORT", "068"),
            ("NORTH HAVEN", "064"),
            ("SHELTON", "064")
        ],
        0.01,
        0.001
    ),
    st!(
        "NH",
        6,
        [2],
        [("NEWINGTON", "038"), ("NEWPORT", "037")],
        0.01,
        0.001
    ),
    st!(
        "MD",
        8,
        [52],
        [("ACCOKEEK", "206"), ("BALTIMORE", "212")],
        0.02,
        0.001
    ),
    st!(
        "ME",
        6,
        [1],
        [("WINDHAM", "040"), ("BANGOR", "044")],
        0.01,
        0.001
    ),
    st!(
        "MN",
        3,
        [41],
        [("ST CLOUD", "563"), ("MINNEAPOLIS", "554")],
        0.03,
        0.002
    ),
    st!("NJ", 8, [22], [("BAYONNE", "070")], 0.01, 0.001),
    st!(
        "VT",
        6,
        [3],
        [("GEORGIA", "054"), ("BURLINGTON", "054")],
        0.005,
        0.001
    ),
];

/// Index of a state code in `US_STATES`.
pub fn us_state_index(code: &str) -> usize {
    US_STATES
        .iter()
        .position(|s| s.code == code)
        .unwrap_or_default()
}

/// The four border states are the first four rows of `US_STATES`.
pub fn is_border(state: usize) -> bool {
    state < 4
}

/// A Mexican state (federal entity), its share of the recoveries submitted for tracing, and a few of
/// its municipalities.
pub struct MxState {
    pub name: &'static str,
    pub weight: f64,
    pub municipalities: &'static [&'static str],
}

macro_rules! mx {
    ($name:literal, $w:literal, [$($m:literal),*]) => {
        MxState { name: $name, weight: $w, municipalities: &[$($m),*] }
    };
}

pub static MX_STATES: &[MxState] = &[
    mx!(
        "Tamaulipas",
        12.0,
        [
            "Reynosa",
            "Matamoros",
            "Nuevo Laredo",
            "Ciudad Victoria",
            "Tampico"
        ]
    ),
    mx!(
        "Chihuahua",
        11.0,
        [
            "Juárez",
            "Chihuahua",
            "Cuauhtémoc",
            "Parral",
            "Guadalupe y Calvo"
        ]
    ),
    mx!(
        "Sinaloa",
        10.0,
        ["Culiacán", "Mazatlán", "Navolato", "Los Mochis", "Guasave"]
    ),
    mx!(
        "Sonora",
        9.0,
        [
            "Hermosillo",
            "Nogales",
            "San Luis Río Colorado",
            "Cajeme",
            "Caborca",
            "Agua Prieta"
        ]
    ),
    mx!(
        "Baja California",
        8.0,
        ["Tijuana", "Mexicali", "Ensenada", "Tecate"]
    ),
    mx!(
        "Nuevo León",
        7.0,
        [
            "Monterrey",
            "Apodaca",
            "Guadalupe",
            "San Nicolás de los Garza",
            "Cadereyta Jiménez"
        ]
    ),
    mx!(
        "Jalisco",
        6.0,
        [
            "Guadalajara",
            "Zapopan",
            "Tlaquepaque",
            "Puerto Vallarta",
            "Lagos de Moreno"
        ]
    ),
    mx!(
        "Michoacán",
        6.0,
        [
            "Morelia",
            "Apatzingán",
            "Uruapan",
            "Lázaro Cárdenas",
            "Zamora"
        ]
    ),
    mx!(
        "Guerrero",
        6.0,
        [
            "Acapulco de Juárez",
            "Chilpancingo de los Bravo",
            "Iguala de la Independencia",
            "Zihuatanejo de Azueta"
        ]
    ),
    mx!(
        "Ciudad de México",
        4.0,
        ["Iztapalapa", "Gustavo A. Madero", "Cuauhtémoc", "Tlalpan"]
    ),
    mx!(
        "México",
        4.0,
        [
            "Ecatepec de Morelos",
            "Nezahualcóyotl",
            "Toluca",
            "Naucalpan de Juárez"
        ]
    ),
    mx!("Durango", 3.0, ["Durango", "Gómez Palacio", "Lerdo"]),
    mx!(
        "Coahuila",
        3.0,
        ["Torreón", "Saltillo", "Piedras Negras", "Monclova"]
    ),
    mx!(
        "Guanajuato",
        2.0,
        ["León", "Celaya", "Irapuato", "Salamanca"]
    ),
    mx!("Zacatecas", 2.0, ["Zacatecas", "Fresnillo", "Guadalupe"]),
    mx!(
        "Veracruz",
        2.0,
        [
            "Veracruz",
            "Xalapa",
            "Coatzacoalcos",
            "Poza Rica de Hidalgo"
        ]
    ),
    mx!("Morelos", 1.5, ["Cuernavaca", "Cuautla", "Jiutepec"]),
    mx!("Nayarit", 1.5, ["Tepic", "Bahía de Banderas"]),
    mx!("San Luis Potosí", 1.0, ["San Luis Potosí", "Ciudad Valles"]),
    mx!("Baja California Sur", 0.5, ["La Paz", "Los Cabos"]),
    mx!("Oaxaca", 0.5, ["Oaxaca de Juárez", "Juchitán de Zaragoza"]),
    mx!("Chiapas", 0.5, ["Tuxtla Gutiérrez", "Tapachula"]),
    mx!("Quintana Roo", 0.5, ["Benito Juárez", "Othón P. Blanco"]),
    mx!("Puebla", 0.5, ["Puebla", "Tehuacán"]),
    mx!("Colima", 0.5, ["Colima", "Manzanillo", "Tecomán"]),
    mx!("Hidalgo", 0.3, ["Pachuca de Soto", "Tulancingo de Bravo"]),
    mx!("Querétaro", 0.3, ["Querétaro", "San Juan del Río"]),
    mx!("Tabasco", 0.3, ["Centro", "Cárdenas"]),
    mx!("Aguascalientes", 0.2, ["Aguascalientes"]),
    mx!("Yucatán", 0.1, ["Mérida"]),
    mx!("Tlaxcala", 0.1, ["Tlaxcala", "Apizaco"]),
    mx!("Campeche", 0.1, ["Campeche", "Carmen"]),
];

/// The trafficking corridors of calibration §1.3: where guns first sold in a border state tend to
/// be recovered (AZ→Sonora, TX→Tamaulipas/Nuevo León/Chihuahua, CA→Baja California, NM→Chihuahua).
pub fn corridor(us_state: usize) -> &'static [&'static str] {
    match US_STATES[us_state].code {
        "TX" => &[
            "Tamaulipas",
            "Nuevo León",
            "Chihuahua",
            "Coahuila",
            "Guanajuato",
        ],
        "AZ" => &["Sonora", "Sinaloa", "Chihuahua"],
        "CA" => &["Baja California", "Sinaloa", "Jalisco"],
        "NM" => &["Chihuahua", "Sonora"],
        _ => &[],
    }
}

pub fn mx_state_index(name: &str) -> usize {
    MX_STATES
        .iter()
        .position(|s| s.name == name)
        .unwrap_or_default()
}

/// Street names for US addresses.
pub static STREETS: &[&str] = &[
    "MAIN",
    "OAK",
    "PINE",
    "MAPLE",
    "CEDAR",
    "ELM",
    "WASHINGTON",
    "LAKE",
    "HILL",
    "PARK",
    "SUNSET",
    "MESQUITE",
    "RIO GRANDE",
    "CACTUS",
    "MISSION",
    "ALAMO",
    "SAN PEDRO",
    "INDIAN SCHOOL",
    "CAMELBACK",
    "SPEEDWAY",
    "GRANT",
    "BROADWAY",
    "JEFFERSON",
    "LINCOLN",
    "MADISON",
    "FRANKLIN",
    "HIGHLAND",
    "RIVERSIDE",
    "BUENA VISTA",
    "LAS PALMAS",
    "VALLEY VIEW",
    "CENTRAL",
    "COMMERCE",
    "INDUSTRIAL",
    "RAILROAD",
    "CHURCH",
    "MILL",
    "SPRING",
    "WILLOW",
    "COLLEGE",
];

pub static STREET_KINDS: &[&str] = &["ST", "AVE", "RD", "DR", "BLVD", "LN", "HWY", "PKWY", "CT"];
