"""Onward on Telegram: aiogram, an update inbox, an outbox, and one chat at a time."""
