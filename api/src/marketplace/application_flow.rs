//! Where an application may go next, and who may move it. The employer moves it forward
//! (new → in review → interview → offer → hired) or rejects it before it is final; the candidate
//! withdraws it before it is final. Hired, rejected and withdrawn are final.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "application_status", rename_all = "snake_case")]
pub enum Status {
    New,
    InReview,
    Interview,
    Offer,
    Hired,
    Rejected,
    Withdrawn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Employer,
    Candidate,
}

impl Status {
    pub fn is_final(self) -> bool {
        matches!(self, Self::Hired | Self::Rejected | Self::Withdrawn)
    }

    /// Whether `side` may move an application from `self` to `to`.
    pub fn may_move(self, to: Status, side: Side) -> bool {
        use Status::*;
        if self.is_final() {
            return false;
        }
        match side {
            Side::Candidate => to == Withdrawn,
            Side::Employer => {
                matches!(
                    (self, to),
                    (New, InReview) | (InReview, Interview) | (Interview, Offer) | (Offer, Hired)
                ) || to == Rejected
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Status::*;
    use super::*;

    #[test]
    fn the_employer_moves_forward_one_step_or_rejects() {
        assert!(New.may_move(InReview, Side::Employer));
        assert!(Offer.may_move(Hired, Side::Employer));
        assert!(Interview.may_move(Rejected, Side::Employer));
        assert!(!New.may_move(Offer, Side::Employer), "no skipping");
        assert!(
            !Interview.may_move(InReview, Side::Employer),
            "no going back"
        );
        assert!(!New.may_move(Withdrawn, Side::Employer));
    }

    #[test]
    fn the_candidate_only_withdraws_and_final_is_final() {
        assert!(Offer.may_move(Withdrawn, Side::Candidate));
        assert!(!New.may_move(InReview, Side::Candidate));
        for done in [Hired, Rejected, Withdrawn] {
            for to in [New, InReview, Interview, Offer, Hired, Rejected, Withdrawn] {
                assert!(!done.may_move(to, Side::Employer) && !done.may_move(to, Side::Candidate));
            }
        }
    }
}
