"""Signals core sends for the features above it to act on (blinker, as Flask itself uses)."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A signed-in person chose an interface language with the switch in the header; sent with
#: `user` and `locale`. Accounts (auth) keep it on the account, audited, in the request's
#: transaction, which the view then commits.
language_chosen = _signals.signal("language-chosen")
