//! Command lines as RFC 5321 writes them: a case-insensitive verb, then its arguments.
use crate::reply::Reply;

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Command {
    Ehlo(String),
    Helo(String),
    Auth {
        mechanism: String,
        initial: Option<String>,
    },
    /// `path` is the address between the angle brackets, source route dropped.
    Mail {
        path: String,
        params: Vec<String>,
    },
    Rcpt {
        path: String,
        params: Vec<String>,
    },
    Data,
    Rset,
    Noop,
    Quit,
    Vrfy,
    Help,
    /// A command RFC 5321 or an extension defines that the fake does not offer.
    NotImplemented,
    Unknown,
}

pub(crate) fn parse(line: &str) -> Result<Command, Reply> {
    let (verb, args) = line.split_once(' ').unwrap_or((line, ""));
    let args = args.trim();
    let bare = |command: Command, usage: &str| {
        if args.is_empty() {
            Ok(command)
        } else {
            Err(Reply::syntax(usage))
        }
    };
    match verb.to_ascii_uppercase().as_str() {
        "EHLO" | "HELO" if args.is_empty() => Err(Reply::syntax(&format!("{verb} hostname"))),
        "EHLO" => Ok(Command::Ehlo(args.to_owned())),
        "HELO" => Ok(Command::Helo(args.to_owned())),
        "AUTH" => {
            let mut words = args.split_whitespace();
            match (words.next(), words.next(), words.next()) {
                (Some(mechanism), initial, None) => Ok(Command::Auth {
                    mechanism: mechanism.to_ascii_uppercase(),
                    initial: initial.map(str::to_owned),
                }),
                _ => Err(Reply::syntax("AUTH mechanism [initial-response]")),
            }
        }
        "MAIL" => path_and_params(args, "FROM:")
            .map(|(path, params)| Command::Mail { path, params })
            .ok_or_else(|| Reply::syntax("MAIL FROM:<address> [parameters]")),
        "RCPT" => path_and_params(args, "TO:")
            .map(|(path, params)| Command::Rcpt { path, params })
            .ok_or_else(|| Reply::syntax("RCPT TO:<address>")),
        "DATA" => bare(Command::Data, "DATA"),
        "RSET" => bare(Command::Rset, "RSET"),
        "QUIT" => bare(Command::Quit, "QUIT"),
        // NOOP may carry a string, which is ignored.
        "NOOP" => Ok(Command::Noop),
        "VRFY" if args.is_empty() => Err(Reply::syntax("VRFY user")),
        "VRFY" => Ok(Command::Vrfy),
        "HELP" => Ok(Command::Help),
        "EXPN" | "STARTTLS" | "BDAT" | "ETRN" | "TURN" | "ATRN" => Ok(Command::NotImplemented),
        _ => Ok(Command::Unknown),
    }
}

/// `FROM:<path> params` or `TO:<path> params`; clients may put a space after the colon.
fn path_and_params(args: &str, keyword: &str) -> Option<(String, Vec<String>)> {
    let head = args.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = args[keyword.len()..].trim_start().strip_prefix('<')?;
    let (path, params) = rest.split_once('>')?;
    // A source route (`<@relay:user@host>`) is obsolete; RFC 5321 says to ignore it.
    let path = match path.rsplit_once(':') {
        Some((route, address)) if route.starts_with('@') => address,
        _ => path,
    };
    let params = params.split_whitespace().map(str::to_owned).collect();
    Some((path.to_owned(), params))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_takes_any_case_and_params() {
        assert_eq!(
            parse("mail from: <a@b.test> SIZE=10 body=8BITMIME"),
            Ok(Command::Mail {
                path: "a@b.test".into(),
                params: vec!["SIZE=10".into(), "body=8BITMIME".into()],
            })
        );
        assert_eq!(
            parse("MAIL FROM:<>"),
            Ok(Command::Mail {
                path: String::new(),
                params: vec![],
            })
        );
        assert_eq!(
            parse("RCPT TO:<@relay.test:c@d.test>"),
            Ok(Command::Rcpt {
                path: "c@d.test".into(),
                params: vec![],
            })
        );
    }

    #[test]
    fn malformed_commands_are_syntax_errors() {
        for line in [
            "MAIL FROM:a@b.test",
            "MAIL TO:<a@b.test>",
            "RCPT",
            "EHLO",
            "DATA now",
        ] {
            assert_eq!(parse(line).map_err(|r| r.code), Err(501), "{line}");
        }
        assert_eq!(parse("XYZZY"), Ok(Command::Unknown));
        assert_eq!(parse("STARTTLS"), Ok(Command::NotImplemented));
    }
}
