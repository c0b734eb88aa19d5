// Template expansion; included by `build.rs` and, for its tests, by the crate.

/// Expands one template into every phrase it stands for. Groups may nest.
#[allow(dead_code)]
pub(crate) fn expand(template: &str) -> Vec<String> {
    let Some(open) = template.find('{') else {
        return vec![template.to_owned()];
    };
    let mut depth = 0usize;
    let mut close = template.len();
    let mut splits = Vec::new();
    for (i, c) in template[open..].char_indices() {
        let at = open + i;
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = at;
                    break;
                }
            }
            '|' if depth == 1 => splits.push(at),
            _ => {}
        }
    }
    let prefix = &template[..open];
    let suffix = template.get(close + 1..).unwrap_or("");
    let mut bounds = vec![open];
    bounds.extend(splits);
    bounds.push(close);
    let tails = expand(suffix);
    let mut out = Vec::new();
    for pair in bounds.windows(2) {
        let alternative = &template[pair[0] + 1..pair[1]];
        for head in expand(alternative) {
            for tail in &tails {
                out.push(format!("{prefix}{head}{tail}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn expands_alternatives_and_optional_parts() {
        let mut got = expand("{good|} {morning|day}!");
        got.sort();
        assert_eq!(got, [" day!", " morning!", "good day!", "good morning!"]);
    }

    #[test]
    fn literal_template_is_one_phrase() {
        assert_eq!(expand("hello"), ["hello"]);
    }

    #[test]
    fn groups_nest() {
        let mut got = expand("{hi|thanks for {the|your} help}!");
        got.sort();
        assert_eq!(
            got,
            ["hi!", "thanks for the help!", "thanks for your help!"]
        );
    }
}
