//! Hand-written sessions: pipelining, dot-stuffing, ordering, AUTH exchanges and limits.
use iktomi_smtp_fake::FakeSmtp;

use crate::{Raw, WAIT};

#[tokio::test]
async fn pipelined_commands_are_answered_in_order() {
    let smtp = FakeSmtp::start().await;
    let mut raw = Raw::connect(&smtp).await;
    let ehlo = raw.command("EHLO client.test", 250).await;
    for extension in [
        "PIPELINING",
        "8BITMIME",
        "SMTPUTF8",
        "SIZE 10485760",
        "AUTH PLAIN LOGIN",
    ] {
        assert!(
            ehlo.lines().any(|l| l == extension),
            "{extension} in {ehlo}"
        );
    }
    raw.write(concat!(
        "MAIL FROM:<sender@iktomi.test> SIZE=120 BODY=8BITMIME SMTPUTF8\r\n",
        "RCPT TO:<ann@example.test>\r\n",
        "RCPT TO:<bob@example.test>\r\n",
        "DATA\r\n",
    ))
    .await;
    for code in [250, 250, 250, 354] {
        raw.expect(code).await;
    }
    // The message, a second transaction and QUIT in one write.
    raw.write(concat!(
        "Subject: one\r\n\r\nfirst\r\n.\r\n",
        "RSET\r\n",
        "MAIL FROM:<>\r\n",
        "RCPT TO:<postmaster>\r\n",
        "NOOP\r\n",
        "DATA\r\n",
    ))
    .await;
    for code in [250, 250, 250, 250, 250, 354] {
        raw.expect(code).await;
    }
    raw.write("Subject: two\r\n\r\nsecond\r\n.\r\nQUIT\r\n")
        .await;
    raw.expect(250).await;
    raw.expect(221).await;

    let mails = smtp.wait_for(2, WAIT).await;
    assert_eq!(mails[0].from, "sender@iktomi.test");
    assert_eq!(mails[0].to, ["ann@example.test", "bob@example.test"]);
    assert_eq!(mails[0].raw, "Subject: one\r\n\r\nfirst\r\n");
    assert_eq!(mails[1].from, "");
    assert_eq!(mails[1].to, ["postmaster"]);
    assert_eq!(mails[1].text.as_deref(), Some("second\n"));
}

#[tokio::test]
async fn leading_dots_are_unstuffed() {
    let smtp = FakeSmtp::start().await;
    let mut raw = Raw::connect(&smtp).await;
    raw.command("HELO client.test", 250).await;
    raw.command("MAIL FROM:<a@b.test>", 250).await;
    raw.command("RCPT TO:<c@d.test>", 250).await;
    raw.command("DATA", 354).await;
    // A lone "." in the text is sent as "..", so only the last line ends it.
    raw.write("Subject: dots\r\n\r\n..line\r\n..\r\n...\r\n. \r\nend\r\n.\r\n")
        .await;
    raw.expect(250).await;
    let mails = smtp.wait_for(1, WAIT).await;
    assert_eq!(mails[0].text.as_deref(), Some(".line\n.\n..\n \nend\n"));
}

#[tokio::test]
async fn commands_out_of_order_and_unknown() {
    let smtp = FakeSmtp::start().await;
    let mut raw = Raw::connect(&smtp).await;
    assert!(raw
        .command("MAIL FROM:<a@b.test>", 503)
        .await
        .starts_with("5.5.1"));
    raw.command("EHLO client.test", 250).await;
    raw.command("RCPT TO:<c@d.test>", 503).await;
    raw.command("DATA", 503).await;
    raw.command("MAIL FROM:<a@b.test>", 250).await;
    raw.command("MAIL FROM:<a@b.test>", 503).await;
    assert!(raw
        .command("DATA", 554)
        .await
        .contains("No valid recipients"));
    raw.command("AUTH PLAIN AGEAYg==", 503).await;
    raw.command("RSET", 250).await;
    raw.command("RCPT TO:<c@d.test>", 503).await;
    assert!(raw.command("XYZZY", 500).await.starts_with("5.5.2"));
    raw.command("STARTTLS", 502).await;
    raw.command("VRFY ann", 252).await;
    raw.command("MAIL FROM:a@b.test", 501).await;
    raw.command("MAIL FROM:<a@b.test> FOO=1", 555).await;
    raw.command("MAIL FROM:<a@b.test> SIZE=99999999", 552).await;
    raw.command("QUIT", 221).await;
}

#[tokio::test]
async fn auth_plain_and_login_exchanges() {
    let addr = "127.0.0.1:0".parse().expect("address");
    let smtp = FakeSmtp::start_on(addr, Some(("user", "pass")))
        .await
        .expect("start");

    let mut raw = Raw::connect(&smtp).await;
    raw.command("EHLO client.test", 250).await;
    raw.command("MAIL FROM:<a@b.test>", 530).await;
    // "\0user\0wrong", then "\0user\0pass" after an empty challenge.
    assert!(raw
        .command("AUTH PLAIN AHVzZXIAd3Jvbmc=", 535)
        .await
        .starts_with("5.7.8"));
    assert_eq!(raw.command("AUTH PLAIN", 334).await, "");
    raw.command("AHVzZXIAcGFzcw==", 235).await;
    raw.command("AUTH PLAIN AHVzZXIAcGFzcw==", 503).await;
    raw.command("MAIL FROM:<a@b.test>", 250).await;

    let mut raw = Raw::connect(&smtp).await;
    raw.command("EHLO client.test", 250).await;
    assert_eq!(raw.command("AUTH LOGIN", 334).await, "VXNlcm5hbWU6");
    assert_eq!(raw.command("dXNlcg==", 334).await, "UGFzc3dvcmQ6");
    raw.command("cGFzcw==", 235).await;

    // Python's smtplib sends the user name with the command.
    let mut raw = Raw::connect(&smtp).await;
    raw.command("EHLO client.test", 250).await;
    raw.command("AUTH LOGIN dXNlcg==", 334).await;
    raw.command("*", 501).await;
    raw.command("AUTH CRAM-MD5", 504).await;
    raw.command("AUTH PLAIN not-base64!", 501).await;
}

#[tokio::test]
async fn long_lines_and_big_messages_are_refused() {
    let smtp = FakeSmtp::start().await;
    let mut raw = Raw::connect(&smtp).await;
    raw.command("EHLO client.test", 250).await;
    let long = format!("NOOP {}", "x".repeat(600));
    raw.command(&long, 500).await;
    let endless = "y".repeat(20_000);
    raw.command(&endless, 500).await;
    raw.command("NOOP", 250).await;

    raw.command("MAIL FROM:<a@b.test>", 250).await;
    raw.command("RCPT TO:<c@d.test>", 250).await;
    raw.command("DATA", 354).await;
    raw.write(&format!(
        "Subject: long\r\n\r\n{}\r\n.\r\n",
        "z".repeat(1200)
    ))
    .await;
    raw.expect(500).await;

    raw.command("MAIL FROM:<a@b.test>", 250).await;
    raw.command("RCPT TO:<c@d.test>", 250).await;
    raw.command("DATA", 354).await;
    let line = format!("{}\r\n", "w".repeat(998));
    raw.write(&line.repeat(10_600)).await;
    raw.write(".\r\n").await;
    raw.expect(552).await;
    raw.command("NOOP", 250).await;
    assert!(smtp.messages().is_empty());
}
