"""Chat with the running bot from a terminal, through Rasa's REST channel.

Buttons are shown numbered: type the number to press one, or type anything else.
Usage: python scripts/chat.py [--url http://127.0.0.1:5005] [--sender NAME]
"""
from __future__ import annotations

import argparse
import uuid
from typing import Dict, List

import requests


def send(url: str, sender: str, message: str) -> List[Dict]:
    response = requests.post(f"{url}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message}, timeout=60)
    response.raise_for_status()
    return response.json()


def show(messages: List[Dict]) -> List[Dict]:
    buttons: List[Dict] = []
    for message in messages:
        if message.get("text"):
            print(f"\nAiguillage : {message['text']}")
        for button in message.get("buttons", []):
            buttons.append(button)
            print(f"  [{len(buttons)}] {button['title']}")
    return buttons


def main() -> None:
    parser = argparse.ArgumentParser(description="Discuter avec Aiguillage dans le terminal.")
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--sender", default=f"terminal-{uuid.uuid4().hex[:8]}")
    args = parser.parse_args()
    print("Écrivez votre message (Ctrl-D ou « quitter » pour sortir).")
    buttons: List[Dict] = []
    while True:
        try:
            text = input("\nVous : ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if text.lower() in ("quitter", "exit"):
            return
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            buttons = show(send(args.url, args.sender, text))
        except requests.RequestException as error:
            print(f"Le robot ne répond pas ({error.__class__.__name__}). Est-il lancé (make run) ?")


if __name__ == "__main__":
    main()
