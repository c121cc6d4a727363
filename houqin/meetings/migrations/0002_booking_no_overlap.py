"""On PostgreSQL, the database itself refuses two holding bookings of a room that overlap (an
exclusion constraint over the booking's time range). SQLite has no such constraint; there the
booking service's write-locked transaction is what serialises bookings."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE meetings_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (
    room_id WITH =,
    tstzrange(starts_at, ends_at, '[)') WITH &&
) WHERE (status IN ('pending', 'confirmed') AND voided_at IS NULL);
"""
DROP = "ALTER TABLE meetings_booking DROP CONSTRAINT IF EXISTS booking_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
