# Notices: Telegram HTML. Arguments are escaped before they get here; markup is ours only.
days = { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
}
button-open = Открыть
button-join = Вступить в сообщество
button-sign = Подписать
button-review = Рассмотреть
button-write = Написать рекомендацию
button-accept = Принять приглашение
button-certificate = Сертификат

cert-kind-diploma = диплом
cert-kind-course = курс
cert-kind-employment = трудоустройство
cert-kind-achievement = достижение
cert-kind-event = мероприятие
cert-kind-recommendation = рекомендация
cert-kind-badge = значок

application-status-new = новая
application-status-in_review = на рассмотрении
application-status-interview = собеседование
application-status-offer = предложение о работе
application-status-hired = вы приняты
application-status-rejected = отказ
application-status-withdrawn = отозвана

role-employee = сотрудник
role-manager = менеджер
role-admin = администратор

notice-resume-response = 💼 <b>{ $organization }</b> ответила на ваше резюме.
notice-resume-response-vacancy = 💼 <b>{ $organization }</b> предлагает вам вакансию «{ $vacancy }».
notice-application-status = 💼 Отклик на вакансию «{ $vacancy }»: <b>{ $status }</b>.
notice-application-received = 📨 Новый отклик на вакансию «{ $vacancy }» от <b>{ $candidate }</b>.
notice-contract-drafted = 📄 Для вас подготовлен договор «{ $position }». Прочитайте его, дождитесь подписи работодателя и подпишите.
notice-contract-signed_by_employer = ✍️ Работодатель подписал договор. Он ждёт вашей подписи.
notice-contract-signed = ✅ Договор подписан обеими сторонами и закреплён в блокчейне.
notice-contract-hired = 🎉 Вы приняты на работу. Сертификат о трудоустройстве выпускается.
notice-contract-other = 📄 Изменения в вашем договоре.
notice-review = ⭐ <b>{ $organization }</b> оставила вам отзыв: { $rating } из 5.
notice-community-invite = 👥 <b>{ $organization }</b> приглашает вас в сообщество «{ $community }».
notice-mailing-vacancy = 📢 Вакансия в сообществе «{ $community }»: <b>{ $title }</b>
notice-mailing-event = 📢 Событие в сообществе «{ $community }»: <b>{ $title }</b>
notice-attestation-assigned = 📝 Вам назначена аттестация «{ $title }».
notice-attestation-opened = 📝 Аттестация «{ $title }» открыта. Пройдите её до { $closes }.
notice-attestation-passed = 📊 <b>{ $person }</b> — аттестация «{ $attestation }» сдана: { $score }%.
notice-attestation-failed = 📊 <b>{ $person }</b> — аттестация «{ $attestation }» не сдана: { $score }%.
notice-badge-received = 🏅 Новый значок: <b>{ $name }</b>
notice-level-reached = ⬆️ Вы достигли уровня { $level } ({ $points } очков).
notice-certificate-issued = 📜 <b>{ $organization }</b> выдала вам сертификат «{ $title }» ({ $kind }).
notice-certificate-revoked = 📜 Сертификат №{ $id } отозван.
notice-reason = Причина: { $reason }
notice-recommendation-requested = 🤝 <b>{ $from }</b> просит вас написать рекомендацию.
notice-recommendation-requested-skill = 🤝 <b>{ $from }</b> просит вас подтвердить навык «{ $skill }».
notice-certificate-requested = 📥 <b>{ $from }</b> запрашивает у { $organization } сертификат «{ $title }» ({ $kind }).
notice-artifact-review-requested = 📎 <b>{ $from }</b> просит { $organization } подтвердить документ «{ $title }».
notice-organization-invitation = 🏢 <b>{ $from }</b> приглашает вас в { $organization }. Роль: { $role }.
notice-verification-approved = ✅ Организация <b>{ $organization }</b> подтверждена и может выдавать сертификаты.
notice-verification-rejected = ❌ Заявка организации <b>{ $organization }</b> на подтверждение отклонена.
notice-migration-requested = 🔁 <b>{ $from }</b> просит перенести сертификаты { $organization } на новый кошелёк.
notice-unknown = 🔔 У вас новое уведомление.

# Kinds, as /notifications lists them.
kind-resume_response = Ответы на резюме
kind-application_status = Статус откликов
kind-contract = Договоры
kind-review = Отзывы
kind-community_invite = Приглашения в сообщества
kind-mailing = Рассылки сообществ
kind-attestation_assigned = Назначенные аттестации
kind-attestation_opened = Открытие аттестаций
kind-attestation_result = Результаты аттестаций
kind-badge_received = Значки
kind-level_reached = Уровни
kind-certificate_issued = Выданные сертификаты
kind-certificate_revoked = Отозванные сертификаты
kind-recommendation_requested = Просьбы о рекомендации
kind-certificate_requested = Запросы сертификатов
kind-artifact_review_requested = Документы на проверку
kind-organization_invitation = Приглашения в организации
kind-application_received = Новые отклики
kind-verification_decided = Решения о подтверждении
kind-migration_requested = Переносы на новый кошелёк
