//! Detecting the field delimiter from the start of a file.

/// The delimiters formats.md allows, in the order that breaks ties: tabs and semicolons hardly
/// ever appear inside a header name, commas sometimes do ("Apellido, nombre").
pub const DELIMITERS: [u8; 4] = [b'\t', b';', b',', b'|'];

/// How many lines after the header are looked at to break a tie.
const SAMPLE_LINES: usize = 20;

/// Picks the delimiter of a file from its first bytes (decoded text; at least the header line).
///
/// The delimiter is the candidate seen most often outside quotes on the header line. On a tie,
/// the candidate whose count on the header line is repeated on most of the following lines wins
/// (a real delimiter splits every row alike); then the order of [`DELIMITERS`]. A header with
/// no candidate at all (one column) gives `,`.
pub fn detect_delimiter(sample: &[u8]) -> u8 {
    let lines = count_per_line(sample, SAMPLE_LINES + 1);
    let Some(header) = lines.first() else {
        return b',';
    };
    let max = header.iter().copied().max().unwrap_or(0);
    if max == 0 {
        return b',';
    }
    let consistency = |i: usize| lines[1..].iter().filter(|l| l[i] == header[i]).count();
    let best = (0..DELIMITERS.len())
        .filter(|&i| header[i] == max)
        // `max_by_key` keeps the last of equals: reverse so that the first in order wins.
        .rev()
        .max_by_key(|&i| consistency(i))
        .unwrap_or(0);
    DELIMITERS[best]
}

/// Counts each candidate outside quotes on each of the first `max_lines` complete lines of
/// `sample` (a line cut by the end of the sample counts only if it is the first). A quoted field
/// may span lines, as in RFC 4180.
fn count_per_line(sample: &[u8], max_lines: usize) -> Vec<[usize; 4]> {
    let mut lines = Vec::new();
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    let mut blank = true;
    for &b in sample {
        match b {
            b'\n' | b'\r' if !in_quotes => {
                // Empty lines are skipped, as the CSV reader skips them.
                if !blank {
                    lines.push(counts);
                }
                (counts, blank) = ([0; 4], true);
                if lines.len() == max_lines {
                    return lines;
                }
                continue;
            }
            b'"' => in_quotes = !in_quotes,
            _ if !in_quotes => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
        blank = false;
    }
    if lines.is_empty() {
        lines.push(counts);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_delimiter_is_detected() {
        assert_eq!(detect_delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter(b"a;b;c\n1;2;3\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(detect_delimiter(b"a|b|c\n1|2|3\n"), b'|');
    }

    #[test]
    fn delimiters_inside_quotes_do_not_count() {
        assert_eq!(detect_delimiter(b"\"a,b,c\";\"d,e\";f\n"), b';');
        assert_eq!(detect_delimiter(b"\"a;\nb;c\",d\n"), b',');
    }

    #[test]
    fn only_the_header_line_decides_when_it_has_a_clear_winner() {
        assert_eq!(detect_delimiter(b"a;b;c\n1,5;2,5;3,5\n"), b';');
    }

    #[test]
    fn ties_are_broken_by_the_following_lines_then_by_order() {
        // One ';' and one ',' on the header; only ',' splits the data lines alike.
        assert_eq!(detect_delimiter(b"a;x,b\n1,2\n3,4\n"), b',');
        assert_eq!(detect_delimiter(b"a;x,b\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb,c\n"), b'\t');
    }

    #[test]
    fn a_single_column_or_empty_sample_gives_a_comma() {
        assert_eq!(detect_delimiter(b"serial\nABC\n"), b',');
        assert_eq!(detect_delimiter(b""), b',');
        assert_eq!(detect_delimiter(b"\n\n"), b',');
    }

    #[test]
    fn blank_lines_before_the_header_are_skipped_and_crlf_works() {
        assert_eq!(detect_delimiter(b"\r\n\r\na;b\r\n1;2\r\n"), b';');
    }
}
