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

# scenario_new_dir NAME: a directory for one cluster, owned by the cluster's OS user, removed at exit.
scenario_new_dir() {
  local dir
  dir=$(mktemp -d "/tmp/pg_steward_$1.XXXXXX")
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown "$STEWARD_OS_USER" "$dir"
  scenario_dirs+=("$dir")
  echo "$dir"
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
