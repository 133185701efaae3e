"""The local sandbox: a stand-in for the Telegram Bot API and a web chat page."""
