# Helpers of the scenario scripts: a throwaway cluster per scenario, and TAP-like assertions.
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/common.sh"

scenario_failures=0
scenario_dirs=()

scenario_cleanup() {
  for dir in "${scenario_dirs[@]}"; do
    steward_cluster_stop "$dir"
    rm -rf "$dir"
  done
}
trap scenario_cleanup EXIT

# scenario_new_dir NAME: sets scenario_dir to a new directory for one cluster, owned by the
# cluster's OS user; the cluster in it is stopped and the directory removed at exit. (Not called
# as $(...): a subshell could not record the directory for the cleanup.)
scenario_new_dir() {
  scenario_dir=$(mktemp -d "/tmp/pg_steward_$1.XXXXXX")
  chmod 755 "$scenario_dir"
  if [ "$(id -u)" -eq 0 ]; then chown "$STEWARD_OS_USER" "$scenario_dir"; fi
  scenario_dirs+=("$scenario_dir")
}

# expect DESCRIPTION EXPECTED ACTUAL
expect() {
  if [ "$2" = "$3" ]; then
    echo "ok - $1"
  else
    echo "not ok - $1"
    echo "#   expected: $2"
    echo "#   got:      $3"
    scenario_failures=$((scenario_failures + 1))
  fi
}

scenario_finish() {
  [ "$scenario_failures" -eq 0 ] || { echo "# $scenario_failures failed"; exit 1; }
}

# Polls an SQL expression until it returns 't' (up to ~20 s).
wait_for() {
  for _ in $(seq 1 40); do
    [ "$(psql -X -A -t -c "$1")" = t ] && return 0
    sleep 0.5
  done
  return 1
}

# scenario_make_standby PRIMARY STANDBY [postgresql.conf lines...]: a streaming standby of the
# cluster in directory PRIMARY (port 5432), made in directory STANDBY with pg_basebackup -R and
# listening on a socket there; not started (start it with pg_ctl -D STANDBY/data).
scenario_make_standby() {
  local primary=$1 standby=$2 line
  shift 2
  steward_as_owner pg_basebackup -h "$primary" -p 5432 -D "$standby/data" -R -X stream -c fast
  {
    echo "unix_socket_directories = '$standby'"
    for line in "$@"; do echo "$line"; done
  } | steward_as_owner tee -a "$standby/data/postgresql.conf" >/dev/null
}
