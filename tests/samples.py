"""One object of every kind in a municipality, for tests that need real ids (the access matrix)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from planner.core.extensions import db
from planner.models import (
    Audience,
    Channel,
    Comment,
    FeedToken,
    Goal,
    Indicator,
    Job,
    KeyMessage,
    Measurement,
    Municipality,
    Notification,
    Post,
    Project,
    Publication,
    Strategy,
)


def populate(municipality: Municipality) -> dict[str, int]:
    """Create one of each object in the municipality; return their ids by URL argument name."""
    tenant = {"municipality_id": municipality.id}
    strategy = Strategy(
        **tenant, title="Strategi", period_start=date(2026, 1, 1), period_end=date(2027, 12, 31)
    )
    goal = Goal(**tenant, strategy=strategy, title="Mål", theme="omdomme", position=1)
    audience = Audience(**tenant, name="Innbyggere", reach="external")
    channel = Channel(**tenant, name="Facebook", kind="facebook", reach="external")
    message = KeyMessage(**tenant, goal=goal, audience=audience, text="Vi er gode.")
    project = Project(**tenant, name="Fra vikar til fast", period_start=date(2012, 1, 1))
    indicator = Indicator(
        **tenant,
        project=project,
        name="Ufrivillig deltid",
        unit="ansatte",
        direction="lower",
        baseline_value=Decimal(50),
        baseline_date=date(2012, 1, 1),
    )
    measurement = Measurement(indicator=indicator, measured_on=date(2014, 1, 1), value=Decimal(14))
    post = Post(**tenant, title="Fra vikar til fast", status="draft", body="Ned fra 50 til 14.")
    post.goals.append(goal)
    publication = Publication(
        **tenant, post=post, channel=channel, publish_at=datetime(2026, 3, 2, 8, tzinfo=UTC)
    )
    db.session.add_all(
        [strategy, goal, audience, channel, message, project, indicator, measurement, post]
    )
    db.session.add(publication)
    membership = next(m for m in municipality.memberships if m.role == "admin")
    feed = FeedToken(
        **tenant,
        created_by_id=membership.user_id,
        name="Outlook",
        token_hash=f"{municipality.id:064d}",
    )
    db.session.add(feed)
    db.session.flush()
    job = Job(**tenant, kind="upkeep", status="failed", attempts=8, last_error="RuntimeError: x")
    notification = Notification(
        **tenant,
        user_id=membership.user_id,
        kind="commented",
        post_id=post.id,
        event_key=f"sample-{municipality.id}",
        title=post.title,
    )
    comment = Comment(post=post, author_id=membership.user_id, body="Fin sak.")
    db.session.add_all([job, notification, comment])
    db.session.commit()
    return {
        "membership_id": membership.id,
        "strategy_id": strategy.id,
        "goal_id": goal.id,
        "audience_id": audience.id,
        "channel_id": channel.id,
        "message_id": message.id,
        "project_id": project.id,
        "indicator_id": indicator.id,
        "measurement_id": measurement.id,
        "post_id": post.id,
        "publication_id": publication.id,
        "feed_id": feed.id,
        "job_id": job.id,
        "notification_id": notification.id,
        "comment_id": comment.id,
        #: A workflow step, for /posts/<id>/status/<name>.
        "name": "submit",
    }
