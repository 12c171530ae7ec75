# The bot's own texts: Telegram HTML. Arguments are escaped before they get here.
bot-command-start = Начать: профиль и роль
bot-command-help = Что умеет бот
bot-command-language = Сменить язык
bot-command-notifications = Настроить уведомления
bot-command-stop = Не присылать уведомления в Telegram
bot-menu-button = Открыть Iktomi
bot-welcome = 👋 Здравствуйте, { $name }!
    Iktomi — профиль с проверяемыми сертификатами: дипломы, курсы, места работы и рекомендации, которые выдают подтверждённые организации.
    Кто вы?
bot-role-seeker = 🔎 Ищу работу
bot-role-employer = 🏢 Я работодатель
bot-open-screen = Нажмите кнопку, чтобы открыть:
bot-help = Я присылаю уведомления и открываю приложение Iktomi.
    /start — профиль и выбор роли
    /language — язык сообщений
    /notifications — какие уведомления присылать
    /stop — не присылать уведомления сюда
bot-language-choose = Выберите язык сообщений:
bot-language-set = Готово: сообщения будут на русском.
bot-notifications-title = Уведомления: нажмите, чтобы включить или выключить.
bot-stopped = Уведомления в Telegram отключены; они остаются во входящих в приложении. Чтобы снова получать их здесь, отправьте /start.
bot-unknown-command = Не знаю такой команды. Список команд: /help
bot-language-name = Русский
bot-group-hint = Я работаю в личных сообщениях: напишите мне /start.
bot-welcome-anonymous = 👋 Здравствуйте!
    Iktomi — профиль с проверяемыми сертификатами: дипломы, курсы, места работы и рекомендации, которые выдают подтверждённые организации.
    Кто вы?
bot-start-first = Сначала отправьте /start — так появится ваш профиль.
