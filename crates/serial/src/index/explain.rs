//! Explanations of near hits: one optimal OSA alignment of the L3 forms, traced back through
//! the dynamic-programming table, with look-alike characters shown where the L2 forms differ.
//! Run only on the hits that make the cut, so its quadratic table costs nothing that matters.

use super::query::Step;
use super::verify::osa_table;

/// The steps turning the query (`q3`, L3; `q2`, its L2 form) into the serial (`s3`, `s2`),
/// in serial order. `q2`/`s2` line up with `q3`/`s3` character by character, since folding
/// maps one character to one.
pub(crate) fn alignment(q3: &[char], q2: &[char], s3: &[char], s2: &[char]) -> Vec<Step> {
    if q3 == s3 {
        return lookalikes(q2, s2, s3);
    }
    let d = osa_table(q3, s3);
    let (mut i, mut j) = (q3.len(), s3.len());
    let mut steps = Vec::new();
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && q3[i - 1] == s3[j - 1] && d.at(i, j) == d.at(i - 1, j - 1) {
            let (from, to) = (shown(q2, q3, i - 1), shown(s2, s3, j - 1));
            if from != to {
                steps.push(Step::LookAlike {
                    at: j - 1,
                    from,
                    to,
                });
            }
            (i, j) = (i - 1, j - 1);
        } else if i > 1
            && j > 1
            && q3[i - 1] == s3[j - 2]
            && q3[i - 2] == s3[j - 1]
            && d.at(i, j) == d.at(i - 2, j - 2) + 1
        {
            steps.push(Step::Transposed { at: j - 2 });
            (i, j) = (i - 2, j - 2);
        } else if i > 0 && j > 0 && d.at(i, j) == d.at(i - 1, j - 1) + 1 {
            let (from, to) = (shown(q2, q3, i - 1), shown(s2, s3, j - 1));
            steps.push(Step::Substituted {
                at: j - 1,
                from,
                to,
            });
            (i, j) = (i - 1, j - 1);
        } else if i > 0 && d.at(i, j) == d.at(i - 1, j) + 1 {
            steps.push(Step::Inserted {
                at: j,
                ch: shown(q2, q3, i - 1),
            });
            i -= 1;
        } else if j > 0 {
            steps.push(Step::Dropped {
                at: j - 1,
                ch: shown(s2, s3, j - 1),
            });
            j -= 1;
        } else {
            i -= 1; // unreachable with a consistent table; keeps the loop finite regardless
        }
    }
    steps.reverse();
    steps
}

/// A character as read or recorded (L2 form), or its folded form (L3) where the L2 form is
/// shorter than it (it never is: folding maps one character to one).
fn shown(chars: &[char], folded: &[char], i: usize) -> char {
    chars.get(i).or(folded.get(i)).copied().unwrap_or('?')
}

/// The steps between a query and a serial of one L3 form (`s3`): the only alignment is the
/// diagonal, whose steps are the look-alike characters (where the L2 forms differ).
pub(crate) fn lookalikes(q2: &[char], s2: &[char], s3: &[char]) -> Vec<Step> {
    (0..s3.len())
        .filter_map(|at| {
            let (from, to) = (shown(q2, s3, at), shown(s2, s3, at));
            (from != to).then_some(Step::LookAlike { at, from, to })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn each_kind_of_edit_is_named() {
        let steps = |q: &str, s: &str| alignment(&c(q), &c(q), &c(s), &c(s));
        assert_eq!(steps("A8C123", "A8C123"), vec![]);
        assert_eq!(
            steps("A8C124", "A8C123"),
            vec![Step::Substituted {
                at: 5,
                from: '4',
                to: '3'
            }]
        );
        assert_eq!(steps("A8C132", "A8C123"), vec![Step::Transposed { at: 4 }]);
        assert_eq!(
            steps("A8C23", "A8C123"),
            vec![Step::Dropped { at: 3, ch: '1' }]
        );
        assert_eq!(
            steps("A8C1123", "A8C123"),
            vec![Step::Inserted { at: 3, ch: '1' }]
        );
    }

    #[test]
    fn equal_forms_get_the_steps_of_the_full_alignment() {
        for (q3, q2, s3, s2) in [
            ("1E014388", "LEO14388", "1E014388", "LE014388"),
            ("0000", "OQD0", "0000", "0DQO"),
            ("A8C", "A8C", "A8C", "A8C"),
            ("", "", "", ""),
        ] {
            let (q3, q2, s3, s2) = (c(q3), c(q2), c(s3), c(s2));
            assert_eq!(
                alignment(&q3, &q2, &s3, &s2),
                via_table_steps(&q3, &q2, &s3, &s2)
            );
        }
    }

    /// The trace-back through the table, without the shortcut for equal forms.
    fn via_table_steps(q3: &[char], q2: &[char], s3: &[char], s2: &[char]) -> Vec<Step> {
        // A one-character difference appended to both sides forces the table path, then
        // its step is dropped.
        let mut q3x = q3.to_vec();
        q3x.push('X');
        let mut q2x = q2.to_vec();
        q2x.push('X');
        let mut s3x = s3.to_vec();
        s3x.push('Y');
        let mut s2x = s2.to_vec();
        s2x.push('Y');
        let mut steps = alignment(&q3x, &q2x, &s3x, &s2x);
        assert_eq!(
            steps.pop(),
            Some(Step::Substituted {
                at: s3.len(),
                from: 'X',
                to: 'Y'
            })
        );
        steps
    }

    #[test]
    fn look_alikes_are_shown_as_written() {
        let steps = alignment(
            &c("1E014388"),
            &c("LEO14388"),
            &c("1E014388"),
            &c("LE014388"),
        );
        assert_eq!(
            steps,
            vec![Step::LookAlike {
                at: 2,
                from: 'O',
                to: '0'
            }]
        );
    }
}
