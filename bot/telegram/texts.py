"""Everything the bridge itself says to residents or to the person who runs it (in French)."""
from bot.channels.answering import NOT_ANSWERED
from bot.channels.rate_limit import SLOW_DOWN

UNSUPPORTED_MESSAGE = (
    "Désolé, je ne peux pas écouter les messages vocaux ni regarder les images, les autocollants "
    "ou les fichiers. Je comprends les messages écrits : écrivez-moi simplement votre réponse. "
    "Vous pouvez aussi partager votre position (trombone 📎 puis « Position ») pour que je "
    "trouve votre commune."
)
RASA_UNAVAILABLE = NOT_ANSWERED  # the same words as every channel
RATE_LIMITED = SLOW_DOWN
UNKNOWN_BUTTON = (
    "Ce bouton n'est plus valable. Écrivez-moi votre réponse, "
    "ou « recommencer » pour repartir du début."
)
CHOOSE = "Choisissez :"  # a keyboard needs a text; used when the bot sends buttons alone
MAP_BUTTON = "🗺️ Voir sur la carte"

# The bot's menu in Telegram (setMyCommands): command -> description.
COMMANDS = {
    "start": "Commencer",
    "recommencer": "Recommencer depuis le début",
    "aide": "Comment ça marche",
    "effacer": "Effacer mes données",
}

MISSING_TOKEN = (
    "Erreur : la variable d'environnement TELEGRAM_TOKEN est vide.\n"
    "Créez un robot avec @BotFather dans Telegram (commande /newbot), puis lancez par exemple :\n"
    "  TELEGRAM_TOKEN=123456789:AAE... make telegram"
)
TOKEN_REJECTED = (
    "Erreur : Telegram a refusé le jeton TELEGRAM_TOKEN. Vérifiez-le auprès de @BotFather "
    "(commande /token), et que TELEGRAM_API_BASE_URL, si elle est définie, mène bien à l'API "
    "de Telegram."
)
