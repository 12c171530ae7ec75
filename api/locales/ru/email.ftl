# E-mail: the subject and plain text are plain; the HTML part escapes what it places.
email-confirm-subject = Подтвердите адрес для Iktomi
email-confirm-text = Здравствуйте! Чтобы получать уведомления Iktomi на этот адрес, подтвердите его по ссылке (она действует { $hours } ч):
email-confirm-button = Подтвердить адрес
email-confirm-ignore = Если вы не указывали этот адрес в Iktomi, просто не отвечайте на письмо.
email-notice-subject = Iktomi: { $summary }
email-footer = Письмо пришло, потому что этот адрес подтверждён в профиле Iktomi, а Telegram недоступен. Какие уведомления получать, настраивается в приложении.
email-contract-terms = Договор: { $position }
    Начало работы: { $starts }
    Условия: { $terms }
