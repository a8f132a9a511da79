"""Signals the influencers app sends for changes that Django's model signals miss."""

from django.dispatch import Signal

# Sent after follower counts were written in bulk (bulk_create / bulk_update / update(),
# which send no post_save): the CSV import and the bulk entry screen. Send it once the
# batch is committed, or inside the transaction: receivers act on commit.
# Arguments: sender (the model written, FollowerSnapshot), accounts (the accounts touched,
# may be empty when unknown).
follower_counts_changed = Signal()

# Sent after influencers or accounts were changed in bulk (QuerySet.update() in an admin
# action, for instance), which sends no post_save. Arguments: sender (the model), pks.
influencers_changed = Signal()
