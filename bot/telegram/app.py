"""Builds the PTB application around the bridge and runs it (long polling or webhook)."""
from __future__ import annotations

import logging

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.channels.kit.ordered import ConversationQueues
from bot.channels.rate_limit import ChatRateLimiter

from . import texts
from .bridge import Bridge
from .callback_store import CallbackStore
from .rasa_client import RasaClient
from .sending import TelegramSender
from .settings import Settings

LOGGER = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "callback_query"]
POLL_TIMEOUT_SECONDS = 30  # long polling: one open request, answered as soon as a message comes


def build(settings: Settings) -> Application:
    store = CallbackStore(settings.db_path)
    rasa = RasaClient(settings.rasa_url)

    async def post_init(application: Application) -> None:
        mode = "webhook" if settings.webhook else "long polling"
        LOGGER.info("Telegram bridge connected as @%s (%s), Rasa at %s",
                    application.bot.username, mode, settings.rasa_url)
        try:
            await application.bot.set_my_commands(
                [BotCommand(name, description) for name, description in texts.COMMANDS.items()])
        except TelegramError as error:  # only the menu is missing
            LOGGER.warning("the command menu could not be set (%s)", type(error).__name__)

    async def post_shutdown(application: Application) -> None:
        await rasa.close()
        store.close()

    application = (ApplicationBuilder()
                   .token(settings.token)
                   .base_url(settings.bot_api_url)
                   .base_file_url(settings.file_api_url)
                   .job_queue(None)  # no scheduled jobs
                   .post_init(post_init)
                   .post_shutdown(post_shutdown)
                   .build())
    # Workers are created with the application's create_task: stopping waits for them, so the
    # messages already received are answered before the bridge exits.
    bridge = Bridge(rasa, store, TelegramSender(application.bot, store.callback_data),
                    ConversationQueues(spawn=application.create_task), ChatRateLimiter())
    application.add_handler(TypeHandler(Update, bridge.on_update))
    application.add_error_handler(_log_error)
    return application


async def _log_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    # Not PTB's default (it logs the whole update, text included).
    LOGGER.error("error while handling an update (%s)", type(context.error).__name__)


def run(application: Application, settings: Settings) -> None:
    # Never drop pending updates: messages sent while the bridge was stopped are answered.
    if settings.webhook is None:
        application.run_polling(allowed_updates=ALLOWED_UPDATES, timeout=POLL_TIMEOUT_SECONDS,
                                bootstrap_retries=-1, drop_pending_updates=False)
        return
    webhook = settings.webhook
    # One connection at a time: Telegram then posts the updates one after the other, so a chat's
    # messages arrive in order. The bridge answers each post at once (it only queues the work).
    application.run_webhook(listen=webhook.listen, port=webhook.port, url_path=webhook.path,
                            webhook_url=webhook.url, secret_token=webhook.secret,
                            allowed_updates=ALLOWED_UPDATES, bootstrap_retries=-1,
                            drop_pending_updates=False, max_connections=1)
