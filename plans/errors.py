"""The one error the services raise that Django has no class for."""


class Conflict(Exception):
    """The request clashes with the state of things: a closed period, a transition that is
    not allowed, a stale version. Pages show the message; the API answers 409."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
