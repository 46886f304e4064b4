//! Explanations of near hits: one optimal OSA alignment of the L3 forms, traced back through
//! the dynamic-programming table, with look-alike characters shown where the L2 forms differ.
//! Run only on the hits that make the cut, so its quadratic table costs nothing that matters.

use super::query::Step;
use super::verify::osa_table;

/// The steps turning the query (`q3`, L3; `q2`, its L2 form) into the serial (`s3`, `s2`),
/// in serial order. `q2`/`s2` line up with `q3`/`s3` character by character, since folding
/// maps one character to one.
pub(crate) fn alignment(q3: &[char], q2: &[char], s3: &[char], s2: &[char]) -> Vec<Step> {
    let d = osa_table(q3, s3);
    let shown = |chars: &[char], folded: &[char], i: usize| {
        chars.get(i).or(folded.get(i)).copied().unwrap_or('?')
    };
    let (mut i, mut j) = (q3.len(), s3.len());
    let mut steps = Vec::new();
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && q3[i - 1] == s3[j - 1] && d[i][j] == d[i - 1][j - 1] {
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
            && d[i][j] == d[i - 2][j - 2] + 1
        {
            steps.push(Step::Transposed { at: j - 2 });
            (i, j) = (i - 2, j - 2);
        } else if i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + 1 {
            let (from, to) = (shown(q2, q3, i - 1), shown(s2, s3, j - 1));
            steps.push(Step::Substituted {
                at: j - 1,
                from,
                to,
            });
            (i, j) = (i - 1, j - 1);
        } else if i > 0 && d[i][j] == d[i - 1][j] + 1 {
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
