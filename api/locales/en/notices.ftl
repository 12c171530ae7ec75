# Notices: Telegram HTML. Arguments are escaped before they get here; markup is ours only.
days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
button-open = Open
button-join = Join the community
button-sign = Sign
button-review = Review
button-write = Write a recommendation
button-accept = Accept the invitation
button-certificate = Certificate

cert-kind-diploma = diploma
cert-kind-course = course
cert-kind-employment = employment
cert-kind-achievement = achievement
cert-kind-event = event
cert-kind-recommendation = recommendation
cert-kind-award = tenure award
cert-kind-other = other
cert-kind-badge = badge

application-status-new = new
application-status-in_review = in review
application-status-interview = interview
application-status-offer = job offer
application-status-hired = hired
application-status-rejected = rejected
application-status-withdrawn = withdrawn

role-employee = employee
role-manager = manager
role-admin = admin

notice-resume-response = 💼 <b>{ $organization }</b> responded to your resume.
notice-resume-response-vacancy = 💼 <b>{ $organization }</b> offers you the vacancy “{ $vacancy }”.
notice-application-status = 💼 Your application for “{ $vacancy }”: <b>{ $status }</b>.
notice-application-received = 📨 A new application for “{ $vacancy }” from <b>{ $candidate }</b>.
notice-contract-drafted = 📄 A contract “{ $position }” was drafted for you. Read it; once the employer signs, sign it too.
notice-contract-signed_by_employer = ✍️ The employer signed the contract. It waits for your signature.
notice-contract-signed_by_candidate = ✍️ The candidate signed the contract “{ $position }”: the organization signs next.
notice-contract-signed = ✅ The contract is signed by both sides and anchored on chain.
notice-contract-hired = 🎉 You are hired. Your employment certificate is being issued.
notice-contract-other = 📄 Your contract changed.
notice-review = ⭐ <b>{ $organization }</b> left you a review: { $rating }/5.
notice-community-invite = 👥 <b>{ $organization }</b> invites you to the community “{ $community }”.
notice-mailing-vacancy = 📢 A vacancy in “{ $community }”: <b>{ $title }</b>
notice-mailing-event = 📢 An event in “{ $community }”: <b>{ $title }</b>
notice-attestation-assigned = 📝 You were assigned the attestation “{ $title }”.
notice-attestation-opened = 📝 The attestation “{ $title }” is open. Take it before { $closes }.
notice-attestation-passed = 📊 <b>{ $person }</b> passed “{ $attestation }”: { $score }%.
notice-attestation-failed = 📊 <b>{ $person }</b> failed “{ $attestation }”: { $score }%.
notice-badge-received = 🏅 New badge: <b>{ $name }</b>
notice-level-reached = ⬆️ You reached level { $level } ({ $points ->
    [one] { $points } point
   *[other] { $points } points
}).
notice-certificate-issued = 📜 <b>{ $organization }</b> issued you the certificate “{ $title }” ({ $kind }).
notice-certificate-revoked-named = 📜 Your certificate “{ $title }” from <b>{ $organization }</b> was revoked.
notice-certificate-revoked = 📜 Certificate #{ $id } was revoked.
notice-reason = Reason: { $reason }
notice-recommendation-requested = 🤝 <b>{ $from }</b> asks you for a recommendation.
notice-recommendation-requested-skill = 🤝 <b>{ $from }</b> asks you to endorse the skill “{ $skill }”.
notice-certificate-requested = 📥 <b>{ $from }</b> asks { $organization } for the certificate “{ $title }” ({ $kind }).
notice-artifact-review-requested = 📎 <b>{ $from }</b> asks { $organization } to confirm the document “{ $title }”.
notice-organization-invitation = 🏢 <b>{ $from }</b> invites you to the organization “{ $organization }”. Role: { $role }.
notice-verification-approved = ✅ <b>{ $organization }</b> is verified and may issue certificates.
notice-verification-rejected = ❌ The verification request of <b>{ $organization }</b> was rejected.
notice-migration-requested = 🔁 <b>{ $from }</b> asks to move their { $organization } certificates to a new wallet.
notice-unknown = 🔔 You have a new notice.

# Kinds, as /notifications lists them.
kind-resume_response = Resume responses
kind-application_status = Application status
kind-contract = Contracts
kind-review = Reviews
kind-community_invite = Community invitations
kind-mailing = Community mailings
kind-attestation_assigned = Assigned attestations
kind-attestation_opened = Attestations opened
kind-attestation_result = Attestation results
kind-badge_received = Badges
kind-level_reached = Levels
kind-certificate_issued = Issued certificates
kind-certificate_revoked = Revoked certificates
kind-recommendation_requested = Recommendation requests
kind-certificate_requested = Certificate requests
kind-artifact_review_requested = Documents to review
kind-organization_invitation = Organization invitations
kind-application_received = New applications
kind-verification_decided = Verification decisions
kind-migration_requested = Wallet moves
