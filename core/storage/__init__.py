"""Storage of people, their consents and their conversations."""
