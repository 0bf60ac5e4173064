"""What `toolkit serve` shares with the CLI, the poster, the analysts' notebooks and the Voila
server's login page: its default ports and the variable naming the session served (a light
module on purpose, in the lowest layer that needs it, so the analysis never imports the apps)."""

SESSION_ENV = "TOOLKIT_SESSION"

FACILITATOR_PORT = 8866  # the facilitator's screens, on 127.0.0.1 (with --team, the network too)
PHONE_PORT = 8867  # the participants' page, on the local network
TEAM_HOST_ENV = "TOOLKIT_TEAM_HOST"  # `toolkit serve --team`: Voila answers at this address too
# An organisation's server: the public address of the shared phones' server (such as
# `https://hub.example.org/services/phones/`). Set, the console can open and close the
# session for phones there, and the projector's QR code carries that address and the code.
SHARED_PHONES_ENV = "TOOLKIT_SHARED_PHONES_URL"
