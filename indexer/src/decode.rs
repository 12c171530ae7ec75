//! The contracts' events, decoded with the contracts' own definitions (`iktomi-shared`).
//!
//! An event is recognised by its signature topic, which ink! derives from the event's name and
//! field types; a changed event therefore has a new topic, and an event of ours with a topic
//! this list does not know stops the indexer instead of being skipped.
use iktomi_shared::events::*;
use iktomi_shared::ink::env::Event as InkEvent;
use parity_scale_codec::Decode;

/// Why a contract event could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("an event without a signature topic")]
    NoSignature,
    #[error("an event with the unknown signature topic 0x{0}: the contracts emit an event this indexer does not follow")]
    Unknown(String),
    #[error("event {name} does not decode: {reason}")]
    Malformed { name: &'static str, reason: String },
}

macro_rules! contract_events {
    ($($name:ident),* $(,)?) => {
        /// One event of the Iktomi contracts.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum ContractEvent {
            $($name($name)),*
        }

        /// Every event the indexer follows: (name, signature topic).
        pub fn known_events() -> Vec<(&'static str, [u8; 32])> {
            vec![$((stringify!($name), signature::<$name>())),*]
        }

        impl ContractEvent {
            pub fn name(&self) -> &'static str {
                match self {
                    $(Self::$name(_) => stringify!($name)),*
                }
            }

            /// Decodes an event from its record topics and data.
            pub fn decode(topics: &[[u8; 32]], data: &[u8]) -> Result<Self, DecodeError> {
                let topic = topics.first().ok_or(DecodeError::NoSignature)?;
                $(
                    if *topic == signature::<$name>() {
                        return decode_exact::<$name>(stringify!($name), data).map(Self::$name);
                    }
                )*
                Err(DecodeError::Unknown(hex::encode(topic)))
            }
        }
    };
}

contract_events!(
    OperatorProposed,
    OperatorChanged,
    IssuerRegistered,
    IssuerSuspended,
    IssuerReinstated,
    IssuerRetired,
    MinterChanged,
    CertificateIssued,
    CertificateRevoked,
    CertificateAccepted,
    CertificateHidden,
    ExpiryChanged,
    CertificateRequested,
    RequestResolved,
    MigrationRequested,
    MigrationResolved,
    CertificateMigrated,
    TenureMoved,
    Staked,
    Unstaked,
    ProgramCreated,
    ProgramClosed,
    AwardClaimed,
);

/// None of our events is anonymous, so each has a signature topic.
fn signature<E: InkEvent>() -> [u8; 32] {
    E::SIGNATURE_TOPIC.unwrap_or_default()
}

/// Bytes left over after decoding mean the layout changed, which must not pass silently.
fn decode_exact<E: Decode>(name: &'static str, data: &[u8]) -> Result<E, DecodeError> {
    let input = &mut &data[..];
    let event = E::decode(input).map_err(|e| DecodeError::Malformed {
        name,
        reason: e.to_string(),
    })?;
    if !input.is_empty() {
        return Err(DecodeError::Malformed {
            name,
            reason: format!("{} bytes left over", input.len()),
        });
    }
    Ok(event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use iktomi_shared::{AccountId, Kind};
    use parity_scale_codec::Encode;

    #[test]
    fn an_event_round_trips_through_its_signature_topic() {
        let event = ProgramCreated {
            id: 3,
            issuer: AccountId::from([1; 32]),
            milestone_ms: 5,
            award_kind: Kind::Award,
            content_hash: [2; 32],
        };
        let topics = [signature::<ProgramCreated>()];
        assert_eq!(
            ContractEvent::decode(&topics, &event.encode()).expect("decodes"),
            ContractEvent::ProgramCreated(event)
        );
    }

    #[test]
    fn unknown_topics_and_trailing_bytes_are_errors() {
        assert!(matches!(
            ContractEvent::decode(&[[9; 32]], &[]),
            Err(DecodeError::Unknown(_))
        ));
        let mut data = ProgramClosed {
            id: 1,
            issuer: AccountId::from([1; 32]),
        }
        .encode();
        data.push(0);
        assert!(matches!(
            ContractEvent::decode(&[signature::<ProgramClosed>()], &data),
            Err(DecodeError::Malformed { .. })
        ));
    }

    #[test]
    fn signature_topics_are_distinct() {
        let mut topics: Vec<_> = known_events().into_iter().map(|(_, t)| t).collect();
        topics.sort();
        topics.dedup();
        assert_eq!(topics.len(), known_events().len());
    }
}
