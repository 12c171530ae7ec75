# The bot's own texts: Telegram HTML. Arguments are escaped before they get here.
bot-command-start = Start: profile and role
bot-command-help = What the bot does
bot-command-language = Change the language
bot-command-notifications = Choose notifications
bot-command-stop = Stop notifications in Telegram
bot-menu-button = Open Iktomi
bot-welcome = 👋 Hello, { $name }!
    Iktomi is a profile with verifiable certificates: diplomas, courses, jobs and recommendations issued by verified organizations.
    Who are you?
bot-role-seeker = 🔎 I am looking for a job
bot-role-employer = 🏢 I am an employer
bot-open-screen = Tap to open:
bot-help = I send notifications and open the Iktomi app.
    /start — profile and role
    /language — the language of messages
    /notifications — which notifications to send
    /stop — stop notifications here
bot-language-choose = Choose the language of messages:
bot-language-set = Done: messages will be in English.
bot-notifications-title = Notifications: press to turn one on or off.
bot-stopped = Telegram notifications are off; they stay in the app's inbox. To get them here again, send /start.
bot-unknown-command = I do not know that command. The commands: /help
bot-language-name = English
bot-group-hint = I work in private messages: send me /start.
bot-welcome-anonymous = 👋 Hello!
    Iktomi is a profile with verifiable certificates: diplomas, courses, jobs and recommendations issued by verified organizations.
    Who are you?
bot-start-first = Send /start first: it creates your profile.
