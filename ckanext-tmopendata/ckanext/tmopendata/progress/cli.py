"""``ckan tmopendata check-overdue`` (for cron) and
``ckan tmopendata progress-snapshot``."""
from __future__ import annotations

import click

from ckanext.tmopendata.lib.cli import call, tmopendata
from ckanext.tmopendata.progress import jobs

__all__ = ["tmopendata"]


@tmopendata.command("check-overdue")
@click.option("--dry-run", is_flag=True, help="show who would get a digest; send and record nothing")
@click.option("--enqueue", is_flag=True,
              help="queue the check for the background worker (`ckan jobs worker`) instead of running it here")
def check_overdue(dry_run: bool, enqueue: bool) -> None:
    """Find overdue datasets and late procedure steps, send the reminder
    digests (one per person per day) and refresh this month's progress
    snapshot. Run it daily from cron."""
    if enqueue:
        job = jobs.enqueue(dry_run=dry_run)
        click.echo(f"Queued job {job.id} ({jobs.JOB_TITLE}); `ckan jobs worker` runs it.")
        return
    overview = call("tmopendata_overdue_list", {"overdue": True})
    click.echo(f"{overview['today']}: {overview['overdue_count']} dataset(s) overdue "
               f"(grace {overview['grace_days']} days)")
    for d in overview["datasets"]:
        click.echo(f"  {d['name']}: {d['frequency']}, due {d['next_update_due']}, "
                   f"{d['days_overdue']} days late, {d['organization'] or '-'}")
    steps = overview["late_steps"]
    if steps is None:
        click.echo("Procedure steps: the tmopendata_procedures plugin is not enabled")
    else:
        click.echo(f"{len(steps)} procedure step(s) late")
        for s in steps:
            click.echo(f"  {s['package_name']}: {s['step']} due {s['due']}, owner {s['owner'] or '-'}")
    click.echo("Working out the digests..." if dry_run else "Sending the digests...")
    outcome = jobs.check_overdue(dry_run=dry_run)
    for r in outcome["recipients"]:
        line = f"  {r['status']:<8} {r['email']} ({r['items']} item(s))"
        if r["error"]:
            line += f": {r['error']}"
        click.echo(line)
    verb = "would be sent" if dry_run else "sent"
    click.echo(f"Digests: {len(outcome['recipients']) if dry_run else outcome['sent']} {verb}, "
               f"{outcome['skipped']} already sent today, {outcome['failed']} failed.")
    if outcome.get("snapshot"):
        click.echo(f"Progress snapshot {outcome['snapshot']} stored.")
    if outcome["failed"]:
        raise click.ClickException(f"{outcome['failed']} digest(s) could not be sent (see above)")


@tmopendata.command("progress-snapshot")
def progress_snapshot() -> None:
    """Store (or refresh) this month's public progress figures."""
    snapshot = call("tmopendata_progress_snapshot", {})
    figures = snapshot["figures"]["figures"]
    click.echo(f"Snapshot {snapshot['month']} {'stored' if snapshot['created'] else 'replaced'}: "
               f"{figures['datasets_published']} datasets published, "
               f"{figures['hvd_published']} HVDs, {figures['datasets_overdue']} overdue.")
