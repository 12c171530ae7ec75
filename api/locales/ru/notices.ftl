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
cert-kind-award = награда за стаж
cert-kind-other = другое
cert-kind-badge = значок

application-status-new = новый
application-status-in_review = на рассмотрении
application-status-interview = собеседование
application-status-offer = предложение о работе
application-status-hired = вы приняты
application-status-rejected = отказ
application-status-withdrawn = отозван

role-employee = сотрудник
role-manager = менеджер
role-admin = администратор

notice-resume-response = 💼 Ответ на ваше резюме от <b>{ $organization }</b>.
notice-resume-response-vacancy = 💼 Вам предлагают вакансию «{ $vacancy }» в <b>{ $organization }</b>.
notice-application-status = 💼 Отклик на вакансию «{ $vacancy }»: <b>{ $status }</b>.
notice-application-received = 📨 Новый отклик на вакансию «{ $vacancy }» от <b>{ $candidate }</b>.
notice-contract-drafted = 📄 Для вас подготовлен договор «{ $position }». Прочитайте его, дождитесь подписи работодателя и подпишите.
notice-contract-signed_by_employer = ✍️ Работодатель подписал договор — теперь подпишите его вы.
notice-contract-signed_by_candidate = ✍️ Кандидат подписал договор «{ $position }» — теперь его должна подписать организация.
notice-contract-signed = ✅ Договор подписан обеими сторонами и закреплён в блокчейне.
notice-contract-hired = 🎉 Вы приняты на работу. Сертификат о трудоустройстве выпускается.
notice-contract-other = 📄 Изменения в вашем договоре.
notice-review = ⭐ Новый отзыв от <b>{ $organization }</b>: { $rating } из 5.
notice-community-invite = 👥 <b>{ $organization }</b> приглашает вас в сообщество «{ $community }».
notice-mailing-vacancy = 📢 Вакансия в сообществе «{ $community }»: <b>{ $title }</b>
notice-mailing-event = 📢 Событие в сообществе «{ $community }»: <b>{ $title }</b>
notice-attestation-assigned = 📝 Вам назначена аттестация «{ $title }».
notice-attestation-opened = 📝 Аттестация «{ $title }» открыта. Пройдите её до { $closes }.
notice-attestation-passed = 📊 <b>{ $person }</b> — аттестация «{ $attestation }» сдана: { $score }%.
notice-attestation-failed = 📊 <b>{ $person }</b> — аттестация «{ $attestation }» не сдана: { $score }%.
notice-badge-received = 🏅 Новый значок: <b>{ $name }</b>
notice-level-reached = ⬆️ Вы достигли уровня { $level } ({ $points ->
    [one] { $points } очко
    [few] { $points } очка
   *[many] { $points } очков
}).
notice-certificate-issued = 📜 Вам выдан сертификат «{ $title }» ({ $kind }) от <b>{ $organization }</b>.
notice-certificate-revoked-named = 📜 Сертификат «{ $title }» от <b>{ $organization }</b> отозван.
notice-certificate-revoked = 📜 Сертификат №{ $id } отозван.
notice-reason = Причина: { $reason }
notice-recommendation-requested = 🤝 <b>{ $from }</b> просит вас написать рекомендацию.
notice-recommendation-requested-skill = 🤝 <b>{ $from }</b> просит вас подтвердить навык «{ $skill }».
notice-certificate-requested = 📥 <b>{ $from }</b> запрашивает сертификат «{ $title }» ({ $kind }) в организации «{ $organization }».
notice-artifact-review-requested = 📎 <b>{ $from }</b> просит организацию «{ $organization }» подтвердить документ «{ $title }».
notice-organization-invitation = 🏢 <b>{ $from }</b> приглашает вас в организацию «{ $organization }». Роль: { $role }.
notice-verification-approved = ✅ Организация <b>{ $organization }</b> подтверждена и может выдавать сертификаты.
notice-verification-rejected = ❌ Заявка организации <b>{ $organization }</b> на подтверждение отклонена.
notice-migration-requested = 🔁 <b>{ $from }</b> просит перенести сертификаты организации «{ $organization }» на новый кошелёк.
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
