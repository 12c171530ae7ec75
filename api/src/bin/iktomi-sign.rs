//! `iktomi-sign --suri //Bob`: signs the text on stdin with an sr25519 key, as a wallet would sign
//! the API's sign-in challenge, and prints the signature as hex; with `--address` it prints the
//! key's SS58 address instead (`--prefix`: the chain's SS58 prefix, 42 by default).
//! `iktomi-sign --telegram <user id> <bot token>` prints Mini App `initData` for that user signed
//! with the bot's token, as Telegram would hand it to the Mini App. For the README and local use;
//! real people sign in their wallet app or open the Mini App in Telegram.
use std::io::Read;

use anyhow::Context;
use iktomi_api::auth::wallet::GENERIC_SS58_PREFIX;
use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
use sp_core::{sr25519, Pair};

/// Takes `--prefix <n>` (the chain's SS58 prefix; 42 by default) out of the arguments.
fn take_prefix(args: &mut Vec<String>) -> anyhow::Result<u16> {
    let Some(at) = args.iter().position(|a| a == "--prefix") else {
        return Ok(GENERIC_SS58_PREFIX);
    };
    let value = args.get(at + 1).context("--prefix needs a number")?;
    let prefix = value
        .parse()
        .context("--prefix: an SS58 prefix (0..16383)")?;
    args.drain(at..at + 2);
    Ok(prefix)
}

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().collect();
    let prefix = take_prefix(&mut args)?;
    let suri = match args.as_slice() {
        [_, flag, suri] if flag == "--suri" => suri.clone(),
        [_, flag, user, token] if flag == "--telegram" => {
            let id: i64 = user.parse().context("a Telegram user id")?;
            let user = format!(r#"{{"id":{id},"first_name":"Dev","username":"dev{id}"}}"#);
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)?
                .as_secs()
                .to_string();
            println!(
                "{}",
                iktomi_api::auth::telegram::build(
                    // a fresh query_id, as each launch has: the API accepts an initData once
                    &[
                        ("auth_date", &now),
                        ("query_id", &iktomi_api::auth::vk::random_token()),
                        ("user", &user),
                    ],
                    token
                )
            );
            return Ok(());
        }
        [_, flag, suri, show] if flag == "--suri" && show == "--address" => {
            let pair = sr25519::Pair::from_string(suri, None)
                .map_err(|e| anyhow::anyhow!("bad secret URI: {e:?}"))?;
            println!(
                "{}",
                pair.public()
                    .to_ss58check_with_version(Ss58AddressFormat::custom(prefix))
            );
            return Ok(());
        }
        _ => anyhow::bail!(
            "usage: iktomi-sign --suri <secret URI> [--address [--prefix <SS58 prefix, 42>]] < message\n       iktomi-sign --telegram <user id> <bot token>"
        ),
    };
    let pair = sr25519::Pair::from_string(&suri, None)
        .map_err(|e| anyhow::anyhow!("bad secret URI: {e:?}"))?;
    let mut message = String::new();
    std::io::stdin()
        .read_to_string(&mut message)
        .context("reading the message from stdin")?;
    // `echo` and `$(...)` add or strip one final newline; the challenge never ends with one.
    let message = message.strip_suffix('\n').unwrap_or(&message);
    println!("0x{}", hex::encode(pair.sign(message.as_bytes()).0));
    Ok(())
}
