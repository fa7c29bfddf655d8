"""Messaging channels (Rasa input/output channels) beside the REST and socket.io ones."""
