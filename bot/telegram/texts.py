"""What only the Telegram bridge says to residents or to the person who runs it (in French);
what every channel says is in bot/channels (answering.py, rate_limit.py, kit/contract.py)."""
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
