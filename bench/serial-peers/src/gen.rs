//! `--generate N`: a synthetic corpus and query set in the benchmark's TSV format, for use until
//! rastro's own benchmark has written its corpus.
//!
//! ~1,000 makers with a Zipf skew (a few makers hold most serials); real-looking formats:
//! Glock `LLL###`, Ruger `NNN-NNNNN`, S&W `LLL####`, Colt `LE######`, plain numeric, and a few
//! more; some serials lower-cased, with separators, or with leading zeros.

use rand::{rngs::SmallRng, Rng, SeedableRng};
use std::io::{BufWriter, Write};
use std::path::Path;

const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

#[derive(Clone, Copy)]
enum Format {
    Glock,
    Ruger,
    Sw,
    Colt,
    Numeric(usize),
    LetterDigits(usize, usize),
}

fn letter(rng: &mut SmallRng) -> char {
    LETTERS[rng.gen_range(0..26)] as char
}
fn digit(rng: &mut SmallRng) -> char {
    (b'0' + rng.gen_range(0..10)) as char
}

fn serial(rng: &mut SmallRng, f: Format) -> String {
    let mut s = String::new();
    match f {
        Format::Glock => {
            (0..3).for_each(|_| s.push(letter(rng)));
            (0..3).for_each(|_| s.push(digit(rng)));
        }
        Format::Ruger => {
            (0..3).for_each(|_| s.push(digit(rng)));
            s.push('-');
            (0..5).for_each(|_| s.push(digit(rng)));
        }
        Format::Sw => {
            (0..3).for_each(|_| s.push(letter(rng)));
            (0..4).for_each(|_| s.push(digit(rng)));
        }
        Format::Colt => {
            s.push_str("LE");
            (0..6).for_each(|_| s.push(digit(rng)));
        }
        Format::Numeric(n) => {
            s.push((b'1' + rng.gen_range(0..9)) as char);
            (1..n).for_each(|_| s.push(digit(rng)));
        }
        Format::LetterDigits(l, d) => {
            (0..l).for_each(|_| s.push(letter(rng)));
            (0..d).for_each(|_| s.push(digit(rng)));
        }
    }
    // Noise as it appears in real records.
    let r: f64 = rng.gen();
    if r < 0.04 {
        s = s.to_lowercase();
    } else if r < 0.08 && s.len() > 3 {
        s.insert(3, if rng.gen_bool(0.5) { ' ' } else { '-' });
    } else if r < 0.10 {
        s.insert(0, '0');
    }
    s
}

fn maker_format(i: usize, rng: &mut SmallRng) -> Format {
    match i {
        0 => Format::Glock,
        1 => Format::Ruger,
        2 => Format::Sw,
        3 => Format::Colt,
        4 => Format::Numeric(7),
        _ => match rng.gen_range(0..6) {
            0 => Format::Glock,
            1 => Format::Sw,
            2 => Format::Ruger,
            3 => Format::Numeric(rng.gen_range(5..=9)),
            4 => Format::LetterDigits(2, rng.gen_range(4..=6)),
            _ => Format::LetterDigits(1, rng.gen_range(5..=7)),
        },
    }
}

fn readable(s: &str) -> Vec<char> {
    s.chars()
        .flat_map(char::to_uppercase)
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '/' | '_'))
        .collect()
}

const LOOKALIKE: &[&[char]] = &[
    &['0', 'O', 'Q', 'D'],
    &['1', 'I', 'L'],
    &['2', 'Z'],
    &['5', 'S'],
    &['6', 'G'],
    &['8', 'B'],
];

fn random_edit(rng: &mut SmallRng, v: &mut Vec<char>) {
    let op = if v.len() <= 4 {
        rng.gen_range(0..2)
    } else {
        rng.gen_range(0..3)
    };
    let c = ALNUM[rng.gen_range(0..ALNUM.len())] as char;
    match op {
        0 if !v.is_empty() => {
            let i = rng.gen_range(0..v.len());
            v[i] = c;
        }
        1 | 0 => {
            let i = rng.gen_range(0..=v.len());
            v.insert(i, c);
        }
        _ => {
            let i = rng.gen_range(0..v.len());
            v.remove(i);
        }
    }
}

pub fn generate(
    n: usize,
    out: &Path,
    per_kind: usize,
    makers: usize,
    seed: u64,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)?;
    let mut rng = SmallRng::seed_from_u64(seed);
    let formats: Vec<Format> = (0..makers).map(|i| maker_format(i, &mut rng)).collect();
    // Zipf(1.1) weights, as a cumulative table.
    let mut cum = Vec::with_capacity(makers);
    let mut acc = 0.0;
    for i in 0..makers {
        acc += 1.0 / ((i + 1) as f64).powf(1.1);
        cum.push(acc);
    }
    let maker_id = |i: usize| format!("MK{i:04}");
    let mut corpus: Vec<(u32, String)> = Vec::with_capacity(n);
    let mut w = BufWriter::new(std::fs::File::create(out.join("corpus.tsv"))?);
    for id in 0..n {
        let x = rng.gen::<f64>() * acc;
        let m = cum.partition_point(|&c| c < x).min(makers - 1);
        let s = serial(&mut rng, formats[m]);
        writeln!(w, "{}\t{}\tF{:09}", maker_id(m), s, id)?;
        corpus.push((m as u32, s));
    }
    w.flush()?;

    let mut w = BufWriter::new(std::fs::File::create(out.join("queries.tsv"))?);
    let kinds = [
        "lookalike",
        "edit1",
        "edit2",
        "transposition",
        "pattern_q",
        "pattern_star",
        "fragment",
    ];
    for kind in kinds {
        let mut made = 0;
        while made < per_kind {
            let (m, s) = &corpus[rng.gen_range(0..corpus.len())];
            let mut v = readable(s);
            if v.len() < 5 {
                continue;
            }
            let (text, k): (String, u32) = match kind {
                "lookalike" => {
                    let pos: Vec<usize> = (0..v.len())
                        .filter(|&i| LOOKALIKE.iter().any(|cl| cl.contains(&v[i])))
                        .collect();
                    if pos.is_empty() {
                        continue;
                    }
                    for _ in 0..rng.gen_range(1..=2) {
                        let i = pos[rng.gen_range(0..pos.len())];
                        let cl = LOOKALIKE.iter().find(|cl| cl.contains(&v[i])).unwrap();
                        v[i] = cl[rng.gen_range(0..cl.len())];
                    }
                    (v.iter().collect(), 1)
                }
                "edit1" => {
                    random_edit(&mut rng, &mut v);
                    (v.iter().collect(), 1)
                }
                "edit2" => {
                    random_edit(&mut rng, &mut v);
                    random_edit(&mut rng, &mut v);
                    (v.iter().collect(), 2)
                }
                "transposition" => {
                    let cand: Vec<usize> = (0..v.len() - 1).filter(|&i| v[i] != v[i + 1]).collect();
                    if cand.is_empty() {
                        continue;
                    }
                    let i = cand[rng.gen_range(0..cand.len())];
                    v.swap(i, i + 1);
                    (v.iter().collect(), 1)
                }
                "pattern_q" => {
                    let q = rng.gen_range(1..=3usize.min(v.len() - 4));
                    let mut pos: Vec<usize> = (0..v.len()).collect();
                    for j in 0..q {
                        let t = rng.gen_range(j..pos.len());
                        pos.swap(j, t);
                        v[pos[j]] = '?';
                    }
                    (v.iter().collect(), 0)
                }
                "pattern_star" => {
                    let keep = rng.gen_range(4..=v.len().min(7));
                    let drop = v.len() - keep;
                    let run = rng.gen_range(0..=drop.min(3));
                    let text: String = match rng.gen_range(0..3) {
                        0 => format!("*{}", v[v.len() - keep..].iter().collect::<String>()),
                        1 => format!("{}*", v[..keep].iter().collect::<String>()),
                        _ => {
                            // Keep a window of keep+run characters, replace `run` of them in the
                            // middle with `*`.
                            let start = rng.gen_range(0..=v.len() - keep - run);
                            let w = &v[start..start + keep + run];
                            let cut = rng.gen_range(1..keep);
                            let mut t: String = w[..cut].iter().collect();
                            t.push('*');
                            t.extend(&w[cut + run..]);
                            if start > 0 {
                                t.insert(0, '*');
                            }
                            if start + keep + run < v.len() {
                                t.push('*');
                            }
                            t
                        }
                    };
                    (text, 0)
                }
                _ => {
                    let len = rng.gen_range(4..=6usize.min(v.len()));
                    let start = rng.gen_range(0..=v.len() - len);
                    (v[start..start + len].iter().collect(), 0)
                }
            };
            let maker = if made % 2 == 0 {
                maker_id(*m as usize)
            } else {
                String::new()
            };
            writeln!(w, "{kind}\t{maker}\t{text}\t{k}")?;
            made += 1;
        }
    }
    w.flush()?;
    Ok(())
}
