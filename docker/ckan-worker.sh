#!/bin/bash
# Command of the `worker` service. The image's start script (start_ckan.sh),
# which writes CKAN__PLUGINS into ckan.ini, only runs in the `ckan` service:
# without this the worker would keep the image's build-time plugin list and
# could not run the suite's jobs (validation, reminders).
set -e
ckan config-tool "$CKAN_INI" "ckan.plugins = $CKAN__PLUGINS"
exec ckan -c "$CKAN_INI" jobs worker
