"""Follower histories read from the database: the points a chart or a sparkline draws.

The raw-SQL chart-point engine: `points_on` gives, in one query, the snapshot on or
before each asked day of each account, with its provenance and the gaps after it; the
helpers below ask it for evenly spaced days. `influencers.timelines` builds an
influencer page's timelines on it.
"""

import datetime

from django.db import connections
from django.utils import timezone

from influencers.models import FollowerSnapshot, PointProvenance, ReviewStatus

# The date of the snapshot after a found one: one seek in the (account, recorded_on) index
# (ORDER BY … LIMIT 1 rather than MIN, which SQLite would answer by scanning the rest).
FOLLOWING_SNAPSHOT_SQL = """(
    SELECT following.recorded_on FROM {table} following
    WHERE following.account_id = {found}.account_id AND following.recorded_on > {found}.recorded_on
    ORDER BY following.recorded_on LIMIT 1
)"""


# The anomalies waiting for review, read from their partial index. The status is written
# as a literal on purpose: SQLite uses a partial index only when the query's condition
# matches the index's own, and a bound parameter would hide that it does; given the
# account instead, it seeks every snapshot of the account to test its status.
TO_REVIEW_SQL = f"SELECT {{pk}} FROM {{table}} WHERE review = '{ReviewStatus.TO_REVIEW.value}'"


def as_date(value):
    """A date column's value as a date: SQLite returns raw SQL dates as ISO text.

    `DateField.to_python` does the same through a regex and cost more than the
    query itself on a chart of thousands of points.
    """
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def points_on(days_by_account, *, gaps_over=None, provenance=None):
    """{account id: [(date, followers), …] oldest first}: the snapshot on or before each day.

    One query however long the histories: each asked day is one seek in the
    (account, recorded_on) index, so the cost follows the number of points asked
    for, not the number of snapshots stored. A snapshot found for several days
    (a sparse history) comes once. Unreviewed anomalies within the asked days come
    too, wherever they fall, so charts can show them « à vérifier » (the partial
    index on them keeps that cheap). A `provenance` dict, when given, is filled
    from the same query with {account id: {date: PointProvenance}}.

    With `gaps_over` (days), each point also carries the date of the account's next
    snapshot when it is more than `gaps_over` days later, else None: the gaps, found
    without reading the history between. That date is sought only after a point
    whose next point found is that far: when the next point is nearer, so is the
    next snapshot, and a chart of a regular history asks for no extra seek.
    """
    points = {account_id: [] for account_id in days_by_account}
    pairs = [(account_id, day) for account_id, days in days_by_account.items() for day in days]
    if not pairs:
        return points
    connection = connections[FollowerSnapshot.objects.db]
    targets_sql, params = targets_sql_of(connection, pairs)
    table = connection.ops.quote_name(FollowerSnapshot._meta.db_table)
    pk = connection.ops.quote_name(FollowerSnapshot._meta.pk.column)
    to_review = TO_REVIEW_SQL.format(table=table, pk=pk)
    found = f"""
        SELECT found.account_id, found.recorded_on, found.followers, found.source,
            found.review
        FROM targets {found_sql(connection, table, pk)}
        UNION
        SELECT flagged.account_id, flagged.recorded_on, flagged.followers, flagged.source,
            flagged.review
        FROM {table} flagged
        WHERE flagged.{pk} IN ({to_review})
            AND flagged.account_id IN (SELECT account_id FROM targets)
            AND flagged.recorded_on BETWEEN
                (SELECT MIN(day) FROM targets WHERE targets.account_id = flagged.account_id)
                AND (SELECT MAX(day) FROM targets WHERE targets.account_id = flagged.account_id)
    """
    if gaps_over is None:
        sql = f"WITH targets (account_id, day) AS ({targets_sql}) {found} ORDER BY 1, 2"
    else:
        apart = days_between_sql(connection, "spaced.next_found", "spaced.recorded_on")
        following = FOLLOWING_SNAPSHOT_SQL.format(table=table, found="spaced")
        sql = f"""
            WITH targets (account_id, day) AS ({targets_sql}),
            found AS ({found}),
            spaced AS (
                SELECT found.*, LEAD(found.recorded_on) OVER (
                    PARTITION BY found.account_id ORDER BY found.recorded_on
                ) AS next_found
                FROM found
            )
            SELECT spaced.account_id, spaced.recorded_on, spaced.followers, spaced.source,
                spaced.review, CASE WHEN {apart} > %s THEN {following} END
            FROM spaced
            ORDER BY 1, 2
        """
        params = [*params, gaps_over]
    # Only placeholders, quoted names and constant SQL are interpolated above.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # A few (source, review) pairs make thousands of points: one tuple each.
    provenances = {}
    for account_id, recorded_on, followers, source, review, *next_day in rows:
        day = as_date(recorded_on)
        point = (day, followers)
        if gaps_over is not None:
            # Sought after a far next point, the next snapshot may still be near.
            following = next_day[0] and as_date(next_day[0])
            far = following and (following - day).days > gaps_over
            point += (following if far else None,)
        points[account_id].append(point)
        if provenance is not None:
            if (point_provenance := provenances.get((source, review))) is None:
                point_provenance = provenances[source, review] = PointProvenance(source, review)
            provenance.setdefault(account_id, {})[day] = point_provenance
    return points


def days_between_sql(connection, later, earlier):
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"  # dates subtract to a whole number of days
    return f"(julianday({later}) - julianday({earlier}))"


def found_sql(connection, table, pk):
    """The join of each (account, day) target to its snapshot on or before the day, `found`.

    PostgreSQL reads the row where its index seek lands (a lateral join: a fifth
    less time than the second lookup); SQLite, without lateral joins, seeks the
    snapshot's id, then the row by its id.
    """
    latest = f"""
        FROM {table} latest
        WHERE latest.account_id = targets.account_id AND latest.recorded_on <= targets.day
        ORDER BY latest.recorded_on DESC LIMIT 1
    """
    if connection.vendor == "postgresql":
        columns = "latest.account_id, latest.recorded_on, latest.followers, latest.source, "
        return f"CROSS JOIN LATERAL (SELECT {columns} latest.review {latest}) found"
    return f"JOIN {table} found ON found.{pk} = (SELECT latest.{pk} {latest})"


def targets_sql_of(connection, pairs):
    """The (account, day) pairs as SQL rows and their parameters.

    PostgreSQL takes them as two arrays: binding thousands of separate
    placeholders costs the client more than the index seeks themselves. The
    arrays go as literals (`{1,2}`, `{2026-12-01,…}`): psycopg's list adapter
    tests every element for quoting, a tenth of the directory page's time.
    """
    if connection.vendor == "postgresql":
        account_ids = ",".join(str(account_id) for account_id, _ in pairs)
        days = ",".join(day.isoformat() for _, day in pairs)
        return "SELECT * FROM unnest(%s::bigint[], %s::date[])", [
            f"{{{account_ids}}}",
            f"{{{days}}}",
        ]
    # SQLite compares dates as ISO text, which is what its date adapter would write.
    values = ", ".join(["(%s, %s)"] * len(pairs))
    return f"VALUES {values}", [
        value for account_id, day in pairs for value in (account_id, day.isoformat())
    ]


SPARKLINE_WEEKS = 12
# A point a week: the trend of twelve weeks, six pixels apart on a 72-pixel line. Each
# point is an index seek, and a directory page draws 96 sparklines.
SPARKLINE_POINTS = SPARKLINE_WEEKS + 1


def histories(accounts, points, since=None):
    """Up to `points` evenly spaced `(date, followers)` by account pk; none for one never recorded.

    Accounts come from `with_growth`. One query, whose cost follows the points asked
    for rather than the history's length; `since` keeps only the recent part. Plain
    values: charts, which also draw provenance and gaps, use `influencers.timelines`.
    """
    accounts = [account for account in accounts if account.first_recorded_on]
    days_by_account = {
        account.pk: evenly_spaced_days(
            max(account.first_recorded_on, since or account.first_recorded_on),
            account.latest_recorded_on,
            points,
        )
        for account in accounts
    }
    return points_on(days_by_account)


def accounts_of(influencers):
    """The prefetched accounts of these influencers, in one list."""
    return [account for influencer in influencers for account in influencer.accounts.all()]


def attach_sparklines(influencers):
    """`recent_history` on the accounts (prefetched `accounts_with_growth`) of these influencers."""
    since = timezone.localdate() - datetime.timedelta(weeks=SPARKLINE_WEEKS)
    accounts = accounts_of(influencers)
    found = histories(accounts, SPARKLINE_POINTS, since)
    for account in accounts:
        account.recent_history = found.get(account.pk, ())


def evenly_spaced_days(first, last, count):
    """`count` days from `first` to `last` included, evenly spread; every day if fewer."""
    start, span = first.toordinal(), (last - first).days
    if span + 1 <= count:
        offsets = range(span + 1)
    else:
        offsets = (round(index * span / (count - 1)) for index in range(count))
    # Through ordinals: thousands of timedelta additions per comparison page added up.
    return [datetime.date.fromordinal(start + offset) for offset in offsets]
