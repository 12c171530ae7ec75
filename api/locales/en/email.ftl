# E-mail: the subject and plain text are plain; the HTML part escapes what it places.
email-confirm-subject = Confirm your address for Iktomi
email-confirm-text = Hello! To get Iktomi notifications at this address, confirm it with this link (it works for { $hours } h):
email-confirm-button = Confirm the address
email-confirm-ignore = If you did not give this address to Iktomi, ignore this e-mail.
email-notice-subject = Iktomi: { $summary }
email-footer = You get this e-mail because this address is confirmed in your Iktomi profile and Telegram cannot reach you. Choose which notices you get in the app.
email-contract-terms = Contract: { $position }
    Starts: { $starts }
    Terms: { $terms }
