"""What posts tell the features above them (blinker signals), inside the transaction of the change:
a receiver's own writes (a notification, a job) commit or roll back with it."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A post took a workflow step; sent with the post as sender and `name` (the transition:
#: submit, approve, reject, ...), `actor`, `municipality` and `reason` (a send-back's, or "").
post_transitioned = _signals.signal("post-transitioned")

#: A comment was added; sent with the comment as sender and `post`, `actor`, `municipality` and
#: `mentioned` (the ids of the members it @mentions).
comment_added = _signals.signal("comment-added")
