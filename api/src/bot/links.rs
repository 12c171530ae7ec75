//! `/start <payload>` deep links → the Mini App screen they open. The same names as the app's own
//! start parameters (web/src/telegram/deepLinks.ts), so `t.me/<bot>?start=cert_12` and
//! `t.me/<bot>/<app>?startapp=cert_12` land on the same screen.

/// The app path a start payload opens, or None for one the bot does not know.
pub fn screen_for(payload: &str) -> Option<String> {
    let valid = |s: &str, max: usize| {
        !s.is_empty()
            && s.len() <= max
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if !valid(payload, 64) {
        return None;
    }
    // `certificates-12` or `cert_12`; UUIDs keep their own '-'.
    let cut = match (payload.find('_'), payload.find('-')) {
        (Some(u), Some(d)) => Some(u.min(d)),
        (u, d) => u.or(d),
    };
    let (head, id) = match cut {
        Some(i) => (&payload[..i], Some(&payload[i + 1..])),
        None => (payload, None),
    };
    if let Some(id) = id {
        if !valid(id, 64) || id.contains('_') {
            return None;
        }
    }
    let path = match (head, id) {
        ("certificates" | "cert", Some(id)) => format!("certificates/{id}"),
        ("certificates", None) => "certificates".into(),
        ("attestations" | "attestation", Some(id)) => format!("attestations/{id}"),
        ("applications" | "application", Some(id)) => format!("applications/{id}"),
        ("contracts" | "contract", Some(id)) => format!("contracts/{id}"),
        ("org" | "organization", Some(id)) => format!("organization/{id}"),
        ("invite", Some(id)) => format!("organization/{id}/invitation"),
        ("org" | "organization", None) => "organization".into(),
        ("achievements" | "notifications" | "profile" | "onboarding" | "recommendations", None) => {
            head.to_owned()
        }
        _ => return None,
    };
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::screen_for;

    #[test]
    fn deep_links_open_the_screens_the_app_knows() {
        let org = "0b6c4a52-7d0e-4d3f-9a77-2f4f8c1e5a10";
        assert_eq!(
            screen_for(&format!("invite_{org}")).as_deref(),
            Some(format!("organization/{org}/invitation").as_str())
        );
        assert_eq!(screen_for("cert_12").as_deref(), Some("certificates/12"));
        assert_eq!(
            screen_for("certificates-12").as_deref(),
            Some("certificates/12")
        );
        assert_eq!(
            screen_for("notifications").as_deref(),
            Some("notifications")
        );
        assert_eq!(screen_for("evil"), None);
        assert_eq!(screen_for("cert_"), None);
        assert_eq!(screen_for("cert_../x"), None);
        assert_eq!(screen_for("invite_a_b"), None);
        assert_eq!(screen_for(""), None);
    }
}
