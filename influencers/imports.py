"""Recording follower counts in batches: parsing, planning, writing, and the CSV importer.

One validation path serves the `import_followers` command, the admin CSV import and
the bulk entry screen (`influencers.bulk_entry`): the same parsers, the same French
messages, the same planning of creates / updates / unchanged rows and the same
all-or-nothing write.
"""

import datetime
import functools
import itertools
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.database import BULK_ROWS, analyze
from influencers.anomalies import AnomalyTracker
from influencers.csv_reading import FileError, read_rows
from influencers.formatting import group_digits
from influencers.models import (
    Account,
    FollowerSnapshot,
    Influencer,
    Platform,
    ReviewStatus,
    SnapshotSource,
    validate_follower_count,
)
from influencers.signals import follower_counts_changed

# Rows validated, looked up and written together: big enough for fast bulk queries,
# small enough that memory stays flat however long the file is.
CHUNK_SIZE = 5000
# Past this many errors the report only counts them: nobody reads the ten-thousandth.
MAX_REPORTED_ERRORS = 500

# Spaces people and spreadsheets put between thousands: normal, non-breaking, narrow.
THOUSANDS_SPACES = str.maketrans("", "", " \u00a0\u202f")
PLAIN_COUNT = re.compile(r"\d+")
DOTTED_COUNT = re.compile(r"\d{1,3}(\.\d{3})+")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


# -- Parsing one value --------------------------------------------------------------


def parse_follower_count(text):
    """`1500000`, `1 500 000` (any thousands space) or `1.500.000` → 1500000."""
    compact = (text or "").strip().translate(THOUSANDS_SPACES)
    if not compact:
        raise ValidationError(_("Le nombre d'abonnés est vide."), code="empty")
    if compact.startswith("-") and parse_or_none(compact[1:]) is not None:
        raise ValidationError(_("Le nombre d'abonnés ne peut pas être négatif."), code="negative")
    count = parse_or_none(compact)
    if count is None:
        raise ValidationError(
            _("« %(value)s » n'est pas un nombre entier d'abonnés.") % {"value": text.strip()},
            code="not_a_number",
        )
    validate_follower_count(count)
    return count


def parse_or_none(compact):
    if PLAIN_COUNT.fullmatch(compact):
        return int(compact)
    if DOTTED_COUNT.fullmatch(compact):
        return int(compact.replace(".", ""))
    return None


def check_snapshot_date(day, today=None):
    """A snapshot records what was seen: never a day to come."""
    if day > (today or timezone.localdate()):
        raise ValidationError(
            _("La date %(date)s est dans le futur.") % {"date": day.isoformat()}, code="future"
        )
    return day


def parse_snapshot_date(text, today=None):
    """An ISO date (AAAA-MM-JJ), not in the future."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("La date est vide."), code="empty")
    day = iso_date_or_none(text)
    if day is None:
        raise ValidationError(
            _("« %(value)s » n'est pas une date valide (format attendu : AAAA-MM-JJ).")
            % {"value": text},
            code="bad_date",
        )
    return check_snapshot_date(day, today)


@functools.lru_cache(maxsize=4096)
def iso_date_or_none(text):
    # A file repeats the same few thousand dates: parse each once.
    if not ISO_DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


class AccountDirectory:
    """Every account by (influencer slug, platform slug), loaded in three queries."""

    def __init__(self):
        self.influencer_slugs = set(Influencer.objects.values_list("slug", flat=True))
        self.platforms = dict(Platform.objects.values_list("slug", "name"))
        self.accounts = {}
        self.labels = {}
        rows = Account.objects.order_by("-is_active", "pk").values_list(
            "pk", "influencer__slug", "platform__slug", "influencer__name", "platform__name"
        )
        for pk, influencer_slug, platform_slug, influencer_name, platform_name in rows:
            # An influencer with an old and a current account on one platform: the
            # active one (listed first) receives the counts.
            self.accounts.setdefault((influencer_slug, platform_slug), pk)
            self.labels[pk] = f"{influencer_name} — {platform_name}"

    def resolve(self, influencer_slug, platform_slug):
        """The account's id, or a ValidationError saying which slug is wrong and why."""
        influencer_slug, platform_slug = influencer_slug.strip(), platform_slug.strip()
        account_id = self.accounts.get((influencer_slug, platform_slug))
        if account_id is not None:
            return account_id
        for value, column in ((influencer_slug, "influencer"), (platform_slug, "platform")):
            if not value:
                raise ValidationError(_("La colonne %(column)s est vide.") % {"column": column})
            if not SLUG.fullmatch(value):
                raise ValidationError(
                    _("« %(value)s » n'est pas un slug valide (lettres, chiffres et tirets).")
                    % {"value": value}
                )
        if influencer_slug not in self.influencer_slugs:
            raise ValidationError(
                _("Influenceur inconnu : « %(slug)s ».") % {"slug": influencer_slug}
            )
        if platform_slug not in self.platforms:
            raise ValidationError(
                _("Plateforme inconnue : « %(slug)s ».") % {"slug": platform_slug}
            )
        raise ValidationError(
            _("« %(influencer)s » n'a pas de compte sur %(platform)s.")
            % {"influencer": influencer_slug, "platform": self.platforms[platform_slug]}
        )


# -- Planning and writing -----------------------------------------------------------


@dataclass(slots=True)
class PlannedSnapshot:
    """One count to record, with what the database holds for that account and day."""

    account_id: int
    recorded_on: datetime.date
    followers: int
    line: int = 0
    account_label: str = ""
    existing_id: int | None = None
    existing_followers: int | None = None
    to_review: bool = False  # set by influencers.anomalies.AnomalyTracker

    @property
    def action(self):
        if self.existing_id is None:
            return "create"
        return "unchanged" if self.existing_followers == self.followers else "update"


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self):
        return _("Ligne %(line)d : %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportReport:
    """What an import found and did; `written` is true only when the rows were saved."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    error_count: int = 0
    written: bool = False
    sample_size: int = 0
    samples: dict = field(default_factory=lambda: {"create": [], "update": [], "unchanged": []})
    flagged: int = 0  # rows far outside their account's trend, written « à vérifier »
    flagged_samples: list = field(default_factory=list)

    @property
    def is_valid(self):
        return self.error_count == 0

    @property
    def rows(self):
        return self.created + self.updated + self.unchanged

    def add_error(self, line, message):
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(RowError(line, message))

    def count(self, planned):
        action = planned.action
        if action == "create":
            self.created += 1
        elif action == "update":
            self.updated += 1
        else:
            self.unchanged += 1
        if len(self.samples[action]) < self.sample_size:
            self.samples[action].append(planned)

    def count_flagged(self, planned_rows):
        for row in planned_rows:
            if row.to_review:
                self.flagged += 1
                if len(self.flagged_samples) < self.sample_size:
                    self.flagged_samples.append(row)

    def summary(self):
        text = self.counts_summary()
        if self.flagged:
            text += " " + _(
                "Valeurs hors de la tendance de leur compte, enregistrées « à vérifier » : "
                "%(flagged)s."
            ) % {"flagged": group_digits(self.flagged)}
        return text

    def counts_summary(self):
        if self.written:
            text = _(
                "Lignes importées : %(rows)s ; relevés créés : %(created)s, mis à jour : "
                "%(updated)s, inchangés : %(unchanged)s."
            )
        else:
            text = _(
                "Lignes valides : %(rows)s ; à créer : %(created)s, à mettre à jour : "
                "%(updated)s, inchangées : %(unchanged)s ; erreurs : %(errors)s."
            )
        return text % {
            "rows": group_digits(self.rows),
            "created": group_digits(self.created),
            "updated": group_digits(self.updated),
            "unchanged": group_digits(self.unchanged),
            "errors": group_digits(self.error_count),
        }


def find_existing(planned_rows):
    """Fill in the snapshot already recorded for each row's account and day (one query)."""
    by_key = {(row.account_id, row.recorded_on): row for row in planned_rows}
    if not by_key:
        return planned_rows
    # One index range per account, from its first to its last day in the batch: files
    # sorted by account or by date (the usual exports) read little more than the keys,
    # and the (account, day) unique index answers each range whatever the statistics.
    days_by_account = {}
    for account_id, day in by_key:
        first, last = days_by_account.get(account_id, (day, day))
        days_by_account[account_id] = (min(first, day), max(last, day))
    ranges = [
        Q(account_id=account_id, recorded_on__range=days)
        for account_id, days in days_by_account.items()
    ]
    existing = FollowerSnapshot.objects.filter(functools.reduce(operator.or_, ranges)).values_list(
        "account_id", "recorded_on", "pk", "followers"
    )
    for account_id, recorded_on, pk, followers in existing:
        row = by_key.get((account_id, recorded_on))
        if row is not None:
            row.existing_id, row.existing_followers = pk, followers
    return planned_rows


def write_planned(planned_rows, *, user=None, source=SnapshotSource.IMPORT, now=None):
    """Create the new snapshots and update the changed ones; unchanged rows are left alone.

    Call inside `transaction.atomic()`: this writes in bulk and does not roll back by
    itself. Sends `follower_counts_changed` (bulk writes send no post_save) so cached
    pages are refreshed once the transaction commits.
    """
    now = now or timezone.now()
    user_id = user.pk if user is not None else None
    creates, updates, changed_accounts, flagged = [], [], set(), []
    for row in planned_rows:  # one pass: a million-row import reads `action` once a row
        action = row.action
        if action == "unchanged":
            continue
        changed_accounts.add(row.account_id)
        if action == "create":
            creates.append((row.account_id, row.recorded_on, row.followers))
            if row.to_review:
                flagged.append(Q(account_id=row.account_id, recorded_on=row.recorded_on))
        else:
            # A changed figure is judged anew: a corrected value clears the flag.
            review = ReviewStatus.TO_REVIEW if row.to_review else ReviewStatus.NONE
            updates.append(
                FollowerSnapshot(
                    pk=row.existing_id,
                    followers=row.followers,
                    source=source,
                    review=review,
                    updated_by_id=user_id,
                    updated_at=now,
                )
            )
    insert_snapshots(creates, source=source, user_id=user_id, now=now)
    if flagged:  # rare: one UPDATE for the batch's anomalies rather than a wider insert
        FollowerSnapshot.objects.filter(functools.reduce(operator.or_, flagged)).update(
            review=ReviewStatus.TO_REVIEW
        )
    FollowerSnapshot.objects.bulk_update(
        updates, ["followers", "source", "review", "updated_by", "updated_at"], batch_size=500
    )
    if changed_accounts:
        follower_counts_changed.send(sender=FollowerSnapshot, accounts=changed_accounts)


INSERTED_FIELDS = ("account", "recorded_on", "followers", "source", "source_url", "note",
                   "recorded_by", "updated_by", "created_at", "updated_at")  # fmt: skip


def insert_snapshots(rows, *, source, user_id, now):
    """Insert `(account id, date, followers)` rows the fastest way each database offers.

    bulk_create builds a model instance and compiles every value of every row: about
    six times slower than the driver's executemany, which would put a million-row
    import past a minute; on PostgreSQL, COPY is five times faster again. The rows
    are already validated here; the database constraints still stand guard.
    """
    if not rows:
        return
    operations = connection.ops
    table = operations.quote_name(FollowerSnapshot._meta.db_table)
    columns = ", ".join(
        operations.quote_name(FollowerSnapshot._meta.get_field(name).column)
        for name in INSERTED_FIELDS
    )
    values = snapshot_values(rows, source=source, user_id=user_id, now=now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg's copy() is reached past Django's cursor wrapper: map its errors
            # to Django's (IntegrityError…) as execute() would.
            with (
                connection.wrap_database_errors,
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in values:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(INSERTED_FIELDS))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", list(values))


def snapshot_values(rows, *, source, user_id, now):
    """Yield each `(account id, date, followers)` row as the values of INSERTED_FIELDS.

    Dates and times go through the backend's adapters, as Django's own inserts do:
    SQLite wants strings, PostgreSQL (COPY included) takes the Python values as they are.
    """
    adapt_date = connection.ops.adapt_datefield_value
    stamp = connection.ops.adapt_datetimefield_value(now)
    for account_id, recorded_on, followers in rows:
        yield (account_id, adapt_date(recorded_on), followers, source, "", "", user_id, None,
               stamp, stamp)  # fmt: skip


def row_key(account_id, day):
    """One int per (account, day): a set of a million of them stays small."""
    return (account_id << 20) | day.toordinal()


def import_followers_csv(
    binary_lines: Iterable[bytes],
    *,
    user=None,
    commit: bool = True,
    max_rows: int | None = None,
    sample_size: int = 0,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Validate a follower CSV and, if `commit` and every row is valid, record it.

    All or nothing: one transaction; any error (a bad row, a duplicate line, an
    unreadable file, more than `max_rows` rows) writes nothing. Idempotent:
    importing the same file again finds every row unchanged. The file is read as
    a stream, chunk by chunk; only one int per row is kept, to spot duplicate lines.
    `progress` is called with the number of rows read after each chunk.
    """
    report = ImportReport(sample_size=sample_size)
    directory = AccountDirectory()
    anomalies = AnomalyTracker()
    today = timezone.localdate()
    now = timezone.now()
    seen = set()
    rows_read = 0
    line = 1
    try:
        with transaction.atomic():
            try:
                rows = read_rows(binary_lines)
                while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
                    line = chunk[0][0]
                    planned = plan_csv_chunk(chunk, directory, today, seen, report)
                    rows_read += len(chunk)
                    if max_rows is not None and rows_read > max_rows:
                        message = _("Le fichier dépasse %(max)s lignes.") % {"max": max_rows}
                        report.add_error(chunk[-1][0], message)
                        break
                    for row in find_existing(planned):
                        report.count(row)
                    if anomalies.flag(planned):
                        report.count_flagged(planned)
                    if commit and report.is_valid:
                        write_planned(planned, user=user, now=now)
                    if progress:
                        progress(len(chunk))
            except FileError as error:
                report.add_error(error.line, error.message)
            if commit and report.is_valid:
                report.written = True
            else:
                transaction.set_rollback(True)
    except IntegrityError:
        # Someone recorded the same account and day (or deleted an account) while this
        # import ran: the transaction is undone, the file can simply be imported again.
        report.written = False
        report.add_error(line, CONCURRENT_CHANGE)
    if report.written and rows_read >= BULK_ROWS:
        analyze(FollowerSnapshot)
    return report


CONCURRENT_CHANGE = gettext_lazy(
    "Des relevés ont été modifiés pendant l'enregistrement ; rien n'a été enregistré, recommencez."
)


def plan_csv_chunk(chunk, directory, today, seen, report):
    planned = []
    for line, values in chunk:
        if isinstance(values, str):
            report.add_error(line, values)
            continue
        try:
            account_id = directory.resolve(values["influencer"], values["platform"])
            day = parse_snapshot_date(values["date"], today)
            followers = parse_follower_count(values["followers"])
        except ValidationError as error:
            report.add_error(line, error.messages[0])
            continue
        key = row_key(account_id, day)
        if key in seen:
            report.add_error(
                line,
                _("Doublon : %(account)s a déjà une valeur le %(date)s plus haut dans le fichier.")
                % {"account": directory.labels[account_id], "date": day.isoformat()},
            )
            continue
        seen.add(key)
        planned.append(
            PlannedSnapshot(
                account_id, day, followers, line=line, account_label=directory.labels[account_id]
            )
        )
    return planned
